/** Deliberate differences of `copy-relative-without-workdir` from hadolint; see that rule's docs. */
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3045',
    side: 'dockerlint',
    rule: 'copy-relative-without-workdir',
    reason: 'destination written with a variable whose `ARG`/`ENV` value is relative (`ARG DEST=lib` + `COPY lib $DEST`), which hadolint passes',
    matches: (d) => {
      const args = d.instruction?.keyword === 'COPY' ? (d.instruction.execForm ?? d.instruction.args) : [];
      return args.at(-1)?.value.replace(/^"/, '').startsWith('$') ?? false;
    },
  },
];
