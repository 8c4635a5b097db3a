import { defineRule } from '../src/engine/rule.js';
import { isTrustedImage, officialImageName } from '../src/model/image-ref.js';

export default defineRule({
  meta: {
    id: 'official-base-image',
    aliases: ['DL3026'],
    severity: 'warning',
    category: 'security',
    summary: 'Base image that is not a Docker Official Image nor from a trusted registry',
    fixable: false,
    docs: {
      rationale: `Docker Official Images (\`python\`, \`node\`, \`debian\`, ...) are reviewed, rebuilt for security fixes and
documented. An image from a personal namespace on Docker Hub, copied from a tutorial, may be abandoned, never patched,
or contain anything at all. Start from an official image, or list the registries and namespaces your team trusts
(your own registry, \`nvidia/cuda\`, \`ghcr.io/your-org\`) in \`trustedRegistries\`.`,
      bad: `FROM someuser/python-ml:3.9`,
      good: `FROM python:3.12-slim\n# or an image from a registry the config trusts:\nFROM nvcr.io/nvidia/pytorch:24.10-py3`,
      goodFiles: { '.dockerlintrc.json': `{ "trustedRegistries": ["nvcr.io", "ghcr.io/acme"] }` },
      notes: `\`trustedRegistries\` entries match a registry host (\`ghcr.io\`), a host and namespace prefix
(\`ghcr.io/acme\`, \`docker.io/bitnami\`), \`*.example.com\` for every subdomain, or \`*\` for everything. \`scratch\`,
earlier stages and images named only by a variable without a default are not reported.`,
      differences: `hadolint's DL3026 only runs when trusted registries are configured and judges only the registry
host; this rule always runs, accepts official images without configuration, and also accepts namespaces. Findings
carry \`DL3026\` only when \`trustedRegistries\` is set, as only then do the two rules ask the same question.`,
    },
  },
  checkDockerfile(file, context) {
    const trusted = context.settings.trustedRegistries;
    for (const stage of file.stages) {
      if (stage.isScratch || stage.parent) continue;
      const image = stage.image;
      if (stage.imageHasUnresolvedVariables || image.repository === '' || image.repository.includes('$')) continue;
      if (officialImageName(image) !== undefined) continue;
      if (isTrustedImage(image, trusted)) continue;
      context.report({
        range: stage.imageRange,
        message: `Base image \`${image.text}\` is not a Docker Official Image${trusted.length ? ' and not from a trusted registry' : ''}: use an official image or add its registry to \`trustedRegistries\``,
        aliases: trusted.length > 0 ? ['DL3026'] : [],
      });
    }
  },
});
