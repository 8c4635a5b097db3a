/** Deliberate differences of `copy-destination-not-directory` from hadolint; see that rule's docs. */
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3021',
    side: 'hadolint',
    rule: 'copy-destination-not-directory',
    reason: 'destination written with a variable whose `ARG`/`ENV` value ends with `/` (`ARG DEST=/app/` + `COPY a b $DEST`), which hadolint does not resolve',
    matches: (d) => {
      const destination = d.instruction?.keyword === 'COPY' ? d.instruction.args.at(-1) : undefined;
      return destination !== undefined && destination.value.includes('$') && destination.expanded.endsWith('/');
    },
  },
];
