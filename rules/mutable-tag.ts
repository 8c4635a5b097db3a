import { defineRule } from '../src/engine/rule.js';
import type { Stage } from '../src/model/dockerfile.js';
import { isRepositoryName, parseImageRef, type ImageRef } from '../src/model/image-ref.js';
import { namesEarlierStage } from '../src/model/stages.js';

/** Tags that name a channel that moves, not a release. */
const FLOATING_TAGS = new Set(['latest', 'lts', 'stable', 'edge', 'rolling', 'nightly', 'current', 'mainline']);
/**
 * Words of tags that name a variant and no version (`redis:alpine`, `python:slim`, `node:bookworm-slim`): the
 * newest release of that variant. Distribution code names are variants of other images, releases of their own.
 */
const VARIANT_WORDS = new Set([
  'alpine', 'slim', 'bookworm', 'bullseye', 'buster', 'stretch', 'trixie', 'jammy', 'focal', 'noble', 'bionic', 'windowsservercore',
  'nanoserver', 'jdk', 'jre', 'full', 'minimal', 'fpm', 'apache', 'cli', 'zts', 'perl', 'otel', 'runtime', 'devel',
]);
/** Images whose code-name tags are their releases (`debian:bookworm`, `ubuntu:jammy`, `bitnami/minideb:bookworm`), by the last part of the name. */
const CODENAME_RELEASES = new Set(['debian', 'ubuntu', 'buildpack-deps', 'minideb']);
/**
 * Images whose major version is the release (`debian:12`, `postgres:16`, `rockylinux:9`): a major-only tag moves only
 * across that release's fixes.
 */
const MAJOR_RELEASES = new Set([
  'debian', 'centos', 'rockylinux', 'almalinux', 'fedora', 'amazonlinux', 'oraclelinux', 'postgres', 'ubuntu', 'ubi', 'minideb',
  // Java's feature releases: 21 moves only across 21.0.x updates.
  'eclipse-temurin', 'openjdk', 'amazoncorretto', 'sapmachine', 'ibm-semeru-runtimes',
]);

export default defineRule({
  meta: {
    id: 'mutable-tag',
    aliases: ['DL3006', 'DL3007', 'CKV_DOCKER_7', 'DS-0001'],
    severity: 'warning',
    category: 'reproducibility',
    summary: 'Base image without a tag, with `latest`, or with a floating channel tag',
    fixable: false,
    docs: {
      rationale: `A tag such as \`latest\`, \`stable\` or \`lts\` (or no tag, which means \`latest\`) points at a different image
whenever the publisher pushes a new one. The same Dockerfile then builds a different image from one day to the next:
a build that passed yesterday fails today, and nobody can say which base a running container was built on. Name a
release (\`python:3.12-slim\`), or pin a digest (\`python:3.12-slim@sha256:...\`) for builds that must not change at all.`,
      bad: `FROM python\nFROM node:latest\nARG TAG=latest\nFROM nginx:$TAG`,
      good: `FROM python:3.12-slim\nFROM node:22.11-bookworm-slim\nFROM nginx:1.27@sha256:0d5b5e05d4a2d4d1d0f1d7b4c8a7e3f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5`,
      notes: `Not reported for \`scratch\`, for stages built on an earlier stage (\`FROM build\`), and for images pinned by
digest. \`ARG\` defaults are resolved, so \`ARG TAG=latest\` + \`FROM nginx:$TAG\` is reported; an image with a
variable that has no value (\`FROM $IMAGE\`, \`FROM base-\${TARGETARCH}\`) is left alone, and so is what is no image
name (a template placeholder: \`FROM {base_image}\`, \`FROM REPLACE-ME\`, \`ARG BASE=<ubuntu>\`). A tag written in the
file is checked even when the repository has a variable (\`FROM gcr.io/$PROJECT/app:latest\`). A registry port
(\`localhost:5000/app\`) is not a tag. A tag that names only a variant (\`redis:alpine\`, \`python:slim\`,
\`node:bookworm-slim\`, \`python:alpine3.20\`) floats like \`latest\` and is reported too; a distribution's own code name
(\`debian:bookworm\`, \`ubuntu:jammy-20240911\`, \`buildpack-deps:bookworm\`, \`bitnami/minideb:bookworm\`) is a release
and is not; nor are Windows' release names (\`servercore:ltsc2022\`, \`nanoserver:1809\`). A tag that names only a major version
(\`python:3-slim\`, \`node:22\`) moves across minor releases and gets an \`info\` finding, except for images whose major
version is the release (\`debian:12\`, \`postgres:16\`, \`rockylinux:9\`, \`fedora:41\`, \`amazonlinux:2023\`).

Compose files are checked as well: each service's \`image:\` (\`image: redis:alpine\`, \`image: postgres\`), at the tag
in the YAML (the value when it has no tag). A service that also has \`build\` is not reported: its \`image\` is the
name the built image is tagged with, not an image pulled. An image with a Compose variable (\`\${REDIS_TAG}\`) is
left alone: its value is set where the project is run. The \`FROM\` lines of a \`dockerfile_inline\` are checked
as Dockerfile lines.`,
      differences: `hadolint does not resolve \`ARG\` defaults: \`FROM img:$TAG\` and \`ARG BASE=jupyter/base-notebook\` +
\`FROM $BASE\` pass there whatever the default, and are reported here when the default has no tag or a floating one.
hadolint reports an image name with a variable after other text (\`FROM base-\${TARGETARCH}\`, which picks one of the
file's stages per platform) as untagged; here a variable without a known value, or one that names a stage, is left
alone. hadolint also reports template placeholders that are no image name (\`FROM {base_image}\`), takes a registry
port for a tag (\`FROM localhost:5000/app\` passes there), and knows no floating channel tag but \`latest\`. Findings carry \`DL3006\` for a missing tag and \`DL3007\` for \`latest\`; other
floating tags carry no hadolint code. Checkov's CKV_DOCKER_7 reports only the first offending \`FROM\` of a file and
any image whose text has no \`:\`, so \`FROM \${BASE_IMAGE}\` and \`FROM builder\` (a stage) are reported there; here
variables are resolved from their \`ARG\` defaults and stages are not images.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      if (stage.isScratch || stage.parent || namesEarlierStage(file, stage)) continue;
      const image = stage.image;
      const problem = tagProblem(image, stage.imageHasUnresolvedVariables);
      if (!problem) continue;
      context.report({ range: problem.kind === 'untagged' ? stage.imageRange : tagRange(stage), message: problem.message, aliases: problem.aliases, severity: problem.severity });
    }
  },
  checkCompose(file, context) {
    for (const service of file.services) {
      // With `build`, `image` is the name the built image is tagged with, not an image pulled: nothing floats.
      if (!service.image || service.build) continue;
      const { text, range, textStart } = service.image;
      // A Compose variable (`${TAG}`, `${IMAGE:-redis}`) is set where the project is run, not in the file.
      if (text.includes('$')) continue;
      const image = parseImageRef(text);
      const problem = tagProblem(image, false);
      if (!problem) continue;
      const tagStart = image.tagOffset !== undefined && textStart ? { line: textStart.line, column: textStart.column + image.tagOffset } : undefined;
      context.report({
        range: problem.kind !== 'untagged' && tagStart ? { start: tagStart, end: { line: tagStart.line, column: tagStart.column + image.tag!.length } } : range,
        message: problem.message,
        aliases: problem.aliases,
        severity: problem.severity,
      });
    }
  },
});

/** What is wrong with an image's tag, if anything: none, `latest`, or a floating channel (`stable`, `lts-slim`). */
function tagProblem(
  image: ImageRef,
  unresolvedVariables: boolean,
): { kind: 'untagged' | 'floating' | 'major-only'; message: string; aliases: string[]; severity?: 'info' } | undefined {
  if (image.digest !== undefined) return undefined;
  const repositoryKnown = image.repository !== '' && !image.repository.includes('$');
  // No image name (`FROM {base_image}`, `ARG BASE_IMG=<ubuntu>`): a template placeholder the build must replace.
  if (repositoryKnown && !isRepositoryName(image.repository)) return undefined;
  if (image.tag === undefined) {
    if (!repositoryKnown || unresolvedVariables) return undefined;
    return {
      kind: 'untagged',
      message: `Image \`${image.text}\` has no tag, so it means \`latest\`: name a release, e.g. \`${image.text}:<version>\``,
      aliases: ['DL3006', 'CKV_DOCKER_7', 'DS-0001'],
    };
  }
  // A tag written as such floats whatever the repository's variables hold (`gcr.io/$PROJECT/app:latest`).
  if (image.tag.includes('$')) return undefined;
  const tag = image.tag.toLowerCase();
  // `stable-alpine` and `lts-slim` float as much as `stable` and `lts`.
  const name = image.text.slice(0, image.tagOffset! - 1);
  // By the last part of the name, so that mirrors and vendors' rebuilds (`quay.io/centos/centos`) count too.
  const product = image.repository.toLowerCase().split('/').at(-1)!.replace(/\d+$/, '');
  if (isVariantOnly(tag) && !CODENAME_RELEASES.has(product)) {
    return {
      kind: 'floating',
      message: `Image \`${image.text}\` uses the tag \`${image.tag}\`, a variant with no version, which moves with every release: name one, e.g. \`${name}:<version>-${image.tag}\``,
      aliases: [],
    };
  }
  // Four digits are a release's name, not a major version: Windows' `1809`, `amazonlinux:2023`.
  // `7-r269` names a revision of the image: a pin.
  const major = /^(\d{1,3})(-(?!r\d)[a-z][\w.-]*)?$/.exec(tag);
  if (major && !MAJOR_RELEASES.has(product)) {
    return {
      kind: 'major-only',
      message: `Image \`${image.text}\` names only major version ${major[1]}, which moves to each new minor release: name one, e.g. \`${name}:${major[1]}.<minor>${image.tag.slice(major[1].length)}\``,
      aliases: [],
      severity: 'info',
    };
  }
  if (!FLOATING_TAGS.has(tag) && !FLOATING_TAGS.has(tag.split('-')[0]!)) return undefined;
  return {
    kind: 'floating',
    message:
      tag === 'latest'
        ? `Image \`${image.text}\` uses the \`latest\` tag, which moves with every release: name a version`
        : `Image \`${image.text}\` uses the floating tag \`${image.tag}\`, which moves with every release: name a version`,
    aliases: tag === 'latest' ? ['DL3007', 'CKV_DOCKER_7', 'DS-0001'] : [],
  };
}

/** `alpine`, `slim-bookworm`, `bookworm-slim`, `alpine3.20`: variant words only, no version of the image's own. */
function isVariantOnly(tag: string): boolean {
  return tag.split('-').every((word) => VARIANT_WORDS.has(word) || /^alpine\d+(\.\d+)*$/.test(word));
}

/** The tag itself when it is written literally, else the image word (the tag came from a variable). */
function tagRange(stage: Stage) {
  return stage.tagRange ?? stage.imageRange;
}
