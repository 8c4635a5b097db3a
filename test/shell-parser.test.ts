import { beforeAll, describe, expect, it } from 'vitest';
import { range, type Range } from '../src/model/position.js';
import type { ShellCommand, ShellScript } from '../src/model/shell.js';
import { loadShellParser, parseExecForm, parseShellScript } from '../src/model/shell-parser.js';
import { MappedText } from '../src/model/source-map.js';

const SH = ['/bin/sh', '-c'];

/** A RUN body on one line of the Dockerfile, starting at `line`:`column`. */
function oneLine(text: string, line = 1, column = 1): MappedText {
  return new MappedText().append(text, { line, column });
}

/** Physical lines of a Dockerfile, as [text, line, column]; `null` line for text that is not in the file. */
function pieces(...parts: [string, number | null, number][]): MappedText {
  const mapped = new MappedText();
  for (const [text, line, column] of parts) mapped.append(text, line === null ? undefined : { line, column });
  return mapped;
}

/** The range of the `nth` occurrence of `needle` in `lineText`, the text of Dockerfile line `line`. */
function at(lineText: string, needle: string, line: number, nth = 0): Range {
  let index = lineText.indexOf(needle);
  for (let i = 0; i < nth; i++) index = lineText.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`no ${needle} in ${lineText}`);
  return range(line, index + 1, line, index + 1 + needle.length);
}

function parse(text: string, line = 1, column = 1): ShellScript {
  return parseShellScript(oneLine(text, line, column), SH);
}

function names(script: ShellScript): string[] {
  return script.commands.map((c) => c.name);
}

function values(command: ShellCommand): string[] {
  return command.args.map((a) => a.value);
}

function byName(script: ShellScript, name: string, nth = 0): ShellCommand {
  const found = script.commands.filter((c) => c.name === name)[nth];
  if (!found) throw new Error(`no command ${name} #${nth} in ${names(script).join(', ')}`);
  return found;
}

/** The exec-form words of `json` written at `line`:`column`, with their ranges (quotes included). */
function execWords(json: string, line = 1, column = 1): { value: string; range: Range }[] {
  const words: { value: string; range: Range }[] = [];
  const pattern = /"(?:[^"\\]|\\.)*"/g;
  for (let m = pattern.exec(json); m; m = pattern.exec(json)) {
    const start = column + m.index;
    words.push({ value: JSON.parse(m[0]) as string, range: range(line, start, line, start + m[0].length) });
  }
  return words;
}

it('throws a clear error when used before loadShellParser()', () => {
  expect(() => parse('ls')).toThrow(/loadShellParser/);
});

describe('shell parser', () => {
  beforeAll(async () => {
    await loadShellParser();
  });

  it('loads once: every call returns the same promise', () => {
    expect(loadShellParser()).toBe(loadShellParser());
  });

  describe('commands and words', () => {
    it('reads a simple command with exact Dockerfile positions', () => {
      const script = parse('apt-get install -y curl', 3, 5);
      expect(script.hasErrors).toBe(false);
      expect(script.shell).toBe(SH);
      expect(script.topLevelCount).toBe(1);
      const [command] = script.commands;
      expect(command.name).toBe('apt-get');
      expect(command.nameWord).toEqual({ text: 'apt-get', value: 'apt-get', literal: true, range: range(3, 5, 3, 12) });
      expect(values(command)).toEqual(['install', '-y', 'curl']);
      expect(command.args[2].range).toEqual(range(3, 24, 3, 28));
      expect(command.range).toEqual(range(3, 5, 3, 28));
      expect(command.nesting).toBe('top');
      expect(command.parent).toBeUndefined();
      expect(command.pipeline).toEqual([command]);
      expect(command.pipelineIndex).toBe(0);
      expect(command.background).toBe(false);
    });

    it('maps positions across line continuations', () => {
      const line1 = 'RUN apt-get update \\';
      const line2 = '    && apt-get install -y curl';
      const script = parseShellScript(pieces(['apt-get update ', 1, 5], [line2, 2, 1]), SH);
      expect(names(script)).toEqual(['apt-get', 'apt-get']);
      expect(script.commands[0].range).toEqual(range(1, 5, 1, 19));
      expect(script.commands[0].args[0].range).toEqual(at(line1, 'update', 1));
      const install = script.commands[1];
      expect(install.nameWord.range).toEqual(range(2, 8, 2, 15));
      expect(install.args[2].range).toEqual(at(line2, 'curl', 2));
      expect(install.range).toEqual(range(2, 8, 2, 31));
    });

    it('finds every simple command in source order, through lists and compound statements', () => {
      const script = parse(
        'a && b || c; d\n(e; f) | { g; }\nif h; then i; elif j; then k; else l; fi\n' +
          'for x in 1 2; do m; done; while n; do o; done\ncase $v in p) q;; *) r;; esac\nfn() { s; }\n! t > /dev/null',
      );
      expect(names(script)).toEqual('abcdefghijklmnopqrst'.split('').filter((n) => n !== 'p'));
      expect(script.topLevelCount).toBe(19);
      expect(script.hasErrors).toBe(false);
    });

    it('removes quotes and escapes in values and keeps expansions as written', () => {
      const line = `echo "a b" 'c d' $'x\\ty' a\\ b foo"bar"'baz' foo"bar"$X \${V:-x} "$(id -u)" "q\\"r" ~/x *.txt`;
      const script = parse(line);
      const words = script.commands[0].args;
      expect(words.map((w) => w.value)).toEqual([
        'a b', 'c d', 'x\ty', 'a b', 'foobarbaz', 'foobar$X', '${V:-x}', '$(id -u)', 'q"r', '~/x', '*.txt',
      ]);
      expect(words.map((w) => w.literal)).toEqual([true, true, true, true, true, false, false, false, true, true, true]);
      expect(words[5].text).toBe('foo"bar"$X');
      expect(words[5].range).toEqual(at(line, 'foo"bar"$X', 1));
      expect(words[8].range).toEqual(at(line, '"q\\"r"', 1));
    });

    it('keeps an escaped blank at the start of a word in the word', () => {
      const words = parse(`echo 'q'\\ r \\ c`).commands[0].args;
      expect(words.map((w) => w.value)).toEqual(['q r', ' c']);
      expect(words[1].range).toEqual(range(1, 13, 1, 16));
    });

    it('reports exact columns after non-ASCII characters', () => {
      // é is one UTF-16 unit and 😀 two, as the Dockerfile's columns count them.
      const script = parse('echo é😀 && apt-get install "ü" x', 2, 5);
      expect(script.commands[0].args[0]).toMatchObject({ value: 'é😀', range: range(2, 10, 2, 13) });
      const install = byName(script, 'apt-get');
      expect(install.nameWord.range).toEqual(range(2, 17, 2, 24));
      expect(install.args[1]).toMatchObject({ value: 'ü', range: range(2, 33, 2, 36) });
      expect(install.args[2].range).toEqual(range(2, 37, 2, 38));
    });
  });

  describe('assignments', () => {
    it('keeps NAME=value prefixes as assignments of the command', () => {
      const pip = parse('PIP_NO_CACHE_DIR=1 A="x y" pip install x').commands[0];
      expect(pip.name).toBe('pip');
      expect(pip.assignments).toEqual([
        { name: 'PIP_NO_CACHE_DIR', value: '1', range: range(1, 1, 1, 19) },
        { name: 'A', value: 'x y', range: range(1, 20, 1, 27) },
      ]);
      expect(pip.range.start).toEqual({ line: 1, column: 1 });
      expect(values(pip)).toEqual(['install', 'x']);
    });

    it('takes env NAME=value words as assignments', () => {
      const command = parse('env -i A=1 B=2 cmd arg').commands[0];
      expect(command.name).toBe('cmd');
      expect(command.assignments.map((a) => [a.name, a.value])).toEqual([['A', '1'], ['B', '2']]);
      expect(command.wrappers.map((w) => w.value)).toEqual(['env']);
    });

    it('collects variables set by assignment statements and declarations', () => {
      const script = parse('export A=1 B; X=2 && local Y=3; declare -x Z="q"; T=1 cmd; readonly R=1; C=$(id) >/dev/null');
      expect([...script.assignedVariables].sort()).toEqual(['A', 'C', 'R', 'X', 'Y', 'Z']);
      const exported = byName(script, 'export');
      expect(values(exported)).toEqual(['A=1', 'B']);
      expect(names(script)).toEqual(['export', 'local', 'declare', 'cmd', 'readonly', 'id']);
    });

    it('lists assignment statements with their values in source order, not appends or command prefixes', () => {
      const script = parse('deps="gcc make" && export P=\'x y\' && A+=z && T=1 cmd && L=(jq rsync); C=$(id -u)');
      expect(script.assignments.map((a) => [a.name, a.value])).toEqual([
        ['deps', 'gcc make'],
        ['P', 'x y'],
        ['L', '(jq rsync)'],
        ['C', '$(id -u)'],
      ]);
      expect(script.assignments[0].range).toEqual(range(1, 1, 1, 16));
      expect(names(script)).toEqual(['export', 'cmd', 'id']);
    });
  });

  describe('redirections and heredocs', () => {
    it('records redirections apart from the arguments', () => {
      const command = parse('cmd a > /dev/null 2>&1 < in >> log &> all 2>err b').commands[0];
      expect(values(command)).toEqual(['a', 'b']);
      expect(command.redirects.map((r) => [r.operator, r.target.value])).toEqual([
        ['>', '/dev/null'], ['2>&', '1'], ['<', 'in'], ['>>', 'log'], ['&>', 'all'], ['2>', 'err'],
      ]);
      expect(command.redirects[0].target.range).toEqual(range(1, 9, 1, 18));
    });

    it('gives a redirection after an && list to the last command, as bash does (tree-sitter hangs it on the list)', () => {
      const script = parse('printf a > /x && echo b >> /etc/pip.conf c && pip install black>=23.1 build');
      expect(script.commands.map((c) => [c.name, values(c), c.redirects.map((r) => [r.operator, r.target.value])])).toEqual([
        ['printf', ['a'], [['>', '/x']]],
        ['echo', ['b', 'c'], [['>>', '/etc/pip.conf']]],
        ['pip', ['install', 'black', 'build'], [['>', '=23.1']]],
      ]);
    });

    it('gives the redirection of a list to its last command, as bash does', () => {
      // tree-sitter reads the redirection as the whole list's; bash applies it to `pip freeze` alone.
      const script = parse('pip install flask && pip freeze > /tmp/req.txt');
      expect(script.commands.map((c) => c.redirects.map((r) => r.target.value))).toEqual([[], ['/tmp/req.txt']]);
    });

    it('gives a heredoc to its command, with the delimiter as redirect target', () => {
      // RUN cat <<EOF > /etc/app.conf && chmod 600 /etc/app.conf
      // key=value
      // EOF
      const script = parseShellScript(
        pieces(['cat <<EOF > /etc/app.conf && chmod 600 /etc/app.conf', 1, 5], ['\n', null, 0], ['key=value\n', 2, 1], ['EOF\n', 3, 1]),
        SH,
      );
      expect(names(script)).toEqual(['cat', 'chmod']);
      const cat = script.commands[0];
      expect(cat.redirects.map((r) => [r.operator, r.target.value])).toEqual([['<<', 'EOF'], ['>', '/etc/app.conf']]);
      expect(cat.heredocs).toEqual([{ body: 'key=value\n', range: range(2, 1, 2, 10) }]);
      expect(cat.args).toEqual([]);
    });

    it('reads a heredoc fed to a shell as a script with exact positions', () => {
      // RUN bash <<EOF
      // set -e
      //   apt-get install -y curl
      // EOF
      const script = parseShellScript(
        pieces(['bash <<EOF', 1, 5], ['\n', null, 0], ['set -e\n', 2, 1], ['  apt-get install -y curl\n', 3, 1], ['EOF\n', 4, 1]),
        SH,
      );
      expect(names(script)).toEqual(['bash', 'set', 'apt-get']);
      const bash = script.commands[0];
      const install = byName(script, 'apt-get');
      expect(install.nesting).toBe('heredoc-script');
      expect(install.parent).toBe(bash);
      expect(install.nameWord.range).toEqual(range(3, 3, 3, 10));
      expect(install.args[2].range).toEqual(range(3, 22, 3, 26));
      expect(script.topLevelCount).toBe(1);
    });

    it('reads `sh -s` heredocs as scripts, but not those of a shell given a script file', () => {
      const heredoc = (first: string) => pieces([first, 1, 5], ['\n', null, 0], ['ls\n', 2, 1], ['EOF\n', 3, 1]);
      expect(names(parseShellScript(heredoc('sh -s -- arg <<EOF'), SH))).toEqual(['sh', 'ls']);
      expect(names(parseShellScript(heredoc('sh script.sh <<EOF'), SH))).toEqual(['sh']);
      expect(names(parseShellScript(heredoc('cat <<"EOF" | sh'), SH))).toEqual(['cat', 'sh']);
    });
  });

  describe('nested commands', () => {
    it('includes commands of substitutions with their parent', () => {
      const script = parse('VERSION=$(curl -s x) tar -C `pwd` -xf "$(basename $(ls))"');
      expect(names(script)).toEqual(['tar', 'curl', 'pwd', 'basename', 'ls']);
      const [tar, curl, pwd, basename, ls] = script.commands;
      expect(curl).toMatchObject({ nesting: 'substitution', parent: tar });
      expect(curl.range).toEqual(range(1, 11, 1, 20));
      expect(pwd).toMatchObject({ nesting: 'substitution', parent: tar });
      expect(basename).toMatchObject({ nesting: 'substitution', parent: tar });
      expect(ls).toMatchObject({ nesting: 'substitution', parent: basename });
      expect(tar.assignments[0]).toMatchObject({ name: 'VERSION', value: '$(curl -s x)' });
      expect(script.topLevelCount).toBe(1);
    });

    it('includes commands of process substitutions', () => {
      const script = parse('bash <(curl -s https://x.sh)');
      const [bash, curl] = script.commands;
      expect(bash.name).toBe('bash');
      expect(bash.args[0]).toMatchObject({ value: '<(curl -s https://x.sh)', literal: false });
      expect(curl).toMatchObject({ name: 'curl', nesting: 'process-substitution', parent: bash });
      expect(curl.range).toEqual(range(1, 8, 1, 28));
    });

    it('does not parse a -c string that is not literal, but finds its substitution', () => {
      const script = parse('python -c "$(curl -fsSL https://x/get.py)"');
      expect(names(script)).toEqual(['python', 'curl']);
      expect(script.commands[0].args[1].literal).toBe(false);
      expect(script.commands[1]).toMatchObject({ nesting: 'substitution', parent: script.commands[0] });
    });

    it('parses the string of sh -c as a script of its own, with exact positions', () => {
      const line = `RUN sh -c 'apt-get update && apt-get install -y curl' && bash -ec "cd /app; make"`;
      const script = parse(line.slice(4), 4, 5);
      expect(names(script)).toEqual(['sh', 'apt-get', 'apt-get', 'bash', 'cd', 'make']);
      const sh = script.commands[0];
      const install = script.commands[2];
      expect(install).toMatchObject({ nesting: 'shell-string', parent: sh });
      expect(install.nameWord.range).toEqual(at(line, 'apt-get', 4, 1));
      expect(install.args[2].range).toEqual(at(line, 'curl', 4));
      expect(script.commands[5]).toMatchObject({ nesting: 'shell-string', parent: script.commands[3] });
      expect(script.commands[5].range).toEqual(at(line, 'make', 4));
      expect(script.topLevelCount).toBe(2);
    });

    it('maps sh -c strings with escapes and line continuations exactly', () => {
      const line1 = 'RUN su-exec app sh -lc "echo \\"hi\\" \\';
      const line2 = '    && pip install x"';
      const script = parseShellScript(pieces([line1.slice(4, -1), 1, 5], [line2, 2, 1]), SH);
      expect(names(script)).toEqual(['sh', 'echo', 'pip']);
      expect(script.commands[0].wrappers.map((w) => w.value)).toEqual(['su-exec']);
      const echo = script.commands[1];
      // The inner word `"hi"` is written `\"hi\"`: its range runs from the first quote to the last.
      expect(echo.args[0]).toMatchObject({ text: '"hi"', value: 'hi', range: at(line1, '"hi\\"', 1) });
      expect(script.commands[2].nameWord.range).toEqual(at(line2, 'pip', 2));
      expect(script.commands[2].args[1].range).toEqual(at(line2, 'x', 2));
    });
  });

  describe('pipelines and background', () => {
    it('links the commands of a pipeline', () => {
      const script = parse('curl -fsSL x | tar xz -C /opt |& tee log && echo done');
      const [curl, tar, tee, echo] = script.commands;
      expect(curl.pipeline).toEqual([curl, tar, tee]);
      expect([curl.pipelineIndex, tar.pipelineIndex, tee.pipelineIndex]).toEqual([0, 1, 2]);
      expect(tar.pipeline).toBe(curl.pipeline);
      expect(echo.pipeline).toEqual([echo]);
    });

    it('reads `a | b | c && d` as one pipeline followed by d', () => {
      // tree-sitter nests the list inside the pipeline; the model must not.
      const script = parse('curl x | tar xz | tee log && rm -f x');
      const [curl, tar, tee, rm] = script.commands;
      expect(curl.pipeline).toEqual([curl, tar, tee]);
      expect(tee.pipelineIndex).toBe(2);
      expect(rm.pipeline).toEqual([rm]);
    });

    it('continues the pipeline of a command fed a heredoc', () => {
      const script = parseShellScript(pieces(['cat <<EOF | sh && echo ok', 1, 5], ['\n', null, 0], ['ls\n', 2, 1], ['EOF\n', 3, 1]), SH);
      const [cat, sh, echo] = script.commands;
      expect(names(script)).toEqual(['cat', 'sh', 'echo']);
      expect(cat.pipeline).toEqual([cat, sh]);
      expect(sh.pipelineIndex).toBe(1);
      expect(echo.pipeline).toEqual([echo]);
      expect(cat.heredocs).toEqual([{ body: 'ls\n', range: range(2, 1, 2, 3) }]);
    });

    it('puts the first command of a compound in its pipeline slot', () => {
      const script = parse('curl x | (cd /tmp; sh)');
      const [curl, cd, sh] = script.commands;
      expect(curl.pipeline).toEqual([curl, cd]);
      expect(cd.pipelineIndex).toBe(1);
      expect(sh.pipeline).toEqual([sh]);
    });

    it('marks commands run in the background', () => {
      const script = parse('nginx & python app.py; a && b & c');
      expect(script.commands.map((c) => [c.name, c.background])).toEqual([
        ['nginx', true], ['python', false], ['a', true], ['b', true], ['c', false],
      ]);
    });
  });

  describe('wrappers', () => {
    it('looks through sudo and its options', () => {
      const command = parse('sudo -u app -E /usr/bin/apt-get install x').commands[0];
      expect(command.name).toBe('apt-get');
      expect(command.nameWord.value).toBe('/usr/bin/apt-get');
      expect(command.wrappers.map((w) => w.value)).toEqual(['sudo']);
      expect(values(command)).toEqual(['install', 'x']);
      expect(command.range).toEqual(range(1, 1, 1, 42));
      expect(parse('sudo apt-get install x').commands[0].name).toBe('apt-get');
    });

    it('looks through chains of wrappers with their options and operands', () => {
      const command = parse('nice -n 10 timeout -s KILL 30 stdbuf -oL gosu user xargs -n1 -I{} rm -f {}').commands[0];
      expect(command.name).toBe('rm');
      expect(command.wrappers.map((w) => w.value)).toEqual(['nice', 'timeout', 'stdbuf', 'gosu', 'xargs']);
      expect(values(command)).toEqual(['-f', '{}']);
      expect(parse('timeout 30 make').commands[0].name).toBe('make');
      expect(parse('exec "$@"').commands[0]).toMatchObject({ name: '', wrappers: [{ value: 'exec' }] });
    });

    it('keeps a wrapper with nothing to run, and command -v, as the command', () => {
      expect(parse('sudo').commands[0]).toMatchObject({ name: 'sudo', wrappers: [] });
      expect(parse('sudo -u app').commands[0].name).toBe('sudo');
      const lookup = parse('command -v curl').commands[0];
      expect(lookup.name).toBe('command');
      expect(values(lookup)).toEqual(['-v', 'curl']);
      expect(parse('command curl x').commands[0].name).toBe('curl');
    });

    it('names a command whose first word is not literal with an empty name', () => {
      const command = parse('$PM install x').commands[0];
      expect(command.name).toBe('');
      expect(command.nameWord).toMatchObject({ value: '$PM', literal: false });
    });
  });

  describe('errors and other shells', () => {
    it('keeps what was parsed when the script has errors', () => {
      const script = parse('apt-get install (');
      expect(script.hasErrors).toBe(true);
      expect(script.commands[0]).toMatchObject({ name: 'apt-get' });
      expect(values(script.commands[0])).toEqual(['install']);
    });

    it('does not parse scripts of PowerShell', () => {
      for (const shell of [['powershell', '-Command'], ['pwsh', '-c']]) {
        const script = parseShellScript(oneLine('Write-Host hi; apt-get install x'), shell);
        expect(script).toMatchObject({ commands: [], topLevelCount: 0, hasErrors: false, shell });
      }
    });

    it('reads cmd.exe command lines, but not $(...) or backticks, which are text there', () => {
      for (const shell of [['cmd', '/S', '/C'], ['C:\\Windows\\System32\\cmd.exe', '/S', '/C']]) {
        const script = parseShellScript(oneLine('pip install -r req.txt && powershell -Command "$(Get-Date) | `echo x`"'), shell);
        expect(names(script)).toEqual(['pip', 'powershell']);
      }
    });
  });

  describe('exec form', () => {
    it('parses the script of a shell given -c, with positions in the JSON string', () => {
      const line = 'RUN ["/bin/sh", "-c", "apt-get install -y x && echo \\"ok\\""]';
      const script = parseExecForm(execWords(line.slice(4), 2, 5), SH);
      expect(names(script)).toEqual(['apt-get', 'echo']);
      expect(script.topLevelCount).toBe(2);
      expect(script.commands[0].nesting).toBe('top');
      expect(script.commands[0].nameWord.range).toEqual(at(line, 'apt-get', 2));
      expect(script.commands[0].args[2].range).toEqual(at(line, 'x', 2));
      expect(script.commands[1].args[0]).toMatchObject({ value: 'ok', range: at(line, '"ok\\"', 2) });
      const lc = parseExecForm(execWords('["bash", "-lc", "make all"]'), SH);
      expect(names(lc)).toEqual(['make']);
    });

    it('makes one literal command of other words, through wrappers', () => {
      const words = execWords('["sudo", "env", "A=1", "/usr/bin/python", "$HOME"]', 1, 5);
      const script = parseExecForm(words, SH);
      expect(script.commands).toHaveLength(1);
      const [command] = script.commands;
      expect(command).toMatchObject({ name: 'python', nesting: 'top' });
      expect(command.wrappers.map((w) => w.value)).toEqual(['sudo', 'env']);
      expect(command.assignments.map((a) => [a.name, a.value])).toEqual([['A', '1']]);
      expect(command.args[0]).toEqual({ text: '$HOME', value: '$HOME', literal: true, range: words[4].range });
      expect(command.range).toEqual({ start: words[0].range.start, end: words[4].range.end });
      expect(script.topLevelCount).toBe(1);
    });

    it('reads CMD ["python", "app.py"] as python', () => {
      const script = parseExecForm(execWords('["python", "app.py"]'), SH);
      expect(names(script)).toEqual(['python']);
      expect(values(script.commands[0])).toEqual(['app.py']);
    });
  });
});
