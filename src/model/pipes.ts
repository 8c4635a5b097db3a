/**
 * Pipes and `pipefail`: which pipes of a RUN can hide a failure, and whether a shell sets `-o pipefail`.
 * The `pipefail` rule and the parity explanations of its differences from hadolint ask these.
 */
import type { ShellCommand, ShellScript } from './shell.js';

/** Shells that know `-o pipefail`. */
const PIPEFAIL_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'ash', 'dash', 'ksh', 'mksh']);

/** Windows shells: no `pipefail` to set, and PowerShell pipes objects between cmdlets that stop on errors of their own. */
const WINDOWS_SHELL = /^(cmd|powershell|pwsh)(\.exe)?$/i;

/** Commands whose failure a pipe cannot hide: they do not fail (`echo`), or fail only when the reader stops (`yes`). */
const CANNOT_FAIL: ReadonlySet<string> = new Set(['echo', 'printf', 'yes', 'true']);

/** A shell and its options that set `-o pipefail`: `bash -o pipefail -c`, `/bin/ash -eo pipefail -c` (`set -euo pipefail` as `sh -euo pipefail`). */
export function setsPipefail(words: readonly string[]): boolean {
  if (words.length === 0 || !PIPEFAIL_SHELLS.has(basename(words[0]))) return false;
  for (let i = 1; i < words.length - 1; i++) {
    const value = words[i];
    if (value === '-c' || value === '--') return false;
    if (/^-[a-zA-Z]*o$/.test(value) && words[i + 1] === 'pipefail') return true;
  }
  return false;
}

/** `cmd`, `powershell` or `pwsh`, by name or path (`C:\Windows\System32\cmd.exe`). */
export function isWindowsShell(program: string | undefined): boolean {
  return WINDOWS_SHELL.test(basename((program ?? '').replaceAll('\\', '/')));
}

/** A command of a `sh -c '...'` string or a heredoc fed to a shell: it runs in a shell of its own. */
export function inNestedShell(command: ShellCommand): boolean {
  for (let c: ShellCommand | undefined = command; c; c = c.parent) {
    if (c.nesting === 'shell-string' || c.nesting === 'heredoc-script') return true;
  }
  return false;
}

/** One pipeline of a script's own shell. */
export interface Pipe {
  /** The command after the first `|` (the model has no position for the operator). */
  readonly reader: ShellCommand;
  /** The elements of the pipeline, in order: a command, or every command of a piped group or subshell. */
  readonly elements: readonly (readonly ShellCommand[])[];
  /**
   * The commands whose failure the pipe hides without `pipefail`: in every element but the last, those that can
   * fail (not `echo`, `printf`, `yes`, `true`). `echo "$K" | base64 -d | gpg --import` hides `base64`'s.
   */
  readonly hidden: readonly ShellCommand[];
  /** A `set -o pipefail` of the script's own shell runs before it (it holds for the rest of the RUN). */
  readonly afterSetPipefail: boolean;
}

/** The pipelines of a script's own shell, in source order: not those of a `sh -c '...'` string or a heredoc fed to a shell. */
export function ownPipes(script: ShellScript): Pipe[] {
  const pipes: Pipe[] = [];
  let afterSetPipefail = false;
  for (const command of script.commands) {
    if (inNestedShell(command)) continue;
    if (command.name === 'set' && command.nesting === 'top' && setsPipefail(['sh', ...command.args.map((a) => a.value)])) afterSetPipefail = true;
    if (command.pipelineIndex !== 1) continue;
    const elements = command.pipeline.map((c) => c.pipelineElement);
    const hidden = elements.slice(0, -1).flatMap((element) => element.filter((c) => !CANNOT_FAIL.has(c.name)));
    pipes.push({ reader: command, elements, hidden, afterSetPipefail });
  }
  return pipes;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
