import { defineRule } from '../src/engine/rule.js';

const RESERVED = new Set(['scratch', 'context']);

export default defineRule({
  meta: {
    id: 'reserved-stage-name',
    aliases: ['DL3063', 'ReservedStageName'],
    severity: 'warning',
    category: 'correctness',
    summary: 'Stage named `scratch` or `context`, names that BuildKit reserves',
    fixable: false,
    docs: {
      rationale: `\`scratch\` is the empty base image, and \`context\` is the name BuildKit uses for the build context
itself among the named contexts (\`--build-context\`). A stage with one of these names is ambiguous: \`FROM scratch\`
still means the empty image, not the stage, and a stage called \`context\` clashes with the build context. Give the
stage a name that says what it builds.`,
      bad: `FROM alpine:3.20 AS scratch\nRUN mkdir /out\n\nFROM scratch\nCOPY --from=scratch /out /`,
      good: `FROM alpine:3.20 AS prepare\nRUN mkdir /out\n\nFROM scratch\nCOPY --from=prepare /out /`,
      notes: 'Names are compared without regard to case, as BuildKit does (`Scratch` is reported too).',
      differences: 'hadolint (DL3063) compares names with case: a name in other case carries only `ReservedStageName`.',
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      if (!stage.name || !stage.nameRange || !RESERVED.has(stage.name.toLowerCase())) continue;
      const lower = stage.name.toLowerCase();
      context.report({
        range: stage.nameRange,
        message:
          lower === 'scratch'
            ? `Stage name \`${stage.name}\` is reserved: \`FROM scratch\` means the empty image, not this stage; rename the stage`
            : `Stage name \`${stage.name}\` is reserved: BuildKit uses \`context\` as the name of the build context; rename the stage`,
        aliases: RESERVED.has(stage.name) ? ['DL3063', 'ReservedStageName'] : ['ReservedStageName'],
      });
    }
  },
});
