import { defineRule } from '../src/engine/rule.js';
import { textIn } from '../src/model/position.js';

export default defineRule({
  meta: {
    id: 'from-as-casing',
    aliases: ['FromAsCasing'],
    severity: 'info',
    category: 'style',
    summary: '`AS` in `FROM ... AS name` not in the same case as `FROM`',
    fixable: true,
    fix: {
      safe: `The fix rewrites \`as\` alone in the case of \`FROM\` (\`as\` → \`AS\`). BuildKit reads the keyword without regard
to case, and the stage name is not touched, so the image and every \`--from\` that names the stage stay the same.`,
    },
    docs: {
      rationale: `\`AS\` is part of the \`FROM\` instruction, so it reads best in the same case as the keyword:
\`FROM node:22 AS build\` or \`from node:22 as build\`. A mix (\`FROM node:22 as build\`) is one more inconsistency
for a reader to wonder about.`,
      bad: `FROM node:22 as build\nRUN npm ci`,
      good: `FROM node:22 AS build\nRUN npm ci`,
      notes: 'A `FROM` keyword in mixed case (`From`) is left to `instruction-casing`.',
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      const keyword = stage.from.rawKeyword;
      const [, as] = stage.from.args;
      if (stage.from.args.length !== 3 || as.value.toLowerCase() !== 'as') continue;
      const upper = keyword === keyword.toUpperCase();
      const lower = keyword === keyword.toLowerCase();
      if ((upper && as.value === 'AS') || (lower && as.value === 'as') || (!upper && !lower)) continue;
      const wanted = upper ? 'AS' : 'as';
      const fixable = textIn(file.lines, as.range) === as.value;
      context.report({
        range: as.range,
        ...(fixable ? { fix: { applicability: 'safe' as const, description: `write \`${wanted}\``, edits: [{ range: as.range, text: wanted }] } } : {}),
        message: `\`${as.value}\` is not in the case of \`${keyword}\`: write \`${keyword} ... ${wanted} ${stage.name ?? '<name>'}\``,
      });
    }
  },
});
