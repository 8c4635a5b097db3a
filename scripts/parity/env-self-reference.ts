/** Deliberate differences of `env-self-reference` from hadolint; see that rule's docs. */
import type { Difference, Disagreement } from './difference.js';

/** The keys the ENV sets that an ENV or ARG elsewhere in the file, outside the ENV's stage, sets too. */
function keysSetInOtherStages(d: Disagreement): boolean {
  const env = d.instruction;
  if (env?.keyword !== 'ENV') return false;
  const keys = new Set(env.pairs.map((p) => p.key));
  return d.file.instructions.some(
    (i) => i.stage !== env.stage && (i.keyword === 'ENV' || i.keyword === 'ARG') && i.pairs.some((p) => keys.has(p.key)),
  );
}

export const differences: readonly Difference[] = [
  {
    code: 'DL3044',
    side: 'dockerlint',
    rule: 'env-self-reference',
    reason: 'variable set only in another stage (or a global `ARG` not declared in the stage), which hadolint counts file-wide',
    matches: keysSetInOtherStages,
  },
  {
    code: 'DL3044',
    side: 'hadolint',
    rule: 'env-self-reference',
    reason: "reference that Docker does not expand: in single quotes (`'$NAME'`) or escaped (`\\$NAME`)",
    matches: (d) => d.instruction?.keyword === 'ENV' && /'[^']*\$|\\\$/.test(d.text),
  },
];
