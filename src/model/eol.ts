/**
 * What a base image is made of (a runtime release, a distribution release) read from its name and
 * tag, and which of those are past their end of life on a given day. The dates are in eol-dates.ts.
 */
import { EOL_DATES, type EolCycle, type ProductId } from './eol-dates.js';
import { imageGpu } from './gpu-images.js';
import { isDockerHub, type ImageRef } from './image-ref.js';

export interface EolPart {
  readonly product: ProductId;
  /** `Python 3.8`, `Debian 10 (buster)`. */
  readonly label: string;
  readonly cycle: EolCycle;
}

/** The image a product is published as (`centos-stream` shares `centos`). */
export function imageNameOf(product: ProductId): string {
  return product === 'centos-stream' ? 'centos' : product;
}

/** Images whose tag starts with the release of the product they are named after. */
const VERSIONED_IMAGES: Readonly<Record<string, ProductId>> = {
  python: 'python',
  node: 'node',
  golang: 'golang',
  ruby: 'ruby',
  php: 'php',
  postgres: 'postgres',
  debian: 'debian',
  ubuntu: 'ubuntu',
  alpine: 'alpine',
  centos: 'centos',
};

/**
 * Namespaces that publish the official images under their own name with the same tags (architecture
 * mirrors, ECR and GCR mirrors, CircleCI and Bitnami images of the same runtimes).
 */
const MIRROR_NAMESPACE = /^(?:(?:docker\/)?library|amd64|arm64v8|arm32v7|arm32v6|i386|ppc64le|s390x|cimg|circleci|bitnami)$/;

/** The releases an image is made of, e.g. `python:3.8-slim-buster` → Python 3.8 and Debian 10 (buster). */
function imageParts(ref: ImageRef): EolPart[] {
  const tag = (ref.tag ?? '').toLowerCase();
  if (tag === '') return [];
  const parts: EolPart[] = [];
  const add = (product: ProductId, cycle: EolCycle | undefined) => {
    if (cycle && !parts.some((p) => p.product === product)) parts.push({ product, label: label(product, cycle), cycle });
  };
  const tokens = tag.split(/[-_]/);
  const image = imageProduct(ref);
  if (image) add(image, leadingRelease(image, tokens[0]));
  // The CUDA release of `nvidia/cuda` tags and of images built on them (`pytorch/pytorch:1.13.1-cuda11.6-cudnn8-runtime`).
  const cuda = imageGpu(ref).cuda;
  if (cuda !== undefined) add('cuda', find('cuda', cuda));
  const stream = image === 'centos' ? /^stream(\d+)$/.exec(tokens[0]) : null;
  if (stream) add('centos-stream', find('centos-stream', stream[1]));
  // Distribution releases named in any tag: `-buster`, `-alpine3.14`, `-ubuntu20.04`, `-centos7`.
  for (const token of tokens) {
    for (const product of ['debian', 'ubuntu'] as const) add(product, EOL_DATES[product].cycles.find((c) => c.codename === token));
    let m = /^alpine(\d+\.\d+)$/.exec(token);
    if (m) add('alpine', find('alpine', m[1]));
    m = /^ubuntu(\d+\.\d+)$/.exec(token);
    if (m) add('ubuntu', find('ubuntu', m[1]));
    m = /^centos(\d+)$/.exec(token);
    if (m) add('centos', find('centos', m[1]));
    m = /^ubi(\d+)$/.exec(token);
    if (m) add('rhel', find('rhel', m[1]));
    if (image === 'node') add('node', EOL_DATES.node.cycles.find((c) => c.codename === token));
  }
  return parts;
}

/** The parts of an image that are past their end of life on `today` (`YYYY-MM-DD`). */
export function endOfLifeParts(ref: ImageRef, today: string): EolPart[] {
  return imageParts(ref).filter((p) => p.cycle.eol < today);
}

/** The Debian or Ubuntu release an image's name says it is built from: `ubuntu:22.04`, `nvidia/cuda:12.1.1-runtime-ubuntu22.04`, `debian:bookworm-slim`. */
export function distributionOf(ref: ImageRef): { readonly product: 'debian' | 'ubuntu'; readonly release: string } | undefined {
  const part = imageParts(ref).find((p) => p.product === 'debian' || p.product === 'ubuntu');
  return part && { product: part.product as 'debian' | 'ubuntu', release: part.cycle.cycle };
}

/** The oldest release of a product that is supported for at least another year from `today`: what to move to. */
export function successor(product: ProductId, today: string): EolCycle {
  const cycles = EOL_DATES[product].cycles;
  const yearLater = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  const supported = cycles.filter((c) => c.eol >= yearLater).sort((a, b) => compareCycles(a.cycle, b.cycle));
  return supported[0] ?? cycles.reduce((a, b) => (compareCycles(a.cycle, b.cycle) >= 0 ? a : b));
}

function imageProduct(ref: ImageRef): ProductId | undefined {
  const segments = ref.repository.toLowerCase().split('/');
  const name = segments.at(-1)!;
  const namespace = segments.slice(0, -1).join('/');
  if (ref.registry === 'quay.io' && ref.repository === 'centos/centos') return 'centos';
  if (namespace !== '' && !MIRROR_NAMESPACE.test(namespace)) return undefined;
  if (ref.registry !== undefined && !['docker.io', 'index.docker.io', 'registry-1.docker.io', 'public.ecr.aws', 'mirror.gcr.io'].includes(ref.registry)) return undefined;
  return VERSIONED_IMAGES[name];
}

/** NVIDIA's CUDA images, whose tags start with the CUDA release: `nvidia/cuda:12.1.1-runtime-ubuntu22.04`. */
export function isNvidiaCuda(ref: ImageRef): boolean {
  return ref.repository.toLowerCase() === 'nvidia/cuda' && (isDockerHub(ref) || ref.registry === 'nvcr.io');
}

/** The release a tag starts with: `3.8.18` → 3.8 for Python, `16` → 16 for Node.js, `9.6.24` → 9.6 for PostgreSQL. */
function leadingRelease(product: ProductId, token: string): EolCycle | undefined {
  if (product === 'centos') return find('centos', /^(\d+)(\.[\d.]+)?$/.exec(token)?.[1] ?? '');
  if (product === 'debian') return find('debian', /^(\d+)(\.\d+)?$/.exec(token)?.[1] ?? '');
  if (product === 'node') return find('node', /^(\d+)(\.\d+)*$/.exec(token)?.[1] ?? '');
  if (product === 'postgres') {
    const m = /^(\d+)(?:\.(\d+))?/.exec(token);
    if (!m) return undefined;
    return Number(m[1]) >= 10 ? find('postgres', m[1]) : find('postgres', `${m[1]}.${m[2] ?? ''}`);
  }
  if (product === 'python' && /^2(\.7)?$/.test(token)) return find('python', '2.7');
  const m = /^(\d+\.\d+)(\.\d+)?([a-z]+\d*)?$/.exec(token);
  return m ? find(product, m[1]) : undefined;
}

function find(product: ProductId, cycle: string): EolCycle | undefined {
  return EOL_DATES[product].cycles.find((c) => c.cycle === cycle);
}

function label(product: ProductId, cycle: EolCycle): string {
  const name = EOL_DATES[product].name;
  if (product === 'debian' || product === 'ubuntu') return `${name} ${cycle.cycle} (${cycle.codename})`;
  return `${name} ${cycle.cycle}`;
}

/** Numeric order of `3.9` < `3.10`, `9.6` < `10`. */
function compareCycles(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
