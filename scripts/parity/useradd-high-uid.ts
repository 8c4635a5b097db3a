/** Deliberate differences of `useradd-high-uid` from hadolint; see that rule's docs. */
import type { Instruction } from '../../src/model/dockerfile.js';
import { hasFlag, type ShellCommand } from '../../src/model/shell.js';
import { uidOf } from '../../rules/useradd-high-uid.js';
import type { Difference, Disagreement } from './difference.js';

const rule = 'useradd-high-uid';

function runOf(d: Disagreement): Instruction | undefined {
  const run = d.instruction?.keyword === 'ONBUILD' ? d.instruction.trigger : d.instruction;
  return run?.keyword === 'RUN' ? run : undefined;
}

/** The `useradd`s without `-l` of the RUN, with their UID as written and as resolved. */
function useradds(run: Instruction): { command: ShellCommand; written: string; resolved: string; separate: boolean }[] {
  return (run.script?.commands ?? []).flatMap((command) => {
    if (command.name !== 'useradd' || hasFlag(command, '-l', '--no-log-init')) return [];
    const uid = uidOf(command);
    if (!uid) return [];
    const at = command.args.indexOf(uid.word);
    return [{ command, written: uid.value, resolved: run.expand(uid.value), separate: at > 0 && command.args[at - 1].value === '-u' }];
  });
}

/** What we report: a UID of 6 digits or more, or one that does not resolve to a number. */
const reported = (u: { resolved: string }): boolean => !/^\d+$/.test(u.resolved) || Number(u.resolved) >= 100000;

export const differences: readonly Difference[] = [
  {
    code: 'DL3046',
    side: 'hadolint',
    rule,
    reason: 'UID from a variable whose ARG/ENV value in scope is under 100000 (`ARG UID=1000` ... `-u $UID`)',
    matches: (d) => {
      const run = runOf(d);
      const found = run ? useradds(run) : [];
      return found.length > 0 && found.every((u) => u.written.includes('$') && !reported(u));
    },
  },
  {
    code: 'DL3046',
    side: 'dockerlint',
    rule,
    reason: 'UID written `--uid N`, `--uid=N` or `-uN`/`-muN`: hadolint reads only a separate `-u N`',
    matches: (d) => {
      const run = runOf(d);
      const found = (run ? useradds(run) : []).filter(reported);
      return found.length > 0 && found.every((u) => !u.separate && u.command.nesting === 'top' && u.command.wrappers.length === 0);
    },
  },
  {
    code: 'DL3046',
    side: 'dockerlint',
    rule,
    reason: '`useradd` behind `sudo` or inside `sh -c \'...\'`: hadolint does not see it',
    matches: (d) => {
      const run = runOf(d);
      const found = (run ? useradds(run) : []).filter(reported);
      return found.length > 0 && found.every((u) => u.command.nesting === 'shell-string' || u.command.wrappers.length > 0);
    },
  },
];
