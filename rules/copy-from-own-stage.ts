import { defineRule } from '../src/engine/rule.js';
import { fromReferences } from '../src/model/copies.js';
import type { Stage } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'copy-from-own-stage',
    aliases: ['DL3023', 'DS-0006'],
    severity: 'error',
    category: 'correctness',
    summary: '`COPY --from` or `RUN --mount=from=` naming the stage it is in',
    fixable: false,
    docs: {
      rationale: `A stage cannot copy from itself: it does not exist yet while its own instructions run. BuildKit fails the
build with a circular dependency error. Usually the \`COPY\` belongs to the next stage, or the \`--from\` was meant to name
the stage before; to move files within a stage, use \`RUN cp\` or \`RUN mv\`.`,
      bad: `FROM node:22 AS build\nRUN npm ci && npm run build\nCOPY --from=build /app/dist /srv/www`,
      good: `FROM node:22 AS build\nRUN npm ci && npm run build\n\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html`,
      notes: `The stage is recognised by its name (compared without regard to case, as BuildKit does) or by its index
(\`--from=0\` in the first stage).`,
      differences: `hadolint (DL3023) compares the name with case and does not look at indexes; Trivy (DS-0006) compares
names without case. Findings for a name in other case carry only \`DS-0006\`, those for an index and for
\`RUN --mount=from=\` no peer code.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      for (const instruction of stage.instructions) {
        for (const reference of fromReferences(instruction)) {
          const byIndex = /^\d+$/.test(reference.value) && Number(reference.value) === stage.index;
          const byName = stage.name !== undefined && stage.name.toLowerCase() === reference.value.toLowerCase();
          if (!byIndex && !byName) continue;
          const aliases = reference.option === 'from' || byIndex ? [] : stage.name === reference.value ? ['DL3023', 'DS-0006'] : ['DS-0006'];
          context.report({
            range: reference.range,
            message: `\`${reference.option}=${reference.value}\` names ${describe(stage)}, the stage this instruction is in, which fails the build: name an earlier stage, or move the instruction into a later one`,
            aliases,
          });
        }
      }
    }
  },
});

function describe(stage: Stage): string {
  return stage.name ? `\`${stage.name}\`` : `stage ${stage.index}`;
}

