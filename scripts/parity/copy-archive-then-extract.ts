/** Deliberate differences of `copy-archive-then-extract` from hadolint; see that rule's docs. */
import { isOldStyleTarExtract } from '../../src/model/archives.js';
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3010',
    side: 'dockerlint',
    rule: 'copy-archive-then-extract',
    reason: 'archive unpacked with the old `tar xzf` form (mode letters without a dash), which hadolint does not see',
    matches: (d) => {
      const copy = d.instruction;
      if (copy?.keyword !== 'COPY') return false;
      return (copy.stage?.instructions ?? []).some(
        (i) => i.index > copy.index && (i.script?.commands ?? []).some(isOldStyleTarExtract),
      );
    },
  },
];
