/** Deliberate differences of `pipefail` from hadolint; see that rule's docs. */
import type { Instruction } from '../../src/model/dockerfile.js';
import type { ShellCommand } from '../../src/model/shell.js';
import type { Difference, Disagreement } from './difference.js';

/** The commands the rule's docs name as unable to fail in a way a pipe hides. */
const CANNOT_FAIL = new Set(['echo', 'printf', 'true', 'yes']);
const NON_POSIX = /^(cmd|powershell|pwsh)(\.exe)?$/i;
const POSIX_SHELLS = new Set(['sh', 'bash', 'zsh', 'ash', 'dash', 'ksh', 'mksh']);

export const differences: readonly Difference[] = [
  {
    code: 'DL4006',
    side: 'hadolint',
    rule: 'pipefail',
    reason: 'every pipe is fed only by `echo`, `printf`, `true` or `yes`, which cannot fail in a way a pipe hides',
    matches: (d) => {
      const run = d.instruction;
      if (run?.keyword !== 'RUN' || !run.script || setsPipefail(run.execForm?.map((w) => w.value) ?? run.shell)) return false;
      const pipes = ownPipes(run);
      return pipes.length > 0 && pipes.every((c) => c.pipeline.slice(0, -1).every((u) => CANNOT_FAIL.has(u.name)));
    },
  },
  {
    code: 'DL4006',
    side: 'hadolint',
    rule: 'pipefail',
    reason: 'Windows shell (`cmd /S /C`, the default of Windows images, or a `SHELL` naming `cmd.exe`/`powershell.exe` by path): no pipefail to set',
    matches: (d) => {
      const run = shellFormRun(d);
      const shell = basename(run?.shell[0]?.replaceAll('\\', '/') ?? '');
      // The model reads cmd scripts for their commands and leaves PowerShell ones unread.
      return run !== undefined && NON_POSIX.test(shell) && (ownPipes(run).length > 0 || !/^cmd/i.test(shell));
    },
  },
  {
    code: 'DL4006',
    side: 'hadolint',
    rule: 'pipefail',
    reason: '`SHELL` with `-o pipefail` kept from the parent stage (`FROM <stage>`), which hadolint forgets',
    matches: (d) => {
      const run = shellFormRun(d);
      return run !== undefined && setsPipefail(run.shell) && !shellInOwnStage(run);
    },
  },
  {
    code: 'DL4006',
    side: 'hadolint',
    rule: 'pipefail',
    reason: '`SHELL` with `-o pipefail` in a shell or path hadolint does not accept (`sh`, `dash`, `ksh`, `/usr/bin/bash`)',
    matches: (d) => {
      const run = shellFormRun(d);
      return run !== undefined && setsPipefail(run.shell) && shellInOwnStage(run) && !hadolintAccepts(run.shell[0]);
    },
  },
  {
    code: 'DL4006',
    side: 'hadolint',
    rule: 'pipefail',
    reason: '`set -o pipefail` in the `RUN` before its pipes, which hadolint ignores',
    matches: (d) => {
      const run = shellFormRun(d);
      if (!run || setsPipefail(run.shell)) return false;
      const commands = run.script?.commands ?? [];
      const set = commands.findIndex((c) => c.name === 'set' && c.nesting === 'top' && setsPipefail(['sh', ...c.args.map((a) => a.value)]));
      const pipes = ownPipes(run);
      return set >= 0 && pipes.length > 0 && commands.indexOf(pipes[0]) > set;
    },
  },
  {
    code: 'DL4006',
    side: 'hadolint',
    rule: 'pipefail',
    reason: 'exec-form `RUN` whose own shell sets `-o pipefail`, which hadolint does not read',
    matches: (d) => d.instruction?.keyword === 'RUN' && d.instruction.execForm !== undefined && setsPipefail(d.instruction.execForm.map((w) => w.value)),
  },
  {
    code: 'DL4006',
    side: 'dockerlint',
    rule: 'pipefail',
    reason: 'exec-form `RUN` whose own shell lacks `-o pipefail` under a `SHELL` that sets it, which hadolint reads instead',
    matches: (d) =>
      d.instruction?.keyword === 'RUN' &&
      d.instruction.execForm !== undefined &&
      !setsPipefail(d.instruction.execForm.map((w) => w.value)) &&
      setsPipefail(d.instruction.shell),
  },
];

function shellFormRun(d: Disagreement): Instruction | undefined {
  const run = d.instruction;
  return run?.keyword === 'RUN' && !run.execForm && run.script ? run : undefined;
}

/** The pipes of the RUN's own shell: not those of a `sh -c '...'` string or a heredoc fed to a shell. */
function ownPipes(run: Instruction): ShellCommand[] {
  return (run.script?.commands ?? []).filter((c) => c.pipelineIndex === 1 && !inNestedShell(c));
}

function inNestedShell(command: ShellCommand): boolean {
  for (let c: ShellCommand | undefined = command; c; c = c.parent) {
    if (c.nesting === 'shell-string' || c.nesting === 'heredoc-script') return true;
  }
  return false;
}

/** A POSIX shell with `-o pipefail` among its options before `-c`. */
function setsPipefail(words: readonly string[]): boolean {
  if (words.length === 0 || !POSIX_SHELLS.has(basename(words[0]))) return false;
  for (let i = 1; i < words.length - 1; i++) {
    if (words[i] === '-c' || words[i] === '--') return false;
    if (/^-[a-zA-Z]*o$/.test(words[i]) && words[i + 1] === 'pipefail') return true;
  }
  return false;
}

function shellInOwnStage(run: Instruction): boolean {
  return run.stage?.instructions.some((i) => i.keyword === 'SHELL' && i.index < run.index) ?? false;
}

/** hadolint 2.15.1 takes `bash`, `zsh` and `ash`, bare or under `/bin/`. */
function hadolintAccepts(shell: string): boolean {
  return /^(\/bin\/)?(bash|zsh|ash)$/.test(shell);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
