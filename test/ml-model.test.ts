/** The model the ML rules ask: what a base image says about CUDA, and the Python packages an image installs. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { imageGpu, imageGpuOf } from '../src/model/gpu-images.js';
import { parseImageRef } from '../src/model/image-ref.js';
import { imagePythonPackages } from '../src/model/python-packages.js';
import { loadShellParser } from '../src/model/shell-parser.js';

beforeAll(async () => {
  await loadShellParser();
});

const noManifests = { manifestsInstalledBy: () => [], includesOf: () => [] };

describe('imageGpu', () => {
  it('reads the release, flavour and operating system of nvidia/cuda tags', () => {
    expect(imageGpu(parseImageRef('nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04'))).toMatchObject({ gpu: true, cpu: false, cuda: '12.1', cudaTag: '12.1.1', flavor: 'runtime', os: 'ubuntu22.04' });
    expect(imageGpu(parseImageRef('nvcr.io/nvidia/cuda:10.2-cudnn7-devel-centos7'))).toMatchObject({ cuda: '10.2', cudaTag: '10.2', flavor: 'devel', os: 'centos7' });
    expect(imageGpu(parseImageRef('nvidia/cuda:11.8.0-base-ubi8'))).toMatchObject({ cuda: '11.8', flavor: 'base', os: 'ubi8' });
    expect(imageGpu(parseImageRef('nvidia/cuda:latest'))).toMatchObject({ gpu: true, cuda: undefined });
  });

  it('reads CUDA from the tags of framework images, and knows CPU bases', () => {
    expect(imageGpu(parseImageRef('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel'))).toMatchObject({ gpu: true, cuda: '12.1', cudaTag: '12.1', flavor: 'devel' });
    expect(imageGpu(parseImageRef('pytorch/pytorch:latest'))).toMatchObject({ gpu: true, cuda: undefined });
    expect(imageGpu(parseImageRef('tensorflow/tensorflow:2.15.0-gpu'))).toMatchObject({ gpu: true, cpu: false });
    expect(imageGpu(parseImageRef('tensorflow/tensorflow:2.15.0'))).toMatchObject({ gpu: false, cpu: true });
    expect(imageGpu(parseImageRef('runpod/pytorch:2.1.0-py3.10-cuda11.8.0-devel-ubuntu22.04'))).toMatchObject({ gpu: true, cuda: '11.8' });
    for (const cpu of ['python:3.12-slim', 'library/ubuntu:22.04', 'public.ecr.aws/docker/library/python:3.12', 'continuumio/miniconda3', 'ghcr.io/astral-sh/uv:python3.12-bookworm-slim']) {
      expect(imageGpu(parseImageRef(cpu)), cpu).toMatchObject({ gpu: false, cpu: true });
    }
    // Neither: a private image, a placeholder, an official image that is not an OS or a runtime.
    for (const unknown of ['mycorp/ml-base:1', '<jupyter>', 'python-image', 'nginx:1.27']) {
      expect(imageGpu(parseImageRef(unknown)), unknown).toMatchObject({ gpu: false, cpu: false });
    }
    expect(imageGpu(parseImageRef('registry.example.com/ml/base:3'), ['registry.example.com/ml/'])).toMatchObject({ gpu: true });
  });

  it('follows FROM <stage> and ARG defaults; leaves unresolved names alone', () => {
    const file = parseDockerfile('ARG CUDA=12.4.1\nFROM nvidia/cuda:${CUDA}-devel-ubuntu22.04 AS base\nFROM base\nFROM ${UNSET}\n', 'Dockerfile');
    expect(imageGpuOf(file.stages[1])).toMatchObject({ cuda: '12.4', flavor: 'devel' });
    expect(imageGpuOf(file.stages[2])).toBeUndefined();
  });
});

describe('imagePythonPackages', () => {
  it('reads the package words of pip, uv, conda and poetry, with versions, extras and the indexes in effect', () => {
    const file = parseDockerfile(
      [
        'FROM python:3.12-slim AS build',
        'RUN pip install torch==2.3.1+cu118 "jax[cuda12]>=0.4" --extra-index-url https://download.pytorch.org/whl/cu118',
        'FROM python:3.12-slim',
        'ARG TV=0.18.1',
        'ENV PIP_INDEX_URL=https://mirror.example.com/simple',
        'RUN PIP_FIND_LINKS=/wheels python -m pip install "torchvision==${TV}" && uv pip install --torch-backend=cpu torchaudio',
        'RUN conda install -y -c conda-forge numpy=1.26.4=py312h1 conda-forge::scipy',
        'RUN pip install https://download.pytorch.org/whl/cpu/torch-2.3.1%2Bcpu-cp312-cp312-linux_x86_64.whl',
      ].join('\n'),
      'Dockerfile',
    );
    const packages = imagePythonPackages(file, noManifests);
    const summary = packages.map((p) => [p.normalizedName, p.version, p.extras, p.manager, p.inFinalImage, p.indexUrls]);
    expect(summary).toEqual([
      ['torch', '2.3.1+cu118', [], 'pip', false, ['https://download.pytorch.org/whl/cu118']],
      ['jax', undefined, ['cuda12'], 'pip', false, ['https://download.pytorch.org/whl/cu118']],
      ['torchvision', '0.18.1', [], 'pip', true, ['https://mirror.example.com/simple', '/wheels']],
      ['torchaudio', undefined, [], 'uv', true, ['https://download.pytorch.org/whl/cpu', 'https://mirror.example.com/simple']],
      ['numpy', undefined, [], 'conda', true, []],
      ['scipy', undefined, [], 'conda', true, []],
      ['torch', '2.3.1+cpu', [], 'pip', true, ['https://mirror.example.com/simple']],
    ]);
    expect(packages[0].siblings.map((p) => p.name)).toEqual(['torch', 'jax']);
    expect(packages[0].target).toMatchObject({ path: 'Dockerfile', kind: 'dockerfile' });
    expect(packages[2].range).toEqual({ start: { line: 6, column: 50 }, end: { line: 6, column: 70 } });
  });
});
