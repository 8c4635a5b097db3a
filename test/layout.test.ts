import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { loadShellParser } from '../src/model/shell-parser.js';
import { appendToRun, continuationIndent, DEFAULT_INDENT, escapeCharOf, insertWordAfter, lineContinuation, onePerLine, writtenAsRead } from '../src/model/layout.js';

beforeAll(async () => {
  await loadShellParser();
});

const parse = (text: string) => parseDockerfile(text, '/ctx/Dockerfile');

describe('layout', () => {
  it('reads the escape character and writes continuations with it', () => {
    const plain = parse('FROM x\nRUN a\n');
    const tick = parse('# escape=`\r\nFROM x\r\nRUN a\r\n');
    expect(escapeCharOf(plain)).toBe('\\');
    expect(escapeCharOf(tick)).toBe('`');
    expect(lineContinuation(plain)).toBe(' \\\n');
    expect(lineContinuation(tick)).toBe(' `\n');
  });

  it('indents as the instruction continues its lines, tabs kept, comment and blank lines skipped', () => {
    const file = parse('FROM x\nRUN a \\\n\t\t&& b\nRUN c \\\n  # why\n\n      && d\n');
    expect(continuationIndent(file, file.instructions[1])).toBe('\t\t');
    expect(continuationIndent(file, file.instructions[2])).toBe('      ');
  });

  it("takes the file's first continued instruction for one on one line, else four spaces", () => {
    const file = parse('FROM x\nRUN a\nRUN b \\\n  && c\n');
    expect(continuationIndent(file, file.instructions[1])).toBe('  ');
    const flat = parse('FROM x\nRUN a\n');
    expect(continuationIndent(flat, flat.instructions[1])).toBe(DEFAULT_INDENT);
  });

  it('does not take a heredoc body for a continuation line', () => {
    const file = parse('FROM x\nRUN <<EOF\n\tapt-get install x\nEOF\n');
    expect(continuationIndent(file, file.instructions[1])).toBe(DEFAULT_INDENT);
  });

  it('writes a list one word per line with the escape character and the indentation', () => {
    const file = parse('# escape=`\nFROM x\nRUN apt-get install `\n\tb a\n');
    expect(onePerLine(file, file.instructions[1], ['a', 'b', 'c'])).toBe('a `\n\tb `\n\tc');
  });

  it('inserts a word after a shell word, and after a JSON element as a new element', () => {
    const file = parse('FROM x\nRUN apt-get install curl\nRUN ["apt-get", "install", "curl"]\nRUN sh -c "apt-get install curl"\n');
    const word = (i: number) => file.instructions[i].script!.commands.find((c) => c.name === 'apt-get')!.args[0];
    expect(insertWordAfter(file, file.instructions[1], word(1), '-y')).toEqual({ range: { start: { line: 2, column: 20 }, end: { line: 2, column: 20 } }, text: ' -y' });
    expect(insertWordAfter(file, file.instructions[2], word(2), '-y')?.text).toBe('", "-y');
    expect(insertWordAfter(file, file.instructions[3], word(3), '-y')?.text).toBe(' -y');
  });

  it('does not edit a word split by a continuation, nor one written with a variable', () => {
    const file = parse('FROM x\nRUN apt-get inst\\\nall curl\nRUN apt-get $SUB curl\n');
    const split = file.instructions[1].script!.commands[0].args[0];
    expect(writtenAsRead(file, split)).toBe(false);
    expect(insertWordAfter(file, file.instructions[1], split, '-y')).toBeUndefined();
    expect(insertWordAfter(file, file.instructions[2], file.instructions[2].script!.commands[0].args[0], '-y')).toBeUndefined();
  });

  it('appends a command to a RUN on its line, or on a continuation line of its own', () => {
    const file = parse('FROM x\nRUN yum install -y tar\nRUN yum install -y \\\n\t\tmake\n');
    expect(appendToRun(file, file.instructions[1], 'yum clean all')).toEqual({ range: { start: { line: 2, column: 23 }, end: { line: 2, column: 23 } }, text: ' && yum clean all' });
    expect(appendToRun(file, file.instructions[2], 'yum clean all')?.text).toBe(' \\\n\t\t&& yum clean all');
  });

  it('appends nothing where the added command would not be one of the script', () => {
    const cases = [
      'RUN make # build',
      'RUN make;',
      'RUN make &',
      'RUN make || \\',
      'RUN make \\',
      'RUN make \\\n  # the end',
      'RUN make; exit 0',
      'RUN ["make"]',
      'RUN <<EOF\nmake\nEOF',
      'SHELL ["pwsh", "-Command"]\nRUN make',
    ];
    for (const text of cases) {
      const file = parse(`FROM x\n${text}\n`);
      const run = file.instructions.filter((i) => i.keyword === 'RUN').pop()!;
      expect(appendToRun(file, run, 'true'), text).toBeUndefined();
    }
  });
});
