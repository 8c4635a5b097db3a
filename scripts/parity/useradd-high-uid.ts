/** Deliberate differences of `useradd-high-uid` from hadolint; see that rule's docs. */
import type { Instruction } from '../../src/model/dockerfile.js';
import type { ShellCommand } from '../../src/model/shell.js';
import { runOf } from '../../src/model/stages.js';
import { loggedUid, uidMayBeHigh } from '../../src/model/useradd.js';
import type { Difference, Disagreement } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

const rule = 'useradd-high-uid';

/** The `useradd`s without `-l` of the RUN, with their UID as written and as resolved. */
function useradds(run: Instruction): { command: ShellCommand; written: string; resolved: string; separate: boolean }[] {
  return (run.script?.commands ?? []).flatMap((command) => {
    const uid = loggedUid(command);
    if (!uid) return [];
    const at = command.args.indexOf(uid.word);
    return [{ command, written: uid.value, resolved: run.expand(uid.value), separate: at > 0 && command.args[at - 1].value === '-u' }];
  });
}

/** What we report: a UID of 6 digits or more, or one that does not resolve to a number. */
const reported = (u: { resolved: string }): boolean => uidMayBeHigh(u.resolved);

/** The disagreement's `useradd`s, all or only those we report. */
function found(d: Disagreement, onlyReported = false): ReturnType<typeof useradds> {
  const run = d.instruction && runOf(d.instruction);
  const all = run ? useradds(run) : [];
  return onlyReported ? all.filter(reported) : all;
}

export const differences: readonly Difference[] = [
  {
    code: 'DL3046',
    side: 'hadolint',
    rule,
    reason: 'UID from a variable whose ARG/ENV value in scope is under 100000 (`ARG UID=1000` ... `-u $UID`)',
    matches: (d) => {
      const all = found(d);
      return all.length > 0 && all.every((u) => u.written.includes('$') && !reported(u));
    },
  },
  {
    code: 'DL3046',
    side: 'dockerlint',
    rule,
    reason: 'UID written `--uid N`, `--uid=N` or `-uN`/`-muN`: hadolint reads only a separate `-u N`',
    matches: (d) => {
      const ours = found(d, true);
      return ours.length > 0 && ours.every((u) => !u.separate && u.command.nesting === 'top' && u.command.wrappers.length === 0);
    },
  },
  ...unseenCommands('DL3046', rule, '`useradd`', (c, d) => found(d, true).some((u) => u.command === c)),
];
