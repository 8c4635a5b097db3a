/** Deliberate differences of `merge-run-layers` from hadolint; see that rule's docs. */
import { underWindowsShell } from '../../src/model/windows.js';
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = (['dockerlint', 'hadolint'] as const).map(
  (side): Difference => ({
    code: 'DL3059',
    side,
    rule: 'merge-run-layers',
    reason: '`RUN` after or under cmd or PowerShell, whose commands are counted by lines here, by a bash parse in hadolint',
    matches: (d) => {
      const run = d.instruction;
      const previous = run && d.file.instructions[run.index - 1];
      return run?.keyword === 'RUN' && [run, previous].some((i) => i?.keyword === 'RUN' && underWindowsShell(i));
    },
  }),
);
