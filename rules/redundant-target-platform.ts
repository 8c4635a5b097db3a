import { defineRule, type Fix } from '../src/engine/rule.js';
import type { Stage } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'redundant-target-platform',
    aliases: ['DL3065', 'RedundantTargetPlatform'],
    severity: 'info',
    category: 'maintainability',
    summary: '`FROM --platform=$TARGETPLATFORM`, which is what `FROM` does anyway',
    fixable: true,
    fix: {
      safe: `The fix deletes the flag and the blanks after it: \`FROM --platform=$TARGETPLATFORM alpine:3.20\` becomes
\`FROM alpine:3.20\`. A stage is built for the target platform when \`--platform\` is not given, so the same image is
pulled and built. Before a line continuation the escape character and the next lines stay as they are.`,
    },
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
      const fix = removal(stage, file.lines);
      context.report({
        range: flag.valueRange,
        ...(fix ? { fix } : {}),
        message: `\`--platform=${value}\` is the default: a stage is built for the target platform anyway; remove the flag`,
        aliases: value === flag.value ? ['DL3065', 'RedundantTargetPlatform'] : ['RedundantTargetPlatform'],
      });
    }
  },
});

/**
 * Deleting the `--platform` flag and the blanks after it, up to the next word of the FROM when it is on the same
 * line; before a line continuation the escape character and the lines after it stay as they are.
 */
function removal(stage: Stage, lines: readonly string[]): Fix | undefined {
  const flag = stage.platform!;
  if (flag.range.start.line !== flag.range.end.line) return undefined;
  const line = lines[flag.range.end.line - 1] ?? '';
  let end = flag.range.end.column;
  while (line[end - 1] === ' ' || line[end - 1] === '\t') end++;
  return {
    applicability: 'safe',
    description: 'remove `--platform`',
    edits: [{ range: { start: flag.range.start, end: { line: flag.range.end.line, column: end } }, text: '' }],
  };
}
