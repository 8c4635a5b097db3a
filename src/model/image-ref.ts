/**
 * Docker image references (`registry:5000/team/app:1.2@sha256:...`), split the
 * way the Docker CLI splits them: the first path component is a registry only
 * when it has a `.` or `:` or is `localhost`, and a `:` after the last `/` is a tag.
 */
import { IMAGE_PUBLISHERS, type ImagePublisher } from '../data/image-publishers.js';

export interface ImageRef {
  /** As written after variable expansion, e.g. `python:3.12-slim`. */
  readonly text: string;
  /** Registry host (and port) when one is given, e.g. `ghcr.io`, `localhost:5000`. */
  readonly registry: string | undefined;
  /** The path without registry, e.g. `library/python`, `python`, `team/app`. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** Offsets in `text` of the tag and digest (for exact positions). */
  readonly tagOffset: number | undefined;
  readonly digestOffset: number | undefined;
}

export function parseImageRef(text: string): ImageRef {
  let rest = text;
  let digest: string | undefined;
  let digestOffset: number | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    digestOffset = at + 1;
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  let pathStart = 0;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      pathStart = slash + 1;
    }
  }
  let tag: string | undefined;
  let tagOffset: number | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/') && colon >= pathStart) {
    tag = rest.slice(colon + 1);
    tagOffset = colon + 1;
    rest = rest.slice(0, colon);
  }
  return { text, registry, repository: rest.slice(pathStart), tag, digest, tagOffset, digestOffset };
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** True for Docker Hub references, written with or without the registry. */
function isDockerHub(ref: ImageRef): boolean {
  return ref.registry === undefined || DOCKER_HUB_HOSTS.has(ref.registry);
}

/**
 * The Docker Official Image name (`python`) when the reference is one: `python`, `library/python`,
 * `docker.io/library/python`, an architecture's namespace (`arm64v8/python`), or a mirror that serves the official images under their names (AWS's
 * `public.ecr.aws/docker/library/python`, Google's `mirror.gcr.io/python` and `mirror.gcr.io/library/python`).
 */
export function officialImageName(ref: ImageRef): string | undefined {
  const repository = ref.repository.toLowerCase();
  const registry = ref.registry?.toLowerCase();
  const parts = repository.split('/');
  if (registry === 'public.ecr.aws') return parts.length === 3 && parts[0] === 'docker' && parts[1] === 'library' ? parts[2] : undefined;
  if (!isDockerHub(ref) && registry !== 'mirror.gcr.io') return undefined;
  if (parts.length === 1) return repository;
  if (parts.length === 2 && (parts[0] === 'library' || ARCHITECTURE_NAMESPACES.has(parts[0]))) return parts[1];
  return undefined;
}

/** Docker Hub namespaces where the official images are published one architecture at a time (`arm64v8/python`). */
const ARCHITECTURE_NAMESPACES = new Set(['amd64', 'arm32v5', 'arm32v6', 'arm32v7', 'arm64v8', 'i386', 'mips64le', 'ppc64le', 'riscv64', 's390x', 'windows-amd64']);

/** A repository path as the distribution reference grammar allows it: lower-case components joined by `/`. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** False for what is no image name: a template placeholder (`{base_image}`, `REPLACE-ME`, `<ubuntu>`). */
export function isRepositoryName(repository: string): boolean {
  return REPOSITORY_NAME.test(repository);
}

/**
 * True when the image comes from one of the `trusted` registries or namespaces: `*`, `*.example.com`, `host`,
 * `host/namespace`, a `prefix*` (Docker Hub as `docker.io/namespace`).
 */
export function isTrustedImage(image: ImageRef, trusted: readonly string[]): boolean {
  const host = image.registry ?? 'docker.io';
  const full = `${host}/${image.repository}`.toLowerCase();
  return trusted.some((entry) => {
    const pattern = entry.toLowerCase().replace(/\/+$/, '');
    if (pattern === '*') return true;
    if (pattern.startsWith('*.')) return host.toLowerCase().endsWith(pattern.slice(1));
    if (pattern.endsWith('*')) return full.startsWith(pattern.slice(0, -1));
    if (pattern === 'hub.docker.com' || pattern === 'docker.io') return host === 'docker.io' || image.registry === undefined;
    return full === pattern || full.startsWith(`${pattern}/`) || host.toLowerCase() === pattern;
  });
}

/**
 * The publisher of the image when it is one of the known vendors (src/data/image-publishers.ts): Docker Hub's
 * Verified Publishers and the vendors' own registries (`nvcr.io`, `quay.io/jupyter`, `mcr.microsoft.com`).
 */
export function knownPublisher(image: ImageRef): ImagePublisher | undefined {
  const host = (image.registry === undefined || DOCKER_HUB_HOSTS.has(image.registry.toLowerCase()) ? 'docker.io' : image.registry).toLowerCase().split('.');
  const path = image.repository.toLowerCase().split('/');
  return IMAGE_PUBLISHERS.find(({ images }) => {
    const [hostPattern, ...pathPattern] = images.split('/');
    const labels = hostPattern.split('.');
    if (labels.length !== host.length || labels.some((label, i) => label !== '*' && label !== host[i])) return false;
    return pathPattern.length < path.length && pathPattern.every((part, i) => part === '*' || part === path[i]);
  });
}
