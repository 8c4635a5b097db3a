/** Deliberate differences of `mutable-tag` from hadolint; see that rule's docs. */
import type { Stage } from '../../src/model/dockerfile.js';
import { isRepositoryName } from '../../src/model/image-ref.js';
import { namesEarlierStage } from '../../src/model/stages.js';
import type { Difference } from './difference.js';

/** The stage whose FROM the disagreement is on. */
function fromStage(d: Parameters<Difference['matches']>[0]): Stage | undefined {
  return d.instruction?.keyword === 'FROM' ? d.file.stages.find((s) => s.from === d.instruction) : undefined;
}

export const differences: readonly Difference[] = [
  {
    code: 'DL3006',
    side: 'hadolint',
    rule: 'mutable-tag',
    reason: 'an image name with a variable that has no known value or names a stage (`FROM base-${TARGETARCH}`)',
    matches: (d) => {
      const stage = fromStage(d);
      if (!stage?.imageUsesVariables) return false;
      const image = stage.image;
      // A value still holding `$`, or no image name once resolved, depends on what the build passes (TARGETARCH).
      const unknown = stage.imageHasUnresolvedVariables || image.text.includes('$') || !isRepositoryName(image.repository);
      return unknown || stage.parent !== undefined || namesEarlierStage(d.file, stage);
    },
  },
  {
    code: 'DL3006',
    side: 'hadolint',
    rule: 'mutable-tag',
    reason: 'a template placeholder that is no image name (`FROM {base_image}`, `FROM REPLACE-ME`)',
    matches: (d) => {
      const stage = fromStage(d);
      return stage !== undefined && !stage.imageUsesVariables && !isRepositoryName(stage.image.repository);
    },
  },
  {
    code: 'DL3006',
    side: 'hadolint',
    rule: 'mutable-tag',
    reason: 'an earlier stage named with other case (`AS Build` ... `FROM build`), which BuildKit accepts',
    matches: (d) => {
      const stage = fromStage(d);
      return stage?.parent?.name !== undefined && stage.parent.name !== stage.imageText;
    },
  },
  {
    code: 'DL3006',
    side: 'dockerlint',
    rule: 'mutable-tag',
    reason: 'an `ARG` default resolved to an image without a tag (`ARG BASE=jupyter/base-notebook` + `FROM $BASE`)',
    matches: (d) => {
      const stage = fromStage(d);
      return stage?.imageUsesVariables === true && stage.image.tag === undefined;
    },
  },
  {
    code: 'DL3006',
    side: 'dockerlint',
    rule: 'mutable-tag',
    reason: 'a registry port that hadolint takes for a tag (`FROM localhost:5000/app`)',
    matches: (d) => {
      const stage = fromStage(d);
      return stage?.image.tag === undefined && stage?.image.registry?.includes(':') === true;
    },
  },
  {
    code: 'DL3007',
    side: 'dockerlint',
    rule: 'mutable-tag',
    reason: 'an `ARG` default resolved to the `latest` tag (`ARG VERSION=latest` + `FROM img:$VERSION`)',
    matches: (d) => {
      const stage = fromStage(d);
      return stage?.imageUsesVariables === true && stage.image.tag?.toLowerCase() === 'latest';
    },
  },
];
