import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'stage-name-casing',
    aliases: ['StageNameCasing'],
    severity: 'info',
    category: 'style',
    summary: 'Stage name with upper-case letters',
    fixable: false,
    docs: {
      rationale: `BuildKit lower-cases stage names: \`FROM node:22 AS Build\` defines the stage \`build\`, and
\`--target Build\`, \`--target build\` and \`COPY --from=BUILD\` all reach it. Writing the name in lower case everywhere
shows the name the tools use and avoids looking for a difference that is not there.`,
      bad: `FROM node:22 AS Build\nRUN npm ci && npm run build\n\nFROM nginx:1.27\nCOPY --from=Build /app/dist /usr/share/nginx/html`,
      good: `FROM node:22 AS build\nRUN npm ci && npm run build\n\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      if (!stage.name || !stage.nameRange || stage.name === stage.name.toLowerCase()) continue;
      context.report({
        range: stage.nameRange,
        message: `Stage name \`${stage.name}\` has upper-case letters, but BuildKit reads it as \`${stage.name.toLowerCase()}\`: write \`${stage.name.toLowerCase()}\``,
      });
    }
  },
});
