/** `imageStart` and `finalStartCommands`: what a container of the final image runs when it starts, start scripts included. */
import { beforeAll, describe, expect, it } from 'vitest';
import { finalStartCommands, imageStart } from '../src/model/container-start.js';
import { createBuildContext, type ContextFiles } from '../src/model/context.js';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { loadShellParser } from '../src/model/shell-parser.js';

beforeAll(async () => {
  await loadShellParser();
});

/** A build context held in memory. */
function contextOf(files: Record<string, string>) {
  const disk: ContextFiles = {
    exists: (p) => Object.hasOwn(files, p),
    isDirectory: () => false,
    contains: (p) => Object.hasOwn(files, p),
    list: () => Object.keys(files).sort(),
    readHead: (p) => files[p],
    sizeOf: (p) => (Object.hasOwn(files, p) ? Buffer.byteLength(files[p]) : undefined),
  };
  return createBuildContext('/ctx', undefined, disk);
}

/** Each start command as `name arg...`, with the script it comes from. */
function starts(text: string, files: Record<string, string> = {}): string[] {
  const file = parseDockerfile(text, '/ctx/Dockerfile');
  return finalStartCommands(file, contextOf(files)).map((s) => [s.command.name, ...s.args.map((a) => a.value)].join(' ') + (s.script ? ` @${s.script.path}` : ''));
}

describe('imageStart', () => {
  it('keeps the CMD of an earlier stage unless a later ENTRYPOINT drops it', () => {
    const keep = parseDockerfile('FROM python AS base\nCMD ["flask", "run"]\nFROM base\nENV A=1', '/ctx/Dockerfile');
    expect(imageStart(keep.stages[1]).cmd?.line).toBe(2);
    const drop = parseDockerfile('FROM python AS base\nCMD ["flask", "run"]\nFROM base\nENTRYPOINT ["gunicorn"]', '/ctx/Dockerfile');
    expect(imageStart(drop.stages[1]).cmd).toBeUndefined();
    const same = parseDockerfile('FROM python\nCMD ["app:app"]\nENTRYPOINT ["gunicorn"]', '/ctx/Dockerfile');
    expect(imageStart(same.stages[0]).cmd?.line).toBe(2);
  });

  it('clears an instruction with an empty exec form', () => {
    const file = parseDockerfile('FROM python\nCMD ["flask", "run"]\nCMD []', '/ctx/Dockerfile');
    expect(imageStart(file.stages[0]).cmd).toBeUndefined();
  });
});

describe('finalStartCommands', () => {
  it('gives an exec-form ENTRYPOINT the words of an exec-form CMD, and the CMD alone too', () => {
    expect(starts('FROM python\nENTRYPOINT ["python3"]\nCMD ["manage.py", "runserver"]')).toEqual(['python3 manage.py runserver', 'manage.py runserver']);
    // A shell-form ENTRYPOINT ignores CMD.
    expect(starts('FROM python\nENTRYPOINT python3 app.py\nCMD ["flask", "run"]')).toEqual(['python3 app.py']);
  });

  it('reads the start script of a COPY heredoc, a RUN that writes it, and the build context', () => {
    expect(starts('FROM node\nCOPY <<EOF /start.sh\nexec pnpm dev\nEOF\nCMD ["/start.sh"]')).toEqual(['start.sh', 'pnpm dev @/start.sh']);
    expect(starts("FROM node\nRUN echo 'npm run dev' > /run.sh\nCMD sh /run.sh")).toEqual(['sh /run.sh', 'npm run dev @/run.sh']);
    expect(starts('FROM python\nWORKDIR /app\nCOPY . .\nCMD ["./start.sh"]', { 'start.sh': '#!/bin/sh\nexec flask run\n' })).toEqual(['start.sh', 'flask run @/app/start.sh']);
    expect(starts('FROM python\nWORKDIR /app\nCOPY . .\nCMD ["bash", "-c", ". entrypoint.sh"]', { 'entrypoint.sh': 'fastapi dev\n' })).toEqual(['. entrypoint.sh', 'fastapi dev @/app/entrypoint.sh']);
  });

  it('does not read a script of another interpreter, one too large, or one the Dockerfile does not show', () => {
    expect(starts('FROM python\nCOPY . /app\nCMD ["/app/start.sh"]', { 'start.sh': '#!/usr/bin/env python3\nprint(1)\n' })).toEqual(['start.sh']);
    expect(starts('FROM python\nCOPY . /app\nCMD ["/app/start.sh"]', { 'start.sh': `exec flask run\n${'#'.repeat(20_000)}\n` })).toEqual(['start.sh']);
    expect(starts('FROM python\nCMD ["/start.sh"]')).toEqual(['start.sh']);
  });
});
