/** What a `useradd` command line says about the user it creates. */
import { hasFlag, type ShellCommand, type ShellWord } from './shell.js';

/** useradd's short options that take a value (`-u 1000`, `-u1000`). */
const VALUE_OPTIONS = 'bcdefgGkKpPRsuZ';

/** UIDs from this one on make lastlog and faillog grow past tens of megabytes. */
const HIGH_UID = 100000;

/** The UID as written, and the word that holds it: the value after `-u`/`--uid`, or the option word when attached. */
export function useraddUid(command: ShellCommand): { word: ShellWord; value: string } | undefined {
  const args = command.args;
  const next = (i: number) => (args[i + 1] ? { word: args[i + 1], value: args[i + 1].value } : undefined);
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') return undefined;
    if (value === '--uid') return next(i);
    if (value.startsWith('--uid=')) return { word: args[i], value: value.slice('--uid='.length) };
    if (value.startsWith('--') || !value.startsWith('-')) continue;
    // A cluster of short options: the first one that takes a value takes the rest of the word, or the next word.
    for (let k = 1; k < value.length; k++) {
      if (!VALUE_OPTIONS.includes(value[k])) continue;
      if (value[k] === 'u') return k === value.length - 1 ? next(i) : { word: args[i], value: value.slice(k + 1) };
      if (k === value.length - 1) i++;
      break;
    }
  }
  return undefined;
}

/** True for a UID (expanded) of `HIGH_UID` or more, or one that is not a number once expanded (its value is unknown). */
export function uidMayBeHigh(expanded: string): boolean {
  return !/^\d+$/.test(expanded) || Number(expanded) >= HIGH_UID;
}

/**
 * The UID of a `useradd` that writes the user's lastlog and faillog records (no `-l`/`--no-log-init`), as
 * `useraddUid` gives it; undefined for any other command, or when no UID is given.
 */
export function loggedUid(command: ShellCommand): { word: ShellWord; value: string } | undefined {
  if (command.name !== 'useradd' || hasFlag(command, '-l', '--no-log-init')) return undefined;
  return useraddUid(command);
}
