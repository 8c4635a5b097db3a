/** The Dockerfile model where dockerfile-ast needs help: forms read by our own code. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { range } from '../src/model/position.js';
import { loadShellParser } from '../src/model/shell-parser.js';

// RUN, CMD and ENTRYPOINT scripts are parsed on first use, with the WASM shell parser.
beforeAll(loadShellParser);

describe('exec form', () => {
  it('reads a JSON array continued over lines with the backtick escape, with the position of each string', () => {
    const file = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENTRYPOINT ["cmd", "/S", `\n  "/C"]\n', 'Dockerfile');
    const words = file.instructions[1].execForm;
    expect(words?.map((w) => w.value)).toEqual(['cmd', '/S', '/C']);
    expect(words?.[2].range).toEqual(range(4, 4, 4, 6));
  });

  it('reads HEALTHCHECK CMD arrays continued with the backtick escape', () => {
    const file = parseDockerfile('# escape=`\nFROM alpine:3.20\nHEALTHCHECK CMD ["wget", `\n  "-q", "http://localhost/"]\n', 'Dockerfile');
    expect(file.instructions[1].execForm?.map((w) => w.value)).toEqual(['wget', '-q', 'http://localhost/']);
  });

  it('leaves a bracketed shell command that is not JSON as shell form', () => {
    const file = parseDockerfile('FROM alpine:3.20\nCMD [ -f /x ] && echo yes\n', 'Dockerfile');
    expect(file.instructions[1].execForm).toBeUndefined();
  });
});

describe('RUN heredocs', () => {
  it('reads `RUN <<EOF bash -ex` as bash fed the heredoc, with positions in the file', () => {
    const file = parseDockerfile('FROM debian:12\nRUN <<"EOF" bash -ex\napt-get update\n  rm -rf /tmp/x\nEOF\n', 'Dockerfile');
    const script = file.instructions[1].script!;
    expect(script.hasErrors).toBe(false);
    expect(script.commands.map((c) => [c.name, c.nesting])).toEqual([
      ['bash', 'top'],
      ['apt-get', 'heredoc-script'],
      ['rm', 'heredoc-script'],
    ]);
    expect(script.commands[0].nameWord.range).toEqual(range(2, 13, 2, 17));
    expect(script.commands[0].args[0].range).toEqual(range(2, 18, 2, 21));
    expect(script.commands[2].nameWord.range).toEqual(range(4, 3, 4, 5));
  });
});

describe('command names', () => {
  it('names a command written as a variable by its ARG/ENV value, and leaves an unknown one unnamed', () => {
    const file = parseDockerfile('FROM python:3.12\nENV PY=python3.12 VENV=/opt/venv\nRUN ${PY} -m pip install x && $VENV/bin/pip install y && $UNKNOWN install z\n', 'Dockerfile');
    const commands = file.instructions[2].script!.commands;
    expect(commands.map((c) => c.name)).toEqual(['python3.12', 'pip', '']);
    expect(commands[0].nameWord.value).toBe('${PY}');
    expect(commands[0].nameWord.range).toEqual(range(3, 5, 3, 10));
  });

  it('names the container command by ENV values only: build arguments are gone when it runs', () => {
    const file = parseDockerfile('FROM python:3.12\nARG TOOL=celery\nENV APP=gunicorn\nCMD $APP app:app && $TOOL worker\n', 'Dockerfile');
    expect(file.instructions[3].script!.commands.map((c) => c.name)).toEqual(['gunicorn', '']);
  });

  it('under cmd, takes `;` as part of the command line, not as its end', () => {
    const file = parseDockerfile(
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command $a = 1; `\n  wget https://x -OutFile y && echo "a;b"\n',
      'Dockerfile',
    );
    const commands = file.instructions[1].script!.commands;
    expect(commands.map((c) => c.name)).toEqual(['powershell', 'echo']);
    expect(commands[0].args.map((w) => w.value)).toContain('wget');
    expect(commands[1].args[0].value).toBe('a;b');
  });
});

describe('shell forms tree-sitter-bash rejects and bash accepts', () => {
  it('reads `fi done` and `) done` without a separator, keeping positions', () => {
    const file = parseDockerfile(
      'FROM debian:12\nRUN for p in a b; do \\\n  if [ -n "$p" ]; then apt-get install -y "$p"; fi \\\n  done && for q in c; do (cd /tmp) \\\n  done && rm -rf /var/lib/apt/lists/*\n',
      'Dockerfile',
    );
    const script = file.instructions[1].script!;
    expect(script.hasErrors).toBe(false);
    expect(script.commands.map((c) => c.name)).toEqual(['apt-get', 'cd', 'rm']);
    expect(script.commands[2].nameWord.range).toEqual(range(5, 11, 5, 13));
  });
});
