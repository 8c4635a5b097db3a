/** Deliberate differences of `pipefail` from hadolint; see that rule's docs. */
import type { Instruction } from '../../src/model/dockerfile.js';
import { isWindowsShell, ownPipes, setsPipefail } from '../../src/model/pipes.js';
import type { Difference, Disagreement } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL4006',
    side: 'hadolint',
    rule: 'pipefail',
    reason: 'every pipe is fed only by `echo`, `printf`, `true` or `yes`, which cannot fail in a way a pipe hides',
    matches: (d) => {
      const run = d.instruction;
      if (run?.keyword !== 'RUN' || !run.script || setsPipefail(run.execForm?.map((w) => w.value) ?? run.shell)) return false;
      const pipes = ownPipes(run.script);
      return pipes.length > 0 && pipes.every((pipe) => pipe.hidden.length === 0);
    },
  },
  {
    code: 'DL4006',
    side: 'hadolint',
    rule: 'pipefail',
    reason: 'Windows shell (`cmd /S /C`, the default of Windows images, or a `SHELL` naming `cmd.exe`/`powershell.exe` by path): no pipefail to set',
    matches: (d) => {
      const run = shellFormRun(d);
      const shell = run?.shell[0]?.replaceAll('\\', '/') ?? '';
      // The model reads cmd scripts for their commands and leaves PowerShell ones unread.
      return run?.script !== undefined && isWindowsShell(shell) && (ownPipes(run.script).length > 0 || !/^cmd/i.test(basename(shell)));
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
      const pipes = run.script ? ownPipes(run.script) : [];
      return pipes.length > 0 && pipes[0].afterSetPipefail;
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
