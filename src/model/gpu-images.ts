/**
 * What a base image says about GPUs: whether it is a CUDA image, which CUDA release its tag names, and whether
 * it has the compiler (`devel`). The ML rules ask this (CUDA wheels in a CPU image, a CUDA release that does not
 * match the framework's, CUDA releases past their end of support), so the tag grammars live here once.
 */
import type { Stage } from './dockerfile.js';
import { officialImageName, type ImageRef } from './image-ref.js';
import { rootStage } from './stages.js';

export interface ImageGpu {
  /** A CUDA image: `nvidia/cuda`, `pytorch/pytorch`, `tensorflow/tensorflow:*-gpu`, NVIDIA's NGC images, a tag naming CUDA. */
  readonly gpu: boolean;
  /** Known to have no CUDA: a Docker Official Image or a well-known CPU base (`python:3.12-slim`, `continuumio/miniconda3`). */
  readonly cpu: boolean;
  /** The CUDA release the tag names, major.minor: `12.1`. */
  readonly cuda: string | undefined;
  /** The CUDA release as the tag writes it: `12.1.1`, `12.1`. */
  readonly cudaTag: string | undefined;
  /** NVIDIA's flavours: `base` (the CUDA runtime library only), `runtime` (the libraries), `devel` (headers and `nvcc`). */
  readonly flavor: 'base' | 'runtime' | 'devel' | undefined;
  /** The operating system part of an `nvidia/cuda` tag: `ubuntu22.04`, `centos7`, `ubi8`. */
  readonly os: string | undefined;
  /** The repository, with its registry when not Docker Hub, lower-case: `nvidia/cuda`, `python`, `nvcr.io/nvidia/pytorch`. */
  readonly repository: string;
  /** The image's name as messages show it: `nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04`. */
  readonly name: string;
}

/**
 * Repositories whose every image is built for CUDA, registry included where it is not Docker Hub. Their tags may
 * name the CUDA release (`pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime`) or not (`nvcr.io/nvidia/pytorch:24.05-py3`).
 */
const CUDA_REPOSITORIES: readonly RegExp[] = [
  /^(nvcr\.io\/)?nvidia\//, // nvidia/cuda, nvidia/cudagl, nvcr.io/nvidia/pytorch, nvcr.io/nvidia/tritonserver...
  /^pytorch\/pytorch$/,
  /^vllm\/vllm-openai$/,
  /^ghcr\.io\/huggingface\/text-generation-inference$/,
  /^huggingface\/transformers-[\w-]*gpu$/,
  /^anibali\/pytorch$/,
  /^runpod\/pytorch$/,
  /^(gcr\.io\/deeplearning-platform-release|us-docker\.pkg\.dev\/deeplearning-platform-release\/gcr\.io)\/[\w.-]*(gpu|cu\d+)[\w.-]*$/,
];

/** Repositories whose tags say whether they are built for CUDA (`tensorflow/tensorflow:2.15.0-gpu`): GPU only when the tag does. */
const TAGGED_REPOSITORIES: readonly RegExp[] = [/^tensorflow\/tensorflow$/, /^mambaorg\/micromamba$/, /^paddlepaddle\/paddle$/, /^jupyter\/[\w-]+$/, /^quay\.io\/jupyter\/[\w-]+$/];

/** Docker Official Images of operating systems and language runtimes: none has CUDA. */
const OFFICIAL_CPU_IMAGES = new Set([
  'python', 'pypy', 'debian', 'ubuntu', 'alpine', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux',
  'photon', 'clearlinux', 'archlinux', 'busybox', 'buildpack-deps', 'node', 'golang', 'ruby', 'php', 'r-base', 'julia', 'openjdk',
  'eclipse-temurin', 'amazoncorretto', 'ibmjava', 'sapmachine', 'haskell', 'rust', 'gcc', 'perl',
]);

/** Well-known images without CUDA besides the Docker Official Images. */
const CPU_REPOSITORIES: readonly RegExp[] = [
  /^(gcr\.io\/distroless\/python3[\w-]*|cgr\.dev\/chainguard\/python|ghcr\.io\/astral-sh\/uv|mcr\.microsoft\.com\/devcontainers\/python|cimg\/python|circleci\/python|bitnami\/python)$/,
  /^(continuumio\/(miniconda3?|anaconda3?)|condaforge\/(miniforge3|mambaforge|miniforge-pypy3))$/,
  /^(registry\.access\.redhat\.com\/)?ubi\d+(\/[\w-]+)?$/,
  /^(public\.ecr\.aws\/lambda\/python|amazon\/aws-lambda-python|mcr\.microsoft\.com\/azure-functions\/python)$/,
  /^tiangolo\/[\w-]+$/,
];

/** A tag that names CUDA: `cuda12.1`, `cuda-12.1`, `cu121`, `gpu`. */
const CUDA_IN_TAG = /(?:^|[-_.])cuda-?(\d+)\.(\d+)(?:\.\d+)?(?=$|[-_])/i;
const CU_IN_TAG = /(?:^|[-_.])cu(\d{2})(\d)(?=$|[-_])/i;
const GPU_IN_TAG = /(?:^|[-_.])(gpu|cuda)(?=$|[-_.\d])/i;

/**
 * An `nvidia/cuda` tag: `12.1.1-cudnn8-runtime-ubuntu22.04`, `11.8.0-base-ubi8`, `10.2-cudnn7-devel-centos7`,
 * `12.4.1-cudnn-devel-ubuntu22.04`: the release, optional cuDNN, the flavour, the operating system.
 */
function nvidiaCudaTag(tag: string): { cuda: string; cudaTag: string; flavor: ImageGpu['flavor']; os: string | undefined } | undefined {
  const parts = tag.split('-');
  const release = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(parts[0]);
  if (!release) return undefined;
  const at = parts.findIndex((p) => p === 'base' || p === 'runtime' || p === 'devel');
  const os = at >= 0 && /^[a-z]+\d[\d.]*$/.test(parts[at + 1] ?? '') ? parts[at + 1] : undefined;
  return { cuda: `${release[1]}.${release[2]}`, cudaTag: parts[0], flavor: at >= 0 ? (parts[at] as ImageGpu['flavor']) : undefined, os };
}

/** What the image of `stage` says about GPUs, following `FROM <earlier stage>`; undefined for `scratch` or a name with an unresolved variable. */
export function imageGpuOf(stage: Stage, gpuImages: readonly string[] = []): ImageGpu | undefined {
  const root = rootStage(stage);
  if (root.isScratch || root.imageHasUnresolvedVariables) return undefined;
  return imageGpu(root.image, gpuImages);
}

/** What an image reference says about GPUs. `gpuImages` are repositories (`registry/team/base`) the user declares CUDA images. */
export function imageGpu(ref: ImageRef, gpuImages: readonly string[] = []): ImageGpu {
  const repository = (ref.registry && ref.registry !== 'docker.io' ? `${ref.registry}/${ref.repository}` : ref.repository.replace(/^library\//, '')).toLowerCase();
  const tag = ref.tag ?? '';
  const name = ref.text;
  const nvidiaCuda = /^(nvcr\.io\/)?nvidia\/cuda$/.test(repository) ? nvidiaCudaTag(tag) : undefined;
  if (nvidiaCuda) return { gpu: true, cpu: false, ...nvidiaCuda, repository, name };
  const cudaInTag = CUDA_IN_TAG.exec(tag);
  const cuInTag = cudaInTag ? null : CU_IN_TAG.exec(tag);
  const cuda = cudaInTag ? `${cudaInTag[1]}.${cudaInTag[2]}` : cuInTag ? `${cuInTag[1]}.${cuInTag[2]}` : undefined;
  const cudaTag = cudaInTag ? /cuda-?([\d.]+\d)/i.exec(tag)?.[1] : cuda;
  const flavor = /(?:^|-)devel(?:$|-)/.test(tag) ? 'devel' : /(?:^|-)runtime(?:$|-)/.test(tag) ? 'runtime' : undefined;
  const declared = gpuImages.some((image) => matchesImage(repository, image.toLowerCase()));
  const wholeRepository = CUDA_REPOSITORIES.some((r) => r.test(repository));
  const tagged = cuda !== undefined || GPU_IN_TAG.test(tag);
  const gpu = declared || wholeRepository || tagged;
  const official = officialImageName(ref);
  const cpu = !gpu && ((official !== undefined && OFFICIAL_CPU_IMAGES.has(official)) || TAGGED_REPOSITORIES.some((r) => r.test(repository)) || CPU_REPOSITORIES.some((r) => r.test(repository)));
  return { gpu, cpu, cuda, cudaTag, flavor, os: undefined, repository, name };
}

/** `team/base` matches `team/base`; `team/` and `team/*` match every repository under `team/`. */
function matchesImage(repository: string, pattern: string): boolean {
  const prefix = pattern.endsWith('/*') ? pattern.slice(0, -1) : pattern;
  return prefix.endsWith('/') ? repository.startsWith(prefix) : repository === prefix;
}
