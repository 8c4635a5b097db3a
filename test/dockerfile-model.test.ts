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
