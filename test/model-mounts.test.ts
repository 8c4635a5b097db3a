/** `run.mounts`: the one reading of `RUN --mount` that every rule asks. */
import { describe, expect, it } from 'vitest';
import { parseDockerfile, type Instruction } from '../src/model/dockerfile.js';
import { range } from '../src/model/position.js';

function runOf(text: string): Instruction {
  const file = parseDockerfile(text, 'Dockerfile');
  const run = file.instructions.filter((i) => i.keyword === 'RUN').at(-1);
  if (!run) throw new Error('no RUN');
  return run;
}

describe('RUN --mount', () => {
  it('reads the typed fields, with aliases read as their name and bind as the default type', () => {
    const run = runOf('FROM alpine:3.20\nRUN --mount=dst=/src,src=app,from=build,ro --mount=type=secret,id=npmrc,env=NPMRC,required,mode=0400,uid=1,gid=2 true\n');
    const [bind, secret] = run.mounts;
    expect(bind).toMatchObject({ type: 'bind', target: '/src', source: 'app', from: 'build', readonly: true });
    expect(bind.options.map((o) => [o.key, o.name])).toEqual([['dst', 'target'], ['src', 'source'], ['from', 'from'], ['ro', 'readonly']]);
    expect(secret).toMatchObject({ type: 'secret', id: 'npmrc', env: 'NPMRC', required: true, mode: '0400', uid: '1', gid: '2', readonly: false, target: undefined });
  });

  it('expands ARG values and resolves a relative target under the WORKDIR', () => {
    const run = runOf('FROM python:3.12-slim\nARG CACHE=/root/.cache\nWORKDIR /app\nRUN --mount=type=cache,target=${CACHE}/pip --mount=type=bind,target=./src,rw pip install .\n');
    expect(run.mounts.map((m) => m.target)).toEqual(['/root/.cache/pip', '/app/src']);
    expect(run.mounts[1].readonly).toBe(false);
  });

  it('reads a field quoted the CSV way as one field, and keeps blank and unknown fields for invalid-instruction', () => {
    const run = runOf('FROM alpine:3.20\nRUN --mount=type=cache,"target=/a,b",,Taget=/x true\n');
    const [mount] = run.mounts;
    expect(mount.target).toBe('/a,b');
    expect(mount.options.map((o) => o.key)).toEqual(['type', 'target', '', 'taget']);
  });

  it('gives each field and value its range in the file', () => {
    const run = runOf('FROM alpine:3.20\nRUN --mount=type=bind,from=build,target=/x true\n');
    const from = run.mounts[0].options[1];
    expect(from.range).toEqual(range(2, 23, 2, 33));
    expect(from.valueRange).toEqual(range(2, 28, 2, 33));
  });

  it('is parsed once and kept on the instruction; other instructions have none', () => {
    const file = parseDockerfile('FROM alpine:3.20\nRUN --mount=type=cache,target=/x true\nCOPY a /a\n', 'Dockerfile');
    expect(file.instructions[1].mounts).toBe(file.instructions[1].mounts);
    expect(file.instructions[2].mounts).toEqual([]);
  });

  it('reads the mounts of an ONBUILD RUN', () => {
    const file = parseDockerfile('FROM alpine:3.20\nONBUILD RUN --mount=type=cache,target=/var/cache/apk apk add curl\n', 'Dockerfile');
    expect(file.instructions[1].trigger?.mounts.map((m) => m.type)).toEqual(['cache']);
  });
});

describe('flags BuildKit reads on every instruction', () => {
  it('splits the leading --flags of an instruction dockerfile-ast leaves them in', () => {
    const file = parseDockerfile('FROM alpine:3.20\nUSER --chown=1 -- app\nCOPY --from=build /a /b\n', 'Dockerfile');
    const [user, copy] = [file.instructions[1], file.instructions[2]];
    expect(user.leadingFlags.map((f) => [f.name, f.value])).toEqual([['chown', '1']]);
    expect(user.operands.map((w) => w.value)).toEqual(['app']);
    expect(copy.leadingFlags.map((f) => f.name)).toEqual(['from']);
    expect(copy.operands.map((w) => w.value)).toEqual(['/a', '/b']);
  });

  it('tells a JSON array of non-strings (an error) from shell form and from exec form', () => {
    const file = parseDockerfile('FROM alpine:3.20\nCMD ["a", 1]\nCMD [ -f /x ]\nCMD ["a"]\n', 'Dockerfile');
    expect(file.instructions.slice(1).map((i) => i.execFormHasNonStrings)).toEqual([true, false, false]);
  });
});
