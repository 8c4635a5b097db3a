/**
 * dockerignore-coverage on what a fixture cannot hold: git refuses to commit a `.git` folder, and
 * `node_modules/` is ignored by this repository. The contexts are written to a temporary folder.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { contextFilesOnDisk } from '../src/discover/context-files.js';

const root = mkdtempSync(join(tmpdir(), 'dockerlint-dockerignore-coverage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function coverage(name: string, files: Record<string, string>): Promise<string[]> {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const result = await lint([dir], { cwd: dir, config: false });
  return result.files.flatMap((f) => f.findings.filter((x) => x.rule === 'dockerignore-coverage').map((x) => `${f.path}:${x.range.start.line} ${x.message}`));
}

const COPY_ALL = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\n';

describe('dockerignore-coverage', () => {
  it('reports .git and the node_modules beside each package.json, at the end of the ignore file', async () => {
    const found = await coverage('git-and-node', {
      '.git/HEAD': 'ref: refs/heads/main\n',
      Dockerfile: COPY_ALL,
      '.dockerignore': '*.md\n',
      'package.json': '{}\n',
      'node_modules/left-pad/index.js': '\n',
      'web/package.json': '{}\n',
      'web/node_modules/react/index.js': '\n',
    });
    expect(found).toEqual([
      '.dockerignore:2 2 local `node_modules` folders (`node_modules`, `web/node_modules`) reach the image through `COPY .` (Dockerfile:3), and they hold packages built for another machine: add `node_modules`, `**/node_modules` to this file',
      '.dockerignore:2 the Git metadata `.git` reaches the image through `COPY .` (Dockerfile:3), and the image gets the repository history: add `.git` to this file',
    ]);
  });

  it('leaves .git alone when the version comes from Git or a RUN runs git', async () => {
    expect(
      await coverage('scm-version', {
        '.git/HEAD': 'ref: refs/heads/main\n',
        Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n',
        '.dockerignore': '*.md\n',
        'pyproject.toml': '[build-system]\nrequires = ["setuptools>=64", "setuptools_scm>=8"]\n',
      }),
    ).toEqual([]);
    expect(
      await coverage('runs-git', {
        '.git/HEAD': 'ref: refs/heads/main\n',
        Dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache git\nWORKDIR /src\nCOPY . .\nRUN git rev-parse HEAD > /version\n',
        '.dockerignore': '*.md\n',
      }),
    ).toEqual([]);
  });

  it('says nothing for an ignore file that no linted Dockerfile uses, or that excludes node_modules', async () => {
    expect(await coverage('unused', { '.dockerignore': '*.md\n', '.env': 'A=1\n', 'node_modules/x/index.js': '\n' })).toEqual([]);
    expect(
      await coverage('excluded', { Dockerfile: COPY_ALL, '.dockerignore': '.git\nnode_modules\n', '.git/HEAD': 'x\n', 'node_modules/x/index.js': '\n' }),
    ).toEqual([]);
  });

  it('sizes files with lstat and only inside the context: a link is its own size, a folder linked out is not looked into', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'big.pt'), 'x'.repeat(5_000));
    const dir = join(root, 'sizes');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'small.pt'), 'x'.repeat(10));
    symlinkSync(join(outside, 'big.pt'), join(dir, 'link.pt'));
    symlinkSync(outside, join(dir, 'linked-dir'));
    const disk = contextFilesOnDisk(dir);
    expect(disk.sizeOf('small.pt')).toBe(10);
    expect(disk.sizeOf('link.pt')).toBeLessThan(5_000);
    expect(disk.sizeOf('linked-dir/big.pt')).toBeUndefined();
    expect(disk.sizeOf('../outside/big.pt')).toBeUndefined();
    expect(disk.sizeOf('missing.pt')).toBeUndefined();
    writeFileSync(join(dir, 'Dockerfile'), COPY_ALL);
    writeFileSync(join(dir, '.dockerignore'), '*.md\n');
    const result = await lint([dir], { cwd: dir, config: false, ruleSettings: { 'dockerignore-coverage': ['warning', { largeFileBytes: 1_000 }] } });
    expect(result.files.flatMap((f) => f.findings.filter((x) => x.rule === 'dockerignore-coverage'))).toEqual([]);
  });
});
