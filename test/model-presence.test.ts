/** `presenceAt`: is a path of the container there when an instruction runs (copied, mounted, written, absent, or not known). */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile, type Instruction } from '../src/model/dockerfile.js';
import { createBuildContext } from '../src/model/context.js';
import { presenceAt, stagesCopying, writtenPaths } from '../src/model/presence.js';
import { loadShellParser } from '../src/model/shell-parser.js';
import type { ShellCommand } from '../src/model/shell.js';

beforeAll(async () => {
  await loadShellParser();
});

/** The last RUN of the file and the command of it named `name` (the last one when several). */
function at(text: string, name = 'pip'): { run: Instruction; command: ShellCommand } {
  const file = parseDockerfile(text, '/ctx/Dockerfile');
  const run = file.instructions.filter((i) => i.keyword === 'RUN').at(-1)!;
  const command = run.script!.commands.filter((c) => c.name === name).at(-1)!;
  return { run, command };
}

function kind(text: string, path: string, name = 'pip'): string {
  const { run, command } = at(text, name);
  return presenceAt(run, path, { command }).kind;
}

describe('presenceAt', () => {
  it('finds a COPY of the stage or of a stage it is built on, not of another stage', () => {
    expect(kind('FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt', 'requirements.txt')).toBe('copied');
    expect(kind('FROM python:3.12 AS base\nCOPY r.txt /app/\nFROM base\nRUN pip install -r /app/r.txt', '/app/r.txt')).toBe('copied');
    expect(kind('FROM python:3.12 AS a\nCOPY r.txt /app/\nFROM python:3.12\nRUN pip install -r /app/r.txt', '/app/r.txt')).toBe('absent');
    expect(kind('FROM python:3.12\nRUN pip install -r /app/r.txt\nCOPY r.txt /app/', '/app/r.txt')).toBe('absent');
  });

  it('names the stages not in the lineage that copy the path', () => {
    const file = parseDockerfile('FROM python:3.12 AS deps\nCOPY r.txt /app/\nFROM python:3.12 AS other\nFROM python:3.12\nRUN pip install -r /app/r.txt', '/ctx/Dockerfile');
    const run = file.instructions.at(-1)!;
    expect(stagesCopying(run, '/app/r.txt', file.stages).map((s) => s.name)).toEqual(['deps']);
  });

  it('follows the WORKDIR and the cd of the same RUN', () => {
    expect(kind('FROM python:3.12\nCOPY r.txt /opt/\nRUN cd /opt && pip install -r r.txt', 'r.txt')).toBe('copied');
    expect(kind('FROM python:3.12\nCOPY r.txt /opt/\nRUN cd /srv && pip install -r r.txt', 'r.txt')).toBe('absent');
    expect(kind('FROM python:3.12\nCOPY r.txt /opt/\nRUN cd "$(mktemp -d)" && pip install -r r.txt', 'r.txt')).toBe('unknown');
  });

  it('sees a bind mount of the RUN itself', () => {
    const presence = presenceAt(at('FROM python:3.12\nRUN --mount=type=bind,source=r.txt,target=/tmp/r.txt pip install -r /tmp/r.txt').run, '/tmp/r.txt');
    expect(presence).toMatchObject({ kind: 'mounted', path: '/tmp/r.txt' });
  });

  it('sees what a command writes by name, earlier in the RUN or in an earlier RUN', () => {
    expect(kind('FROM python:3.12\nRUN pip install flask && pip freeze > /tmp/r.txt && pip download -r /tmp/r.txt', '/tmp/r.txt')).toBe('created');
    expect(kind('FROM python:3.12\nRUN curl -fsSLo /tmp/r.txt https://example.com/r.txt\nRUN pip install -r /tmp/r.txt', '/tmp/r.txt')).toBe('created');
    expect(kind('FROM python:3.12\nRUN pip download -r /tmp/r.txt && pip freeze > /tmp/r.txt', '/tmp/r.txt')).toBe('absent');
  });

  it('does not know what clones, archives, scripts, cache mounts and unknown bases bring', () => {
    expect(kind('FROM python:3.12\nRUN git clone https://github.com/x/app.git /src && pip install -r /src/r.txt', '/src/r.txt')).toBe('unknown');
    expect(kind('FROM python:3.12\nWORKDIR /app\nRUN git clone https://github.com/x/app.git\nRUN pip install -r /app/other/r.txt', '/app/other/r.txt')).toBe('absent');
    expect(kind('FROM python:3.12\nWORKDIR /app\nRUN curl -sL https://x/a.tgz | tar xz\nRUN pip install -r r.txt', 'r.txt')).toBe('unknown');
    expect(kind('FROM python:3.12\nRUN python -c "open(\'/r.txt\', \'w\')"\nRUN pip install -r /r.txt', '/r.txt')).toBe('unknown');
    expect(kind('FROM python:3.12\nRUN --mount=type=cache,target=/cache pip install -r /cache/r.txt', '/cache/r.txt')).toBe('unknown');
    expect(kind('FROM registry.example.com/team/base:1\nRUN pip install -r /app/r.txt', '/app/r.txt')).toBe('unknown');
    expect(kind('FROM python:3-onbuild\nRUN pip install -r /usr/src/app/r.txt', '/usr/src/app/r.txt')).toBe('unknown');
    // A relative path with no WORKDIR is read where the base image works: `/workspace` for this one.
    expect(kind('FROM nvcr.io/nvidia/pytorch:25.02-py3\nCOPY r.txt /workspace\nRUN pip install -r r.txt', 'r.txt')).toBe('unknown');
    expect(kind('FROM scratch\nRUN pip install -r r.txt', 'r.txt')).toBe('absent');
  });

  it('drops a reading the build context rules out: nothing is below a file', () => {
    const { run, command } = at('FROM python:3.12\nCOPY requirements.txt /app/\nRUN pip install -r /app/base.txt');
    const disk = { exists: (p: string) => p === 'requirements.txt', isDirectory: () => false, sizeOf: () => undefined, contains: () => true, list: () => ['requirements.txt'], readHead: () => undefined };
    const context = createBuildContext('/ctx', undefined, disk);
    expect(presenceAt(run, '/app/base.txt', { command }).kind).toBe('copied');
    expect(presenceAt(run, '/app/base.txt', { command, context }).kind).toBe('absent');
  });
});

describe('writtenPaths', () => {
  it('reads redirections, downloads and copies, and gives scripts anywhere', () => {
    const { run } = at('FROM python:3.12\nWORKDIR /w\nRUN echo x > a.txt; wget -qO- https://x | sh; cp -r src /dst; ./build.sh; tee -a log <x');
    const written = run.script!.commands.map((c) => writtenPaths(c, '/w', run));
    expect(written).toEqual([
      [{ path: '/w/a.txt', below: false }],
      [],
      [],
      [{ path: '/dst', below: true }],
      [{ path: undefined, below: true }],
      [{ path: '/w/log', below: false }],
    ]);
  });
});
