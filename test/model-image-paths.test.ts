/** The model's answers about what reaches the image: which stages, and where a path in it came from. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildContext } from '../src/model/context.js';
import { copySourcesOf } from '../src/model/copies.js';
import { parseDockerfile, type DockerfileModel, type Instruction } from '../src/model/dockerfile.js';
import { contextPathOf } from '../src/model/packages.js';
import { loadShellParser } from '../src/model/shell-parser.js';
import { finalImageStages, imageStages } from '../src/model/stages.js';

// Matching an instruction object reads its script, parsed with the WASM shell parser.
beforeAll(loadShellParser);

const parse = (text: string): DockerfileModel => parseDockerfile(text, 'Dockerfile');
const last = (file: DockerfileModel): Instruction => file.instructions.at(-1)!;
const names = (stages: readonly { name: string | undefined }[]) => stages.map((s) => s.name);

describe('finalImageStages', () => {
  it('is the last stage, the stages it is built on, and the stages it copies whole, in file order', () => {
    const file = parse(
      'FROM alpine:3.20 AS base\nFROM base AS app\nFROM alpine:3.20 AS tools\nFROM alpine:3.20 AS rootfs\nFROM alpine:3.20 AS part\n' +
        'FROM app AS final\nCOPY --from=rootfs / /\nCOPY --from=part /usr/bin/x /usr/bin/x\nRUN --mount=from=tools,target=/t true\n',
    );
    expect(names(finalImageStages(file))).toEqual(['base', 'app', 'rootfs', 'final']);
  });

  it('follows whole copies transitively, by name or index, with ARG values', () => {
    const file = parse('FROM alpine:3.20\nFROM scratch AS mid\nCOPY --from=0 /. /\nFROM scratch\nARG SRC=mid\nCOPY --from=$SRC / /\n');
    expect(finalImageStages(file).map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('differs from imageStages, the stages no later stage uses (possible build targets)', () => {
    const file = parse('FROM alpine:3.20 AS build\nFROM alpine:3.20 AS test\nRUN --mount=from=build,target=/b true\nFROM alpine:3.20\nCOPY --from=build /out /out\n');
    expect(names(imageStages(file))).toEqual(['test', undefined]);
    expect(names(finalImageStages(file))).toEqual([undefined]);
  });
});

describe('copySourcesOf', () => {
  it('maps a workdir-relative path through a folder copy and a file copy, latest first', () => {
    const file = parse('FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ ./\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
    const origins = copySourcesOf(last(file), 'requirements.txt');
    expect(origins.map((o) => [o.instruction.line, o.contextPath, o.via, o.sourceIsFolder])).toEqual([
      [4, 'requirements.txt/requirements.txt', 'folder', undefined],
      [4, 'requirements.txt', 'source', undefined],
      [3, 'src/requirements.txt', 'folder', true],
    ]);
  });

  it('maps the whole context and a file copied to a new name', () => {
    const file = parse('FROM node:22\nCOPY . /srv\nCOPY ["conf/prod.json", "/etc/app.json"]\nRUN true\n');
    expect(copySourcesOf(last(file), '/srv/lib/a.js').map((o) => o.contextPath)).toEqual(['lib/a.js']);
    expect(copySourcesOf(last(file), '/etc/app.json').map((o) => o.contextPath)).toEqual(['conf/prod.json']);
  });

  it('matches wildcard sources by name', () => {
    const file = parse('FROM node:22\nWORKDIR /web\nCOPY web/package*.json ./\nRUN npm ci\n');
    expect(copySourcesOf(last(file), 'package-lock.json').map((o) => o.contextPath)).toEqual(['web/package-lock.json']);
    expect(copySourcesOf(last(file), 'index.js')).toEqual([]);
  });

  it('looks through the stages a stage is built on, not through later instructions', () => {
    const file = parse('FROM python:3.12 AS base\nCOPY req.txt /r/\nFROM base\nRUN pip install -r /r/req.txt\nCOPY other.txt /r/req.txt\n');
    const run = file.instructions[3];
    expect(copySourcesOf(run, '/r/req.txt').map((o) => [o.instruction.line, o.contextPath])).toEqual([
      [2, 'req.txt/req.txt'],
      [2, 'req.txt'],
    ]);
  });

  it('tells a --from copy, a heredoc and a bind mount of the context apart', () => {
    const file = parse(
      'FROM alpine:3.20\nCOPY --from=build /out/ /opt/\nCOPY <<EOF /etc/motd\nhi\nEOF\n' +
        'RUN --mount=type=bind,source=deps,target=/deps --mount=type=bind,from=build,target=/b --mount=type=cache,target=/c true\n',
    );
    const run = last(file);
    expect(copySourcesOf(run, '/opt/bin/x')).toMatchObject([{ from: 'build', path: 'out/bin/x', contextPath: undefined }]);
    expect(copySourcesOf(run, '/etc/motd')).toMatchObject([{ from: undefined, path: undefined, contextPath: undefined }]);
    expect(copySourcesOf(run, '/deps/requirements.txt')).toMatchObject([{ instruction: run, contextPath: 'deps/requirements.txt' }]);
    expect(copySourcesOf(run, '/b/x')).toMatchObject([{ from: 'build', path: 'x', contextPath: undefined }]);
    expect(copySourcesOf(run, '/c/x')).toEqual([]);
  });
});

describe('contextPathOf', () => {
  const context = (files: string[]): BuildContext => ({ exists: (p: string) => files.includes(p) }) as unknown as BuildContext;

  it('picks the reading the context holds', () => {
    const file = parse('FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ ./\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
    expect(contextPathOf(last(file), 'requirements.txt', context(['requirements.txt', 'src/requirements.txt']))).toBe('requirements.txt');
    expect(contextPathOf(last(file), 'requirements.txt', context(['src/requirements.txt']))).toBe('src/requirements.txt');
  });

  it('reads a requirements file through a bind mount of the context', () => {
    const file = parse('FROM python:3.12-slim\nRUN --mount=type=bind,source=reqs/prod.txt,target=/tmp/r.txt pip install -r /tmp/r.txt\n');
    expect(contextPathOf(last(file), '/tmp/r.txt', context(['reqs/prod.txt']))).toBe('reqs/prod.txt');
  });
});
