/** Deliberate differences of `copy-whole-filesystem` from hadolint; see that rule's docs. */
import { rootStage, stageNamedFrom } from '../../src/model/stages.js';
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3067',
    side: 'hadolint',
    rule: 'copy-whole-filesystem',
    reason: 'a copy into a stage built on `scratch`, or out of one',
    matches: (d) => {
      const copy = d.instruction;
      if (copy?.keyword !== 'COPY' || !copy.stage) return false;
      const from = copy.flag('from')?.value ?? '';
      const source = stageNamedFrom(d.file, from, copy.stage);
      return rootStage(copy.stage).isScratch || (source !== undefined && rootStage(source).isScratch);
    },
  },
];
