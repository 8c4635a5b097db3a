import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'maintainer-deprecated',
    aliases: ['DL4000', 'MaintainerDeprecated', 'DS-0022', 'CKV_DOCKER_6'],
    severity: 'info',
    category: 'maintainability',
    summary: 'Deprecated `MAINTAINER` instruction instead of an author label',
    fixable: false,
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
      context.report({
        range: instruction.keywordRange,
        message: `\`MAINTAINER\` is deprecated: write \`LABEL org.opencontainers.image.authors=${JSON.stringify(author || 'name <email>')}\``,
      });
    }
  },
});
