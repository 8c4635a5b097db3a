import { beforeAll, describe, expect, it } from 'vitest';
import { isWindowsShell, ownPipes, setsPipefail } from '../src/model/pipes.js';
import { loadShellParser, parseShellScript } from '../src/model/shell-parser.js';
import { MappedText } from '../src/model/source-map.js';

/** Each own pipe of a one-line script as `elements -> hidden`, e.g. `echo | base64 | gpg -> base64`. */
function pipes(text: string): string[] {
  const script = parseShellScript(new MappedText().append(text, { line: 1, column: 1 }), ['/bin/sh', '-c']);
  return ownPipes(script).map((pipe) => {
    const elements = pipe.elements.map((element) => element.map((c) => c.name).join(';')).join(' | ');
    return `${elements} -> ${pipe.hidden.map((c) => c.name).join(',')}${pipe.afterSetPipefail ? ' (pipefail)' : ''}`;
  });
}

describe('ownPipes', () => {
  beforeAll(async () => {
    await loadShellParser();
  });

  it('names every command before the last pipe that can fail', () => {
    expect(pipes('echo "$K" | base64 -d | gpg --import')).toEqual(['echo | base64 | gpg -> base64']);
    expect(pipes('curl -fsSL x | tar -xz')).toEqual(['curl | tar -> curl']);
    expect(pipes('yes | apt-get install x')).toEqual(['yes | apt-get -> ']);
  });

  it('takes a piped group or subshell by all of its commands', () => {
    expect(pipes('{ echo deb; curl -fsSL x; } | tee f')).toEqual(['echo;curl | tee -> curl']);
    expect(pipes('(echo a; wget -qO- x) | sh')).toEqual(['echo;wget | sh -> wget']);
    expect(pipes('(echo a; printf b) | sort')).toEqual(['echo;printf | sort -> ']);
    // A substitution's command is not part of the group's exit status.
    expect(pipes('{ echo "$(curl x)"; } | tee f')).toEqual(['echo | tee -> ']);
  });

  it('pipes only the last command of a list that tree-sitter reads with its redirection', () => {
    expect(pipes('apt-get update && echo deb 2>/dev/null | tee f')).toEqual(['echo | tee -> ']);
    expect(pipes('apt-get update && wget -qO- x 2>/dev/null | gpg --dearmor | tee k')).toEqual(['wget | gpg | tee -> wget,gpg']);
  });

  it('marks the pipes after a set -o pipefail, and leaves nested shells out', () => {
    expect(pipes('curl x | sh; set -o pipefail; curl y | tar -x')).toEqual(['curl | sh -> curl', 'curl | tar -> curl (pipefail)']);
    expect(pipes("sh -c 'curl x | tar -x'")).toEqual([]);
  });
});

describe('setsPipefail and isWindowsShell', () => {
  it('reads a shell and its options', () => {
    expect(setsPipefail(['/bin/bash', '-o', 'pipefail', '-c'])).toBe(true);
    expect(setsPipefail(['/bin/ash', '-eo', 'pipefail', '-c'])).toBe(true);
    expect(setsPipefail(['/bin/sh', '-c', '-o', 'pipefail'])).toBe(false);
    expect(setsPipefail(['python', '-o', 'pipefail'])).toBe(false);
    expect(isWindowsShell('C:\\Windows\\System32\\cmd.exe')).toBe(true);
    expect(isWindowsShell('pwsh')).toBe(true);
    expect(isWindowsShell('/bin/sh')).toBe(false);
  });
});
