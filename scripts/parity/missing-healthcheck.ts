/** Deliberate differences of `missing-healthcheck` from hadolint; see that rule's docs. */
import type { Stage } from '../../src/model/dockerfile.js';
import { baseDefinesHealthcheck, serviceEvidence } from '../../src/model/services.js';
import { stageLineage } from '../../src/model/stages.js';
import type { Difference, Disagreement } from './difference.js';

const rule = 'missing-healthcheck';

/** The stage whose FROM hadolint reported. */
function stageAt(d: Disagreement): Stage | undefined {
  return d.file.stages.find((s) => s.from === d.instruction);
}

/** The final stage, hadolint reports it and we do not: its chain has no HEALTHCHECK and shows no server. */
function finalWithoutServer(d: Disagreement): Stage[] | undefined {
  const stage = stageAt(d);
  if (!stage || stage !== d.file.stages.at(-1)) return undefined;
  const chain = stageLineage(stage);
  const instructions = chain.flatMap((s) => s.instructions);
  if (instructions.some((i) => i.keyword === 'HEALTHCHECK') || serviceEvidence(chain).length > 0) return undefined;
  return chain;
}

const hasStart = (chain: readonly Stage[]): boolean =>
  chain.some((s) => s.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));

export const differences: readonly Difference[] = [
  {
    code: 'DL3057',
    side: 'hadolint',
    rule,
    reason: 'built on an image that defines a HEALTHCHECK itself (Jupyter docker-stacks), which hadolint cannot know',
    matches: (d) => {
      const stage = stageAt(d);
      return stage !== undefined && stage === d.file.stages.at(-1) && baseDefinesHealthcheck(stageLineage(stage));
    },
  },
  {
    code: 'DL3057',
    side: 'hadolint',
    rule,
    reason: 'a stage the final stage is built on: judged as part of the final image, at its FROM',
    matches: (d) => {
      const stage = stageAt(d);
      const final = d.file.stages.at(-1);
      return stage !== undefined && stage !== final && stageLineage(final).includes(stage);
    },
  },
  {
    code: 'DL3057',
    side: 'hadolint',
    rule,
    reason: 'a build stage, neither the final stage nor one it is built on: it does not ship',
    matches: (d) => {
      const stage = stageAt(d);
      return stage !== undefined && !stageLineage(d.file.stages.at(-1)).includes(stage);
    },
  },
  {
    code: 'DL3057',
    side: 'hadolint',
    rule,
    reason: 'final image with no EXPOSE, CMD or ENTRYPOINT: a base or tool image, with no server to ask',
    matches: (d) => {
      const chain = finalWithoutServer(d);
      return chain !== undefined && !hasStart(chain);
    },
  },
  {
    code: 'DL3057',
    side: 'hadolint',
    rule,
    reason: 'final image with no EXPOSE whose CMD/ENTRYPOINT starts no listed server (a job, CLI, shell, script, `java -jar`)',
    matches: (d) => {
      const chain = finalWithoutServer(d);
      return chain !== undefined && hasStart(chain);
    },
  },
];
