/** Exec form (JSON arrays) and what a shell-form command does with its shell. */
import type { Instruction } from './dockerfile.js';

/** The array `text` holds as JSON, or undefined when it is not a JSON array. */
export function jsonArray(text: string): unknown[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `CMD exec app`: the shell replaces itself with the application, which then gets the signals. */
export function execsOneCommand(instruction: Instruction): boolean {
  const script = instruction.script;
  if (!script || script.hasErrors || script.topLevelCount !== 1) return false;
  const command = script.commands.find((c) => c.nesting === 'top');
  return command?.wrappers[0]?.value === 'exec';
}
