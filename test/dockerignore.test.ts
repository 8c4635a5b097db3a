import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerignore } from '../src/model/dockerignore.js';
import { corpusRoot } from '../scripts/peer-files.js';
import { missingFolder, titleUnlessMissing } from './support/skip.js';
import { range } from '../src/model/position.js';

function ignored(patterns: readonly string[], path: string): boolean {
  return parseDockerignore(patterns.join('\n'), '.dockerignore').isIgnored(path);
}

describe('parseDockerignore: lines and patterns', () => {
  it('keeps patterns with exact ranges and skips comments and blank lines', () => {
    const model = parseDockerignore('# comment\n\n  node_modules  \n!README.md\n/abs/path\n./x/../y\n', '.dockerignore');
    expect(model.kind).toBe('dockerignore');
    expect(model.lines).toEqual(['# comment', '', '  node_modules  ', '!README.md', '/abs/path', './x/../y', '']);
    expect(model.patterns).toEqual([
      { pattern: 'node_modules', negated: false, line: 3, range: range(3, 3, 3, 15) },
      { pattern: 'README.md', negated: true, line: 4, range: range(4, 1, 4, 11) },
      { pattern: 'abs/path', negated: false, line: 5, range: range(5, 1, 5, 10) },
      { pattern: 'y', negated: false, line: 6, range: range(6, 1, 6, 9) },
    ]);
    expect(model.errors).toEqual([]);
  });

  it('handles CRLF and a BOM (columns count from after the BOM)', () => {
    const model = parseDockerignore('\uFEFF*.pyc\r\n!keep.pyc\r\n', '.dockerignore');
    expect(model.lines).toEqual(['*.pyc', '!keep.pyc', '']);
    expect(model.patterns.map((p) => [p.pattern, p.range])).toEqual([
      ['*.pyc', range(1, 1, 1, 6)],
      ['keep.pyc', range(2, 1, 2, 10)],
    ]);
    expect(model.isIgnored('a.pyc')).toBe(true);
    expect(model.isIgnored('keep.pyc')).toBe(false);
  });

  it('treats only a "#" in the first column as a comment, like Docker', () => {
    const model = parseDockerignore('#x\n  #y\n', '.dockerignore');
    expect(model.patterns.map((p) => p.pattern)).toEqual(['#y']);
  });

  it('normalizes "! pattern", "!/pattern" and trailing slashes', () => {
    const model = parseDockerignore('! docs/ \n!/src//a/\n', '.dockerignore');
    expect(model.patterns.map((p) => [p.pattern, p.negated])).toEqual([
      ['docs', true],
      ['src/a', true],
    ]);
  });

  it.each([
    ['!', 'illegal exclusion pattern: "!"'],
    ['! ', 'illegal exclusion pattern: "!"'],
    ['[', 'malformed character class in pattern "["'],
    ['a[', 'malformed character class in pattern "a["'],
    ['[]a]', 'malformed character class in pattern "[]a]"'],
    ['[x-]', 'malformed character class in pattern "[x-]"'],
    ['[a-b-c]', 'malformed character class in pattern "[a-b-c]"'],
    ['[z-a]', 'invalid character class range in pattern "[z-a]"'],
    ['foo\\', 'trailing backslash in pattern "foo\\"'],
  ])('reports %j as an error that would fail the build', (line, message) => {
    const model = parseDockerignore(`ok\n${line}\n`, '.dockerignore');
    const kind = line.startsWith('!') ? 'lone-exclusion' : line.endsWith('\\') ? 'trailing-backslash' : 'character-class';
    expect(model.errors).toEqual([{ message, kind, range: range(2, 1, 2, 1 + line.trim().length) }]);
    expect(model.patterns.map((p) => p.pattern)).toEqual(['ok']);
  });
});

// moby/patternmatcher TestMatches (single pattern, MatchesOrParentMatches): [pattern, path, matches]
const mobyMatches: readonly (readonly [string, string, boolean])[] = [
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**/', 'file/', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file', true],
  ['**/**', 'dir/file', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/dir2/file', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/*', 'dir/dir2/file/', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def', true],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a\\\\', 'a\\', true],
  ['a\\*b', 'a*b', true],
  // filepath.Match cases moby runs through Matches
  ['*c', 'abc', true],
  ['a*', 'ab/c', true], // through the parent "ab"
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[^c]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a?b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['*x', 'xxx', true],
];

describe('isIgnored: moby/patternmatcher cases', () => {
  it.each(mobyMatches)('%j on %j → %s', (pattern, path, expected) => {
    expect(ignored([pattern], path)).toBe(expected);
  });
});

describe('isIgnored: .dockerignore files', () => {
  it.each([
    // [patterns, path, ignored]
    [['*'], 'Dockerfile', true],
    [['*'], 'src/app.py', true], // through "src"
    [['*.md'], 'docs/a.md', false], // '*' stays within one segment
    [['**/*.md'], 'docs/a.md', true],
    [['**/*.pyc'], 'a/b/c.pyc', true],
    [['**/*.pyc'], 'c.pyc', true],
    [['**/*.pyc'], 'c.pyc.txt', false],
    [['**/__pycache__'], 'pkg/__pycache__/m.cpython-312.pyc', true],
    [['data'], 'data/x/y.csv', true],
    [['data'], 'database.sql', false],
    [['data/'], 'data/x/y.csv', true],
    [['/abs'], 'abs/file', true],
    [['/abs'], 'x/abs', false],
    [['./x'], 'x', true],
    [['./x'], 'x/y', true],
    [['x/../y'], 'y', true],
    [['file?.txt'], 'file1.txt', true],
    [['file?.txt'], 'file10.txt', false],
    [['file[0-9].txt'], 'file7.txt', true],
    [['file[0-9].txt'], 'filea.txt', false],
    [['file[!0-9].txt'], 'file!.txt', true], // Go has no '[!...]' negation: '!' is a member
    [['file[!0-9].txt'], 'filea.txt', false],
    [['file[^0-9].txt'], 'filea.txt', true],
    [['.git'], '.git/HEAD', true],
    [['.git'], '.github/workflows/ci.yml', false],
    [['.git'], 'sub/.git/HEAD', false], // not anchored anywhere but the root
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'CHANGELOG.md', true],
    [['!README.md', '*.md'], 'README.md', true], // the later pattern wins
    [['docs', '!docs/README.md'], 'docs/README.md', false],
    [['docs', '!docs/README.md'], 'docs/other.md', true],
    [['docs/*', '!docs/README.md'], 'docs/README.md', false],
    [['**', '!util/docker/web'], 'util/docker/web/foo', false],
    [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
    [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
    [['*', '!src', 'src/*.tmp'], 'src/a.tmp', true],
    [['*', '!src', 'src/*.tmp'], 'src/a.py', false],
    [['file+1.txt'], 'file+1.txt', true], // balena's port turns '+' into regexp syntax
    [['(foo)'], 'foo', false],
    [['README.md'], 'readme.md', false], // case-sensitive, as on Linux
    [['*.log  '], 'app.log', true], // trailing spaces are trimmed
    [['*.go'], '.', false], // the context root is never excluded
    [[], 'anything', false],
  ] as const)('%j on %j → %s', (patterns, path, expected) => {
    expect(ignored(patterns, path)).toBe(expected);
  });

  it('accepts paths with a leading "./" or a trailing slash', () => {
    expect(ignored(['data'], './data/x')).toBe(true);
    expect(ignored(['data/*'], 'data/x/')).toBe(true);
  });
});

describe('matchingPattern', () => {
  const model = parseDockerignore('*.md\n!README.md\nbuild\n', '.dockerignore');

  it('returns the pattern that decided the outcome', () => {
    expect(model.matchingPattern('CHANGELOG.md')?.line).toBe(1);
    expect(model.matchingPattern('README.md')).toMatchObject({ pattern: 'README.md', negated: true, line: 2 });
    expect(model.isIgnored('README.md')).toBe(false);
    expect(model.matchingPattern('build/out/x.o')).toMatchObject({ pattern: 'build', line: 3 });
  });

  it('returns undefined when no pattern applies', () => {
    expect(model.matchingPattern('src/main.py')).toBeUndefined();
  });
});

const CORPUS = corpusRoot();
const missing = missingFolder(CORPUS);

function dockerignoreFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...dockerignoreFiles(path));
    else if (entry === '.dockerignore' || entry.endsWith('.dockerignore')) out.push(path);
  }
  return out;
}

describe.skipIf(missing !== undefined)(titleUnlessMissing('corpus', missing), () => {
  it('parses every .dockerignore without throwing', () => {
    const files = dockerignoreFiles(CORPUS);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const model = parseDockerignore(readFileSync(file, 'utf8'), file);
      expect(() => model.isIgnored('src/app/main.py')).not.toThrow();
    }
  });
});

describe('hostile patterns (patterns and file names both come from the repository under lint)', () => {
  it('matches in time linear in the path, as Go does: no backtracking on *a*a*a...b', () => {
    const start = performance.now();
    for (const k of [5, 8, 12, 40]) {
      const model = parseDockerignore(`${'*a'.repeat(k)}b\n${'*a'.repeat(k)}\n`, '.dockerignore');
      expect(model.isIgnored('a'.repeat(64))).toBe(true); // the second line
      expect(model.matchingPattern('a'.repeat(64))?.line).toBe(2);
      expect(parseDockerignore(`${'*a'.repeat(k)}b\n`, '.dockerignore').isIgnored('a'.repeat(64))).toBe(false);
    }
    // A backtracking matcher takes minutes here (about 8x longer for each extra `*a`).
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('a pattern of thousands of classes matches without building a RegExp of it, and never throws', () => {
    const model = parseDockerignore(`${'[ab]x'.repeat(2_000)}*\n`, '.dockerignore');
    expect(model.isIgnored(`${'ax'.repeat(2_000)}tail`)).toBe(true);
    expect(model.isIgnored(`${'ax'.repeat(1_999)}cx`)).toBe(false);
  });

  it('keeps Go regexp semantics for ** and ?: a newline is not matched by ** but is by ? and *', () => {
    const model = parseDockerignore('a/**\nb?c\nd*e\n**/f\n', '.dockerignore');
    expect(model.isIgnored('a/x\ny')).toBe(true); // `a/**` is a prefix match in moby
    expect(model.isIgnored('b\nc')).toBe(true);
    expect(model.isIgnored('d\n\ne')).toBe(true);
    expect(model.isIgnored('x/y/f')).toBe(true);
    expect(model.isIgnored('f')).toBe(true);
    expect(model.isIgnored('xf')).toBe(false);
  });
});

describe('rootOnlyPattern: a name pattern written as for .gitignore', () => {
  it('names the pattern without `/` that matches a name below the root, which Docker applies at the root only', () => {
    const model = parseDockerignore('__pycache__\n*.pyc\n!keep.pyc\ndocs/*.md\n', '.dockerignore');
    expect(model.isIgnored('app/__pycache__/m.pyc')).toBe(false);
    expect(model.rootOnlyPattern('app/__pycache__/m.pyc')?.line).toBe(1);
    expect(model.rootOnlyPattern('app/m.pyc')?.line).toBe(2);
    // At the root the pattern does match; exceptions and patterns with a `/` are not slips.
    expect(model.rootOnlyPattern('m.pyc')).toBeUndefined();
    expect(model.rootOnlyPattern('__pycache__/notes.txt')).toBeUndefined();
    expect(model.rootOnlyPattern('app/keep.txt')).toBeUndefined();
    expect(model.rootOnlyPattern('src/docs/a.md')).toBeUndefined();
  });
});

describe('positions with a lone CR, which Docker keeps inside a line and editors take for a line break', () => {
  it('gives ranges and lines as an editor counts them, and matches as Docker reads the line', () => {
    const model = parseDockerignore('\r[\nx\r[\n*.log\r\n', '.dockerignore');
    expect(model.lines).toEqual(['', '[', 'x', '[', '*.log', '']);
    expect(model.errors.map((e) => e.range)).toEqual([range(2, 1, 2, 2), range(3, 1, 4, 2)]);
    expect(model.patterns.map((p) => [p.pattern, p.line, p.range])).toEqual([['*.log', 5, range(5, 1, 5, 6)]]);
    expect(model.isIgnored('app.log')).toBe(true);
  });
});
