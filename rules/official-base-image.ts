import { defineRule } from '../src/engine/rule.js';
import { isTrustedImage, knownPublisher, officialImageName } from '../src/model/image-ref.js';

export default defineRule({
  meta: {
    id: 'official-base-image',
    aliases: ['DL3026'],
    severity: 'warning',
    category: 'security',
    summary: 'Base image that is not a Docker Official Image, nor from a known publisher or a trusted registry',
    fixable: false,
    docs: {
      rationale: `Docker Official Images (\`python\`, \`node\`, \`debian\`, ...) are reviewed, rebuilt for security fixes and
documented, and so are the images vendors publish themselves (NVIDIA's, PyTorch's, Jupyter's, Microsoft's). An image
from a personal namespace on Docker Hub, copied from a tutorial, may be abandoned, never patched, or contain anything
at all. Start from an official or vendor image, or list the registries and namespaces your team trusts (your own
registry, \`ghcr.io/your-org\`) in \`trustedRegistries\`.`,
      bad: `FROM someuser/python-ml:3.9`,
      good: `FROM python:3.12-slim\nFROM public.ecr.aws/docker/library/python:3.12-slim\nFROM nvcr.io/nvidia/pytorch:24.10-py3\nFROM quay.io/jupyter/scipy-notebook:2024-12-02`,
      notes: `Accepted without configuration: the Docker Official Images, under any spelling of Docker Hub (\`python\`,
\`library/python\`, \`docker.io/library/python\`) and on their mirrors (\`public.ecr.aws/docker/library/python\`,
\`mirror.gcr.io/python\`); and the images of the publishers in \`src/data/image-publishers.ts\`, a table with the
vendor's page for each: NVIDIA NGC (\`nvcr.io\`) and \`nvidia/\`, \`pytorch/\`, \`tensorflow/\`, Jupyter (\`quay.io/jupyter\`,
\`jupyter/\`), conda-forge (\`condaforge/\`), Anaconda (\`continuumio/\`), \`mambaorg/\`, Microsoft (\`mcr.microsoft.com\`), Red
Hat's registries, Google's distroless and Deep Learning Containers, Chainguard, AWS's public ECR namespaces and Deep
Learning Containers, Astral (\`ghcr.io/astral-sh\`), Bitnami, Hugging Face, AMD ROCm, vLLM, Ray, Apache, CircleCI.

When \`trustedRegistries\` is set, it alone decides, as in hadolint: an image is accepted only when it comes from a
listed registry or namespace (Docker Hub images, official ones included, need \`docker.io\` in the list). Entries
match a registry host (\`ghcr.io\`), a host and namespace prefix (\`ghcr.io/acme\`, \`docker.io/bitnami\`),
\`*.example.com\` for every subdomain, or \`*\` for everything. \`scratch\`, earlier stages and images named only by a
variable without a default are not reported.`,
      differences: `hadolint's DL3026 only runs when trusted registries are configured and judges only the registry
host; this rule always runs, accepts official and vendor images without configuration, and also accepts namespaces in
\`trustedRegistries\`. Findings carry \`DL3026\` only when \`trustedRegistries\` is set, as only then do the two rules ask
the same question.`,
    },
  },
  checkDockerfile(file, context) {
    const trusted = context.settings.trustedRegistries;
    for (const stage of file.stages) {
      if (stage.isScratch || stage.parent) continue;
      const image = stage.image;
      if (stage.imageHasUnresolvedVariables || image.repository === '' || image.repository.includes('$')) continue;
      if (trusted.length > 0) {
        // The user's list decides, as hadolint's DL3026 does.
        if (isTrustedImage(image, trusted)) continue;
        context.report({
          range: stage.imageRange,
          message: `Base image \`${image.text}\` is not from a registry in \`trustedRegistries\`: use an image from one, or add its registry`,
          aliases: ['DL3026'],
        });
        continue;
      }
      if (officialImageName(image) !== undefined || knownPublisher(image) !== undefined) continue;
      context.report({
        range: stage.imageRange,
        message: `Base image \`${image.text}\` is not a Docker Official Image nor from a known publisher: use an official image, or add its registry to \`trustedRegistries\``,
        aliases: [],
      });
    }
  },
});
