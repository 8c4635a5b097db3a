import { defineRule, type Fix } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { textIn } from '../src/model/position.js';

export default defineRule({
  meta: {
    id: 'maintainer-deprecated',
    aliases: ['DL4000', 'MaintainerDeprecated', 'DS-0022', 'CKV_DOCKER_6'],
    severity: 'info',
    category: 'maintainability',
    summary: 'Deprecated `MAINTAINER` instruction instead of an author label',
    fixable: true,
    fix: {
      unsafe: `The fix replaces the instruction with \`LABEL org.opencontainers.image.authors="…"\`, as BuildKit's
MaintainerDeprecated check advises, the text after \`MAINTAINER\` in double quotes (one pair of quotes around all of it
dropped, and \`"\`, \`$\` and the escape character escaped, so that the label holds the text as written). What the
container runs does not change, but the image's config does: its \`Author\` field (\`docker inspect -f
'{{.Author}}'\`) is empty afterwards and a label appears that images built on this one inherit, and that replaces an
\`org.opencontainers.image.authors\` label set earlier or by the base image. A tool that reads \`Author\` sees the
difference, so the fix is applied only with \`--unsafe-fixes\`. A \`MAINTAINER\` continued over several lines, or
without a name, gets no fix.`,
    },
    docs: {
      rationale: `\`MAINTAINER\` has been deprecated since Docker 1.13: it fills a field of the image config that tools
no longer read. The author of an image is a label, \`org.opencontainers.image.authors\` from the OCI image spec,
which registries, scanners and \`docker inspect\` show along with the other \`org.opencontainers.image.*\` labels.`,
      bad: `FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>`,
      good: `FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'MAINTAINER') continue;
      const author = instruction.argsText.trim().replace(/^"(.*)"$/, '$1');
      const fix = labelFix(instruction, file.lines, file.escapeChar, author);
      context.report({
        range: instruction.keywordRange,
        ...(fix ? { fix } : {}),
        message: `\`MAINTAINER\` is deprecated: write \`LABEL org.opencontainers.image.authors=${JSON.stringify(author || 'name <email>')}\``,
      });
    }
  },
});

/**
 * The instruction as an authors label. BuildKit keeps MAINTAINER's text as written (quotes and `$` included) while a
 * label's value is unquoted and expanded: in double quotes, with `"`, `$` and the escape character escaped, it is
 * the text again.
 */
function labelFix(instruction: Instruction, lines: readonly string[], escapeChar: string, author: string): Fix | undefined {
  if (!author || instruction.range.start.line !== instruction.range.end.line) return undefined;
  if (textIn(lines, instruction.keywordRange) !== instruction.rawKeyword) return undefined;
  const escaped = [...author].map((c) => (c === '"' || c === '$' || c === escapeChar ? `${escapeChar}${c}` : c)).join('');
  const keyword = instruction.rawKeyword === instruction.rawKeyword.toLowerCase() ? 'label' : 'LABEL';
  return {
    applicability: 'unsafe',
    description: 'write an `org.opencontainers.image.authors` label',
    edits: [{ range: { start: instruction.keywordRange.start, end: instruction.range.end }, text: `${keyword} org.opencontainers.image.authors="${escaped}"` }],
  };
}
