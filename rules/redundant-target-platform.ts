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
      notes: 'Reported for `$TARGETPLATFORM` and `${TARGETPLATFORM}`, quoted or not.',
      differences: `BuildKit (RedundantTargetPlatform) also reports \`\${TARGETPLATFORM:-linux/amd64}\`; that form is left alone
here, because the default does pin the platform for builders that do not set \`TARGETPLATFORM\` (the classic builder),
which is why it is written. A quoted value carries only \`RedundantTargetPlatform\`, as hadolint (DL3065) matches the
value exactly.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      const flag = stage.platform;
      if (!flag?.value || !flag.valueRange) continue;
      const value = flag.value.replace(/^(["'])(.*)\1$/, '$2');
      if (value !== '$TARGETPLATFORM' && value !== '${TARGETPLATFORM}') continue;
      context.report({
        range: flag.valueRange,
        message: `\`--platform=${value}\` is the default: a stage is built for the target platform anyway; remove the flag`,
        aliases: value === flag.value ? ['DL3065', 'RedundantTargetPlatform'] : ['RedundantTargetPlatform'],
      });
    }
  },
});
