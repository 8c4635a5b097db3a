/** The table of image publishers official-base-image accepts: its shape, and how an image reference is matched against it. */
import { describe, expect, it } from 'vitest';
import { checked, IMAGE_PUBLISHERS } from '../src/data/image-publishers.js';
import { knownPublisher, officialImageName, parseImageRef } from '../src/model/image-ref.js';

describe('image publishers table', () => {
  it('has a date, and rows with a pattern, a publisher and an https source, each pattern once', () => {
    expect(checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const row of IMAGE_PUBLISHERS) {
      expect(row.images, JSON.stringify(row)).toMatch(/^[a-z0-9*.-]+(:\d+)?(\/[a-z0-9*._-]+)*$/);
      expect(row.publisher.length, row.images).toBeGreaterThan(0);
      expect(row.source, row.images).toMatch(/^https:\/\/[^\s]+$/);
    }
    expect(new Set(IMAGE_PUBLISHERS.map((r) => r.images)).size).toBe(IMAGE_PUBLISHERS.length);
  });

  it('matches hosts, namespaces on every spelling of Docker Hub, and wildcard labels; nothing else', () => {
    const publisher = (text: string) => knownPublisher(parseImageRef(text))?.publisher;
    expect(publisher('nvcr.io/nvidia/pytorch:24.10-py3')).toBe('NVIDIA NGC');
    expect(publisher('nvidia/cuda:12.4.1-runtime-ubuntu22.04')).toBe('NVIDIA');
    expect(publisher('docker.io/pytorch/pytorch:latest')).toBe('PyTorch');
    expect(publisher('registry-1.docker.io/condaforge/miniforge3')).toBe('conda-forge');
    expect(publisher('763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3')).toBe('AWS Deep Learning Containers');
    for (const other of ['nvidia', 'someuser/nvidia', 'quay.io/someone/x', 'nvcr.io.evil.com/nvidia/pytorch', 'ghcr.io/astral-sh-fake/uv', '123.dkr.ecr.us-east-1.amazonaws.com/x']) {
      expect(publisher(other), other).toBeUndefined();
    }
  });

  it('knows the official images on their mirrors', () => {
    const official = (text: string) => officialImageName(parseImageRef(text));
    expect(official('public.ecr.aws/docker/library/python:3.12')).toBe('python');
    expect(official('mirror.gcr.io/python:3.12')).toBe('python');
    expect(official('mirror.gcr.io/library/python:3.12')).toBe('python');
    expect(official('public.ecr.aws/lambda/python:3.12')).toBeUndefined();
    expect(official('mirror.gcr.io/someone/python')).toBeUndefined();
    expect(official('arm64v8/python:3.12')).toBe('python');
    expect(official('armv8/python:3.12')).toBeUndefined();
  });
});
