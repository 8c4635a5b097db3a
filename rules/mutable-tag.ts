import { defineRule } from '../src/engine/rule.js';
import type { Stage } from '../src/model/dockerfile.js';

/** Tags that name a channel that moves, not a release. */
const FLOATING_TAGS = new Set(['latest', 'lts', 'stable', 'edge', 'rolling', 'nightly', 'current', 'mainline']);

export default defineRule({
  meta: {
    id: 'mutable-tag',
    aliases: ['DL3006', 'DL3007', 'CKV_DOCKER_7', 'DS-0001'],
    severity: 'warning',
    category: 'reproducibility',
    summary: 'Base image without a tag, with `latest`, or with a floating channel tag',
    fixable: false,
    docs: {
      rationale: `A tag such as \`latest\`, \`stable\` or \`lts\` (or no tag, which means \`latest\`) points at a different image
whenever the publisher pushes a new one. The same Dockerfile then builds a different image from one day to the next:
a build that passed yesterday fails today, and nobody can say which base a running container was built on. Name a
release (\`python:3.12-slim\`), or pin a digest (\`python:3.12-slim@sha256:...\`) for builds that must not change at all.`,
      bad: `FROM python\nFROM node:latest\nARG TAG=latest\nFROM nginx:$TAG`,
      good: `FROM python:3.12-slim\nFROM node:22.11-bookworm-slim\nFROM nginx:1.27@sha256:0d5b5e05d4a2d4d1d0f1d7b4c8a7e3f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5`,
      notes: `Not reported for \`scratch\`, for stages built on an earlier stage (\`FROM build\`), and for images pinned by
digest. \`ARG\` defaults are resolved, so \`ARG TAG=latest\` + \`FROM nginx:$TAG\` is reported; an image that is
only a variable without a default is left alone. A registry port (\`localhost:5000/app\`) is not a tag.`,
      differences: `hadolint does not resolve \`ARG\` defaults (\`FROM img:$TAG\` passes there whatever the default) and
does not know floating channel tags other than \`latest\`. Findings carry \`DL3006\` for a missing tag and \`DL3007\`
for \`latest\`; other floating tags carry no hadolint code.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      if (stage.isScratch || stage.parent) continue;
      const image = stage.image;
      if (image.digest !== undefined) continue;
      if (stage.imageHasUnresolvedVariables && (image.tag === undefined || image.tag.includes('$'))) continue;
      if (image.repository === '' || image.repository.includes('$')) continue;
      if (image.tag === undefined) {
        context.report({
          range: stage.imageRange,
          message: `Image \`${image.text}\` has no tag, so it means \`latest\`: name a release, e.g. \`${image.text}:<version>\``,
          aliases: ['DL3006', 'CKV_DOCKER_7', 'DS-0001'],
        });
        continue;
      }
      const tag = image.tag.toLowerCase();
      // `stable-alpine` and `lts-slim` float as much as `stable` and `lts`.
      if (!FLOATING_TAGS.has(tag) && !FLOATING_TAGS.has(tag.split('-')[0])) continue;
      context.report({
        range: tagRange(stage),
        message:
          tag === 'latest'
            ? `Image \`${image.text}\` uses the \`latest\` tag, which moves with every release: name a version`
            : `Image \`${image.text}\` uses the floating tag \`${image.tag}\`, which moves with every release: name a version`,
        aliases: tag === 'latest' ? ['DL3007', 'CKV_DOCKER_7', 'DS-0001'] : [],
      });
    }
  },
});

/** The tag itself when it is written literally, else the image word (the tag came from a variable). */
function tagRange(stage: Stage) {
  return stage.tagRange ?? stage.imageRange;
}
