/** What a Dockerfile word is once BuildKit has removed its quotes and escapes and substituted its variables. */
import { describe, expect, it } from 'vitest';
import { parseDockerfile, type Word } from '../src/model/dockerfile.js';
import { processWord } from '../src/model/word.js';

/** The words of the last instruction of `source`. */
function words(source: string): readonly Word[] {
  const file = parseDockerfile(source, 'Dockerfile');
  const last = file.instructions[file.instructions.length - 1];
  return last.execForm ?? last.args;
}

describe('word.unquoted', () => {
  it('removes quotes wherever they are and keeps single-quoted text literal', () => {
    const w = words(`FROM alpine\nCOPY "a"b 'c'"d" '$X' "$X"/app a\\'b' /dst/\n`);
    expect(w.map((x) => x.unquoted)).toEqual(['ab', 'cd', '$X', '$X/app', "a'b'", '/dst/']);
    expect(w[0].value).toBe('"a"b');
  });

  it('keeps a backslash in double quotes unless it escapes `"`, `$` or itself, and drops it outside quotes', () => {
    const w = words(`FROM alpine\nCOPY "C:\\x" "a\\"b" "\\$X" C:\\y C:\\\\z /dst/\n`);
    expect(w.map((x) => x.unquoted)).toEqual(['C:\\x', 'a"b', '$X', 'C:y', 'C:\\z', '/dst/']);
  });

  it('follows the escape directive: the backtick escapes, the backslash is a plain character', () => {
    const w = words('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY C:\\app "a`"b" a`\'b C:\\dst\\\n');
    expect(w.map((x) => x.unquoted)).toEqual(['C:\\app', 'a"b', "a'b", 'C:\\dst\\']);
  });

  it('keeps an unterminated quote, as in the halves of `"a b"` that dockerfile-ast splits', () => {
    const w = words(`FROM alpine\nCOPY "a b" 'c /dst/\n`);
    expect(w.map((x) => x.unquoted)).toEqual(['"a', 'b"', "'c", '/dst/']);
  });

  it('reads CRLF lines and continuations from the source', () => {
    const w = words('FROM alpine\r\nCOPY "a" \\\r\n  "b" /dst/\r\n');
    expect(w.map((x) => x.unquoted)).toEqual(['a', 'b', '/dst/']);
  });

  it('takes exec-form strings as JSON decoded them', () => {
    const w = words(`FROM alpine\nCOPY ["'a'", "C:\\\\b", "/dst/"]\n`);
    expect(w.map((x) => x.unquoted)).toEqual(["'a'", 'C:\\b', '/dst/']);
  });
});

describe('word.expanded', () => {
  const file = (line: string) => `FROM alpine\nARG DIR=/srv EMPTY= NOVALUE\nENV APP="my app"\n${line}\n`;

  it('substitutes known variables, quoted or not, and leaves unknown ones as written', () => {
    const w = words(file(`COPY "$DIR"/a \${DIR}/b $APP $UNKNOWN/c \${NOVALUE}/d /dst/`));
    expect(w.map((x) => x.expanded)).toEqual(['/srv/a', '/srv/b', 'my app', '$UNKNOWN/c', '${NOVALUE}/d', '/dst/']);
  });

  it('does not expand in single quotes or after an escape', () => {
    const w = words(file(`COPY '$DIR' \\$DIR "\\$DIR" /dst/`));
    expect(w.map((x) => x.expanded)).toEqual(['$DIR', '$DIR', '$DIR', '/dst/']);
  });

  it('reads default and alternative forms as variables.ts does', () => {
    const w = words(file(`COPY \${UNKNOWN:-/opt} \${EMPTY:-/e} \${EMPTY-/f} \${DIR:+set} \${UNKNOWN:+x} "\${UNKNOWN:-$DIR}/g" /dst/`));
    expect(w.map((x) => x.expanded)).toEqual(['/opt', '/e', '', 'set', '${UNKNOWN:+x}', '/srv/g', '/dst/']);
  });

  it('uses the stage scope at the instruction: a later ARG does not count, a global ARG counts only in FROM', () => {
    const f = parseDockerfile('ARG BASE=alpine\nFROM $BASE\nWORKDIR $BASE/$LATER\nARG LATER=x\n', 'Dockerfile');
    expect(f.instructions[1].args[0].expanded).toBe('alpine');
    expect(f.instructions[2].argument?.expanded).toBe('$BASE/$LATER');
  });

  it('expands exec-form strings too', () => {
    expect(words(file('COPY ["$DIR/a", "/dst/"]')).map((x) => x.expanded)).toEqual(['/srv/a', '/dst/']);
  });

  it('gives ARG/ENV/LABEL pairs their key and value words', () => {
    const f = parseDockerfile(`FROM alpine\nARG V=1\nLABEL "org.$V"="x"y k='$V'\nENV E=\n`, 'Dockerfile');
    const [a, b] = f.instructions[2].pairs;
    expect([a.keyWord.expanded, a.valueWord?.unquoted, b.valueWord?.expanded]).toEqual(['org.1', 'xy', '$V']);
    expect(f.instructions[3].pairs[0].valueWord?.unquoted).toBe('');
  });

  it('gives WORKDIR its whole path as one word', () => {
    const f = parseDockerfile('FROM alpine\nARG D=x\nWORKDIR "/my $D"/dir\n', 'Dockerfile');
    expect([f.instructions[2].argument?.unquoted, f.instructions[2].argument?.expanded]).toEqual(['/my $D/dir', '/my x/dir']);
  });
});

describe('processWord is bounded', () => {
  it('reads 100,000 unclosed `${` and quotes in linear time', () => {
    const started = Date.now();
    expect(processWord('"${'.repeat(100_000), '\\', new Map()).length).toBeGreaterThan(0);
    expect(processWord("'${".repeat(100_000), '\\', undefined).length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('leaves an expansion longer than the cap unexpanded', () => {
    const big = new Map([['A', 'x'.repeat(40_000)]]);
    expect(processWord('$A$A', '\\', big)).toBe('$A$A');
  });
});
