/** Deliberate differences of `label-key-format` from hadolint; see that rule's docs. */
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3048',
    side: 'hadolint',
    rule: 'label-key-format',
    reason: 'key written with a variable (`${PREFIX}.name`), checked here with its value or left alone when that is unknown',
    matches: (d) => d.instruction?.keyword === 'LABEL' && d.instruction.pairs.some((p) => p.key.includes('$')),
  },
];
