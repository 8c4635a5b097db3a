/** Deliberate differences of `absolute-workdir` from hadolint; see that rule's docs. */
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3000',
    side: 'dockerlint',
    rule: 'absolute-workdir',
    reason: 'path written with a variable whose `ARG`/`ENV` value is relative (`ARG DIR=app` + `WORKDIR $DIR`), which hadolint passes',
    matches: (d) => d.instruction?.keyword === 'WORKDIR' && d.instruction.argsText.trim().startsWith('$'),
  },
];
