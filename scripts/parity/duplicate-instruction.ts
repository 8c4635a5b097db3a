/** Deliberate differences of `duplicate-instruction` from hadolint; see that rule's docs. */
import type { Instruction } from '../../src/model/dockerfile.js';
import type { Difference, Disagreement } from './difference.js';

const rule = 'duplicate-instruction';
const KEYWORDS: Readonly<Record<string, string>> = { DL4003: 'CMD', DL4004: 'ENTRYPOINT', DL3012: 'HEALTHCHECK' };

/** The instructions of the same keyword in the stage of `d`'s instruction, before and after it. */
function siblings(d: Disagreement): { before: Instruction[]; after: Instruction[] } | undefined {
  const instruction = d.instruction;
  if (!instruction?.stage || instruction.keyword !== KEYWORDS[d.code]) return undefined;
  const same = instruction.stage.instructions.filter((i) => i.keyword === instruction.keyword);
  const at = same.indexOf(instruction);
  return { before: same.slice(0, at), after: same.slice(at + 1) };
}

export const differences: readonly Difference[] = Object.keys(KEYWORDS).flatMap((code): Difference[] => [
  {
    code,
    side: 'hadolint',
    rule,
    reason: `the last ${KEYWORDS[code]} of a stage, which takes effect: we report the earlier one it overrides`,
    matches: (d) => {
      const s = siblings(d);
      return s !== undefined && s.before.length > 0 && s.after.length === 0;
    },
  },
  {
    code,
    side: 'dockerlint',
    rule,
    reason: `the first ${KEYWORDS[code]} of a stage, which a later one overrides: hadolint reports the later one`,
    matches: (d) => {
      const s = siblings(d);
      return s !== undefined && s.before.length === 0 && s.after.length > 0;
    },
  },
  {
    code,
    side: 'hadolint',
    rule,
    reason: `a ${KEYWORDS[code]} outside any stage (no FROM): invalid-instruction reports it`,
    matches: (d) => d.instruction !== undefined && d.instruction.stage === undefined && d.instruction.keyword === KEYWORDS[code],
  },
]);
