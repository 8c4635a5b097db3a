import { defineRule } from '../src/engine/rule.js';
import type { Stage } from '../src/model/dockerfile.js';
import { EOL_DATES } from '../src/model/eol-dates.js';
import { endOfLifeParts, imageNameOf, isNvidiaCuda, successor, type EolPart } from '../src/model/eol.js';

export default defineRule({
  meta: {
    id: 'eol-base-image',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: 'Base image whose runtime, CUDA or distribution release is past its end of life',
    fixable: false,
    options: {
      today: {
        type: 'string',
        default: '',
        description: 'The date to compare end-of-life dates with, as `YYYY-MM-DD` (default: the day of the run).',
      },
    },
    docs: {
      rationale: `Once a release reaches its end of life, its project stops fixing security holes in it: an image built on
\`python:3.8\`, \`node:16\`, \`debian:buster\` or \`ubuntu:18.04\` collects known vulnerabilities that will never be patched,
and rebuilding it does not help, because no newer build of that release will come. NVIDIA goes further for CUDA images: the
tags of unsupported CUDA releases are deleted, so the build itself breaks. Package repositories of old
distributions are also moved or removed, so \`apt-get update\` eventually fails. Move to a supported release; the message
names the oldest one that is supported for at least another year.`,
      bad: `FROM python:3.8-slim-buster\nFROM node:16-alpine3.17\nFROM ubuntu:18.04\nFROM nvidia/cuda:11.3.1-runtime-ubuntu20.04`,
      good: `FROM python:3.13-slim-bookworm\nFROM node:24-alpine3.22\nFROM ubuntu:24.04\nFROM nvidia/cuda:12.8.1-runtime-ubuntu24.04`,
      notes: `Releases are read from the tag of the official images (and their mirrors: \`library/\`, architecture namespaces,
\`public.ecr.aws/docker/library/\`, \`mirror.gcr.io\`, \`cimg/\`, \`bitnami/\`): \`python\`, \`node\` (versions and LTS code names such as
\`gallium\`), \`golang\`, \`ruby\`, \`php\`, \`postgres\`, \`debian\`, \`ubuntu\`, \`alpine\`, \`centos\` (and \`quay.io/centos/centos:stream8\`).
The distribution named in any image's tag is checked too: \`-buster\`, \`-bionic\`, \`-alpine3.14\`, \`-ubuntu20.04\`
(\`nvidia/cuda\` tags), \`-centos7\`, \`-ubi7\`.

CUDA releases are checked in \`nvidia/cuda\` and \`nvcr.io/nvidia/cuda\` tags (\`nvidia/cuda:11.3.1-runtime-ubuntu20.04\`) and in
the \`-cudaX.Y\` part of images built on them (\`pytorch/pytorch:1.13.1-cuda11.6-cudnn8-runtime\`). NVIDIA's
[container support policy](https://gitlab.com/nvidia/container-images/cuda/-/blob/master/doc/support-policy.md) ends a
CUDA release's images when the data-center driver branch it shipped with reaches its end of life, supports two major
releases at a time (CUDA 11 ended when CUDA 13 was released), and deletes the tags of unsupported releases from Docker
Hub and NGC six months later: a Dockerfile on such a tag stops building with \`manifest unknown\`
([NVIDIA/nvidia-docker#1768](https://github.com/NVIDIA/nvidia-docker/issues/1768),
[NVlabs/instant-ngp#1406](https://github.com/NVlabs/instant-ngp/issues/1406)). An older point release of a supported
CUDA release (\`12.1.0\` once \`12.1.1\` is out) is unsupported too, but is not reported: the table has no dates for
point releases. \`ARG\` defaults in \`FROM\` are resolved; an image that still holds a variable, stages
built on an earlier stage, and images without a tag are left alone.

The dates are a table kept in the repository (\`src/model/eol-dates.ts\`) with the sources of each product: the end of
security support for runtimes, the end of Debian LTS for Debian, and the end of standard support for Ubuntu (Expanded
Security Maintenance needs Ubuntu Pro, which the \`ubuntu\` images do not include). The option \`today\` (\`YYYY-MM-DD\`)
fixes the date compared with, for reproducible CI runs.`,
    },
  },
  checkDockerfile(file, context) {
    const today = todayOption(context.options.today);
    for (const stage of file.stages) {
      if (stage.parent || stage.isScratch || stage.imageHasUnresolvedVariables) continue;
      const parts = endOfLifeParts(stage.image, today);
      if (parts.length === 0) continue;
      const reasons = parts.map((p) => `${p.label} reached end of life on ${p.cycle.eol} (${advice(p, stage, today)})`);
      context.report({
        range: stage.tagRange ?? stage.imageRange,
        message: `\`${stage.image.text}\`: ${reasons.join('; ')}`,
      });
    }
  },
});

/** The date to compare with: the option when it is a valid `YYYY-MM-DD`, else today. */
function todayOption(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return new Date().toISOString().slice(0, 10);
}

/** What to move to, in the image's own terms where possible. */
function advice(part: EolPart, stage: Stage, today: string): string {
  const product = part.product;
  if (product === 'cuda') {
    // NVIDIA deletes the tags of an unsupported CUDA release six months after its end of life: the build then fails to pull.
    return isNvidiaCuda(stage.image)
      ? 'NVIDIA deletes the tags of unsupported CUDA releases, which breaks the build: move to a supported CUDA 12 or 13 tag'
      : 'use a tag built on CUDA 12 or newer';
  }
  if (product === 'rhel') return 'use a tag based on ubi9';
  if (product === 'centos' || product === 'centos-stream') {
    return 'move to a maintained rebuild such as Rocky Linux or AlmaLinux, or to Red Hat UBI';
  }
  const next = successor(product, today);
  const repository = stage.image.registry ? `${stage.image.registry}/${stage.image.repository}` : stage.image.repository;
  const isOwnImage = repository.split('/').at(-1) === imageNameOf(product);
  if (product === 'debian') {
    return isOwnImage ? `move to ${repository}:${next.codename}` : `use a tag based on ${next.codename} or newer`;
  }
  if (product === 'ubuntu' || product === 'alpine') {
    return isOwnImage ? `move to ${repository}:${next.cycle} or newer` : `use a tag based on ${EOL_DATES[product].name} ${next.cycle} or newer`;
  }
  return `move to ${repository}:${next.cycle} or newer`;
}

