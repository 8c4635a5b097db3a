/** The Dockerfile model where dockerfile-ast needs help: forms read by our own code. */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { range } from '../src/model/position.js';

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
  it('reads `RUN <<EOF bash -ex` as bash fed the heredoc, with positions in the file', async () => {
    const { loadShellParser } = await import('../src/model/shell-parser.js');
    await loadShellParser();
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
