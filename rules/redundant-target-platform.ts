import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'redundant-target-platform',
    aliases: ['DL3065', 'RedundantTargetPlatform'],
    severity: 'info',
    category: 'maintainability',
    summary: '`FROM --platform=$TARGETPLATFORM`, which is what `FROM` does anyway',
    fixable: false,
    docs: {
      rationale: `A stage is built for the target platform unless told otherwise, so \`--platform=$TARGETPLATFORM\` changes
nothing. It only makes the reader wonder why it is there, and suggests that the stages without it are built for some
other platform. Leave it out; \`--platform\` is worth writing when it differs from the target, as
\`--platform=$BUILDPLATFORM\` does for a stage that cross-compiles.`,
      bad: `FROM --platform=$TARGETPLATFORM alpine:3.20\nRUN apk add --no-cache curl`,
      good: `FROM alpine:3.20\nRUN apk add --no-cache curl`,
      notes: 'Also reported for `${TARGETPLATFORM}`, a quoted value, and `${TARGETPLATFORM:-...}` (the variable is always set).',
      differences: 'hadolint (DL3065) accepts only `$TARGETPLATFORM` and `${TARGETPLATFORM}`: the other forms carry only `RedundantTargetPlatform`.',
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      const flag = stage.platform;
      if (!flag?.value || !flag.valueRange) continue;
      const value = flag.value.replace(/^(["'])(.*)\1$/, '$2');
      const exact = value === '$TARGETPLATFORM' || value === '${TARGETPLATFORM}';
      if (!exact && !/^\$\{TARGETPLATFORM:?-[^}]*\}$/.test(value)) continue;
      context.report({
        range: flag.valueRange,
        message: `\`--platform=${value}\` is the default: a stage is built for the target platform anyway; remove the flag`,
        aliases: exact && value === flag.value ? ['DL3065', 'RedundantTargetPlatform'] : ['RedundantTargetPlatform'],
      });
    }
  },
});
