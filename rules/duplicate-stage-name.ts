import { defineRule } from '../src/engine/rule.js';
import type { Stage } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'duplicate-stage-name',
    aliases: ['DL3024', 'DuplicateStageName', 'DS-0012', 'CKV_DOCKER_11'],
    severity: 'warning',
    category: 'correctness',
    summary: 'Two stages with the same name',
    fixable: false,
    docs: {
      rationale: `A stage name is how \`FROM <stage>\`, \`COPY --from=<stage>\` and \`docker build --target\` find a stage.
When two stages share a name, every later reference goes to the later one: \`--target build\` builds a stage that may not
be the one the author had in mind, and a \`COPY --from\` written for the first stage silently copies from the second.
BuildKit compares names without regard to case, so \`Build\` and \`build\` are the same name.`,
      bad: `FROM node:22 AS build\nRUN npm ci && npm run build\n\nFROM golang:1.23 AS build\nRUN go build ./...`,
      good: `FROM node:22 AS web-build\nRUN npm ci && npm run build\n\nFROM golang:1.23 AS api-build\nRUN go build ./...`,
      notes: 'Reported at the later name, with the line of the stage that first used it.',
      differences: `hadolint (DL3024) and Checkov (CKV_DOCKER_11) compare names with case: a duplicate that differs only in
case carries only \`DuplicateStageName\` and \`DS-0012\`. Checkov only finds stage names written after a lowercase
\`as\` (\`FROM node:22 as build\`): with \`AS\`, as most Dockerfiles write it, CKV_DOCKER_11 never reports; and it
reports at the file's first \`FROM\`, not at the repeated name.`,
    },
  },
  checkDockerfile(file, context) {
    const first = new Map<string, Stage>();
    for (const stage of file.stages) {
      if (!stage.name || !stage.nameRange) continue;
      const key = stage.name.toLowerCase();
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, stage);
        continue;
      }
      const sameCase = file.stages.some((s) => s.index < stage.index && s.name === stage.name);
      context.report({
        range: stage.nameRange,
        message: `Stage name \`${stage.name}\` is already used by the stage on line ${earlier.from.line}${earlier.name === stage.name ? '' : ` (as \`${earlier.name}\`)`}: references now reach only this later stage; give each stage its own name`,
        aliases: sameCase ? ['DL3024', 'DuplicateStageName', 'DS-0012', 'CKV_DOCKER_11'] : ['DuplicateStageName', 'DS-0012'],
      });
    }
  },
});
