/**
 * The `.dockerignore` model.
 *
 * Matching follows moby/patternmatcher (what both the classic builder and BuildKit use), not
 * gitignore: each pattern is cleaned like Go's filepath.Clean, `*` and `?` never cross a `/`,
 * `**` spans any number of segments, later patterns win, and a pattern that matches a directory
 * covers everything below it. `@balena/dockerignore` is not used: it ports moby as of 2019, so it
 * lowercases by default, treats `+ ( ) | { }` as regexp syntax (`file+1.txt` never matches) and
 * lacks the prefix/suffix fast paths whose results differ from the regexp (`**foo` vs `barfoo`).
 */
import { range, type Range } from './position.js';

export interface DockerignorePattern {
  /** The pattern as Docker matches it: trimmed, cleaned, without the leading `!` and `/`. */
  readonly pattern: string;
  readonly negated: boolean;
  readonly line: number;
  /** The pattern as written on its line (including a leading `!`), without surrounding blanks. */
  readonly range: Range;
}

export interface DockerignoreModel {
  readonly kind: 'dockerignore';
  readonly path: string;
  readonly text: string;
  readonly lines: readonly string[];
  readonly patterns: readonly DockerignorePattern[];
  /** Patterns that make `docker build` fail (bad `[...]` syntax, a lone `!`); they match nothing here. */
  readonly errors: readonly DockerignoreError[];
  /** Context-relative path with '/' separators (no leading './'). True when the build would leave it out of the context. */
  isIgnored(relativePath: string): boolean;
  /** The last pattern that decides the path's fate, if any (for messages). */
  matchingPattern(relativePath: string): DockerignorePattern | undefined;
  /**
   * A pattern without `/` (not an exception) that matches a folder or file name of the path below the root: written as
   * for .gitignore (`__pycache__`, `*.pyc`), it would exclude the path at any depth, but Docker matches it at the root only.
   */
  rootOnlyPattern(relativePath: string): DockerignorePattern | undefined;
}

/** A pattern Docker rejects, which fails the build; `message` is Go's reason with the pattern. */
export interface DockerignoreError {
  readonly message: string;
  readonly kind: 'lone-exclusion' | 'trailing-backslash' | 'character-class';
  readonly range: Range;
}

/** moby picks one of these per pattern; the three non-regexp kinds are not always equivalent to a regexp. */
type Matcher =
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'suffix'; readonly suffix: string }
  | { readonly kind: 'regexp'; readonly tokens: readonly GlobToken[] };

/**
 * moby's regexp, as a sequence of tokens matched by an automaton in time linear in the path (as Go's
 * regexp engine is): a backtracking RegExp takes exponential time on `*a*a*a*a*a*a*b` against `aaa…a`,
 * and both the patterns and the file names come from the repository under lint.
 */
type GlobToken =
  | { readonly t: 'char'; readonly ch: string }
  | { readonly t: 'class'; readonly test: RegExp }
  /** `?`: one character but `/`. */
  | { readonly t: 'one' }
  /** `*`: any run of characters but `/`. */
  | { readonly t: 'star' }
  /** `**` before more pattern: nothing, or anything ending with `/`. */
  | { readonly t: 'globstar' }
  /** A trailing `**`: anything. */
  | { readonly t: 'any' };

interface CompiledPattern {
  readonly info: DockerignorePattern;
  readonly matcher: Matcher;
}

const BOM = '\uFEFF';

export function parseDockerignore(text: string, path: string): DockerignoreModel {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  // Docker reads the file with bufio.Scanner: only '\n' separates lines and one trailing '\r' is dropped.
  const dockerLines = body.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  // Editors, the reporters and SARIF viewers also break lines at a lone '\r': ranges are given in those lines.
  const lines = body.split(/\r\n|\r|\n/);
  const toEditorRange = editorPositions(dockerLines);
  const compiled: CompiledPattern[] = [];
  const errors: DockerignoreError[] = [];

  dockerLines.forEach((line, index) => {
    const result = readPatternLine(line, index + 1);
    if (result === undefined) return;
    if ('message' in result) errors.push({ ...result, range: toEditorRange(result.range) });
    else compiled.push({ ...result, info: { ...result.info, line: toEditorRange(result.info.range).start.line, range: toEditorRange(result.info.range) } });
  });

  const patterns = compiled.map((entry) => entry.info);
  return {
    kind: 'dockerignore',
    path,
    text,
    lines,
    patterns,
    errors,
    isIgnored: (relativePath) => decide(compiled, relativePath).ignored,
    matchingPattern: (relativePath) => decide(compiled, relativePath).decidedBy,
    rootOnlyPattern(relativePath) {
      const names = cleanPath(relativePath).split('/').slice(1);
      return compiled.find(({ info, matcher }) => !info.negated && !info.pattern.includes('/') && names.some((n) => matches(matcher, n)))?.info;
    },
  };
}

/**
 * Maps a range on Docker's lines (split at '\n' only) to the lines an editor shows (also split at a lone '\r', which
 * Docker keeps inside the line and which TrimSpace removes around a pattern).
 */
function editorPositions(dockerLines: readonly string[]): (r: Range) => Range {
  const firstEditorLine: number[] = [];
  let next = 1;
  for (const line of dockerLines) {
    firstEditorLine.push(next);
    next += 1 + (line.match(/\r/g)?.length ?? 0);
  }
  const position = (line: number, column: number) => {
    const text = dockerLines[line - 1] ?? '';
    let editorLine = firstEditorLine[line - 1] ?? line;
    let lineStart = 0;
    for (let i = text.indexOf('\r'); i !== -1 && i < column - 1; i = text.indexOf('\r', i + 1)) {
      editorLine++;
      lineStart = i + 1;
    }
    return { line: editorLine, column: column - lineStart };
  };
  return (r) => {
    const start = position(r.start.line, r.start.column);
    const end = position(r.end.line, r.end.column);
    return range(start.line, start.column, end.line, end.column);
  };
}

/** One line through moby's ignorefile.ReadAll and patternmatcher.New, in that order. */
function readPatternLine(
  line: string,
  lineNumber: number,
): CompiledPattern | DockerignoreError | undefined {
  // Only a '#' in the very first column makes a comment; "  # x" is the pattern "# x".
  if (line.startsWith('#')) return undefined;
  const trimmed = line.trim();
  if (trimmed === '') return undefined;

  const start = line.indexOf(trimmed) + 1;
  const where = range(lineNumber, start, lineNumber, start + trimmed.length);

  // ReadAll: strip '!', clean, drop a leading '/', put the '!' back.
  const exclusion = trimmed.startsWith('!');
  let pattern = exclusion ? trimmed.slice(1).trim() : trimmed;
  if (pattern.length > 0) {
    pattern = cleanPath(pattern);
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
  }
  if (exclusion) pattern = '!' + pattern;

  // patternmatcher.New: trim and clean again, then take the '!' off for good.
  pattern = pattern.trim();
  if (pattern === '') return undefined;
  pattern = cleanPath(pattern);
  let negated = false;
  if (pattern.startsWith('!')) {
    if (pattern.length === 1) return { message: 'illegal exclusion pattern: "!"', kind: 'lone-exclusion', range: where };
    negated = true;
    pattern = pattern.slice(1);
  }

  const matcher = compilePattern(pattern);
  if (typeof matcher === 'string') {
    const kind = matcher === 'trailing backslash' ? 'trailing-backslash' : 'character-class';
    return { message: `${matcher} in pattern "${pattern}"`, kind, range: where };
  }
  return { info: { pattern, negated, line: lineNumber, range: where }, matcher };
}

/** Go's path.Clean for '/'-separated paths. */
function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!rooted) out.push('..');
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/**
 * moby's Pattern.compile, returning an error message for what filepath.Match would reject.
 * Inside `[...]` we follow filepath.Match's grammar (moby hands the class to Go's regexp verbatim,
 * which agrees for every class filepath.Match accepts).
 */
function compilePattern(pattern: string): Matcher | string {
  const chars = Array.from(pattern); // code points, so '?' matches one character like Go's rune scanner
  const tokens: GlobToken[] = [];
  let kind: Matcher['kind'] = 'exact';

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        const first = i === 0;
        i++;
        if (chars[i + 1] === '/') i++; // "**/" behaves as "**"
        if (i + 1 >= chars.length) {
          if (kind === 'exact') kind = 'prefix';
          else {
            tokens.push({ t: 'any' });
            kind = 'regexp';
          }
        } else {
          tokens.push({ t: 'globstar' });
          kind = 'regexp';
        }
        if (first) kind = 'suffix';
      } else {
        tokens.push({ t: 'star' });
        kind = 'regexp';
      }
    } else if (ch === '?') {
      tokens.push({ t: 'one' });
      kind = 'regexp';
    } else if (ch === '\\') {
      // Linux daemons read '\' as an escape, so a Windows-style "dir\" is a syntax error there.
      if (i + 1 >= chars.length) return 'trailing backslash';
      tokens.push({ t: 'char', ch: chars[++i] });
      kind = 'regexp';
    } else if (ch === '[') {
      const parsed = parseClass(chars, i + 1);
      if (typeof parsed === 'string') return parsed;
      try {
        tokens.push({ t: 'class', test: new RegExp(`^${parsed.source}$`, 'u') });
      } catch {
        return 'invalid character class';
      }
      i = parsed.end;
      kind = 'regexp';
    } else {
      tokens.push({ t: 'char', ch });
    }
  }

  switch (kind) {
    case 'exact':
      return { kind, text: pattern };
    case 'prefix':
      return { kind, prefix: pattern.slice(0, -2) };
    case 'suffix':
      return { kind, suffix: pattern.slice(2) };
    case 'regexp':
      return { kind, tokens };
  }
}

/**
 * Whether the tokens match the whole path: the set of token positions reachable after each character
 * (a Thompson simulation), so the time is the path's length times the pattern's, never more. `inside[i]`
 * marks being within the `.*` of globstar `i`, which is left by a `/`.
 */
function matchesTokens(tokens: readonly GlobToken[], path: string): boolean {
  const m = tokens.length;
  let at = new Uint8Array(m + 1);
  let inside = new Uint8Array(m);
  let nextAt = new Uint8Array(m + 1);
  let nextInside = new Uint8Array(m);
  at[0] = 1;
  close(tokens, at, inside);
  for (const c of path) {
    nextAt.fill(0);
    nextInside.fill(0);
    let alive = false;
    for (let i = 0; i < m; i++) {
      const token = tokens[i];
      if (inside[i]) {
        // Go's `.` is any character but a newline.
        if (c !== '\n') nextInside[i] = 1;
        if (c === '/') nextAt[i + 1] = 1;
        alive = true;
      }
      if (!at[i]) continue;
      alive = true;
      switch (token.t) {
        case 'char':
          if (c === token.ch) nextAt[i + 1] = 1;
          break;
        case 'class':
          if (token.test.test(c)) nextAt[i + 1] = 1;
          break;
        case 'one':
          if (c !== '/') nextAt[i + 1] = 1;
          break;
        case 'star':
          if (c !== '/') nextAt[i] = 1;
          break;
        case 'any':
          if (c !== '\n') nextAt[i] = 1;
          break;
        case 'globstar':
          break; // entered through `inside` by the closure
      }
    }
    if (!alive) return false;
    [at, nextAt] = [nextAt, at];
    [inside, nextInside] = [nextInside, inside];
    close(tokens, at, inside);
  }
  return at[m] === 1;
}

/** Adds what is reachable without a character: past a star, a trailing globstar, and (either way) an inner globstar. */
function close(tokens: readonly GlobToken[], at: Uint8Array, inside: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!at[i]) continue;
    const t = tokens[i].t;
    if (t === 'star' || t === 'any' || t === 'globstar') at[i + 1] = 1;
    if (t === 'globstar') inside[i] = 1;
  }
}

/** filepath.Match's class grammar from just after '['; returns the JS class and the index of its ']'. */
function parseClass(chars: readonly string[], from: number): { source: string; end: number } | string {
  let i = from;
  let negated = false;
  if (chars[i] === '^') {
    negated = true;
    i++;
  }
  let body = '';
  let ranges = 0;
  for (;;) {
    if (chars[i] === ']' && ranges > 0) break;
    const lo = classChar(chars, i);
    if (lo === undefined) return 'malformed character class';
    i = lo.next;
    let hi = lo.char;
    if (chars[i] === '-') {
      const upper = classChar(chars, i + 1);
      if (upper === undefined) return 'malformed character class';
      i = upper.next;
      hi = upper.char;
      if (hi.codePointAt(0)! < lo.char.codePointAt(0)!) return 'invalid character class range';
    }
    body += hi === lo.char ? escapeInClass(lo.char) : `${escapeInClass(lo.char)}-${escapeInClass(hi)}`;
    ranges++;
  }
  return { source: `[${negated ? '^' : ''}${body}]`, end: i };
}

/** filepath.Match's getEsc: one possibly escaped class member, which must be followed by more pattern. */
function classChar(chars: readonly string[], at: number): { char: string; next: number } | undefined {
  let i = at;
  if (i >= chars.length || chars[i] === '-' || chars[i] === ']') return undefined;
  if (chars[i] === '\\') i++;
  if (i >= chars.length) return undefined;
  if (i + 1 >= chars.length) return undefined; // the class never closes
  return { char: chars[i], next: i + 1 };
}

function escapeInClass(ch: string): string {
  return /[\\\]\[^-]/.test(ch) ? '\\' + ch : ch;
}

function matches(matcher: Matcher, path: string): boolean {
  switch (matcher.kind) {
    case 'exact':
      return path === matcher.text;
    case 'prefix':
      return path.startsWith(matcher.prefix);
    case 'suffix':
      // "**/foo" also matches "foo" itself
      return path.endsWith(matcher.suffix) || (matcher.suffix.startsWith('/') && path === matcher.suffix.slice(1));
    case 'regexp':
      return matchesTokens(matcher.tokens, path);
  }
}

/** PatternMatcher.MatchesOrParentMatches, also reporting which pattern settled the outcome. */
function decide(
  patterns: readonly CompiledPattern[],
  relativePath: string,
): { ignored: boolean; decidedBy: DockerignorePattern | undefined } {
  const path = cleanPath(relativePath);
  // moby never excludes the context root itself
  if (path === '.' || patterns.length === 0) return { ignored: false, decidedBy: undefined };

  const parents = parentPrefixes(path);
  let ignored = false;
  let decidedBy: DockerignorePattern | undefined;
  for (const { info, matcher } of patterns) {
    // An exception can only change an ignored path and an exclusion only a kept one.
    if (info.negated !== ignored) continue;
    if (matches(matcher, path) || parents.some((parent) => matches(matcher, parent))) {
      ignored = !info.negated;
      decidedBy = info;
    }
  }
  return { ignored, decidedBy };
}

/** "a/b/c" → ["a", "a/b"]: the directories a pattern may exclude the path through. */
function parentPrefixes(path: string): string[] {
  const prefixes: string[] = [];
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) prefixes.push(path.slice(0, i));
  return prefixes;
}

/** The spellings of a pattern that excludes every file of the context. */
const MATCH_EVERYTHING = new Set(['*', '**', '**/*']);

/** True for a pattern (not an exception) that excludes every file of the context. */
export function excludesEverything(pattern: DockerignorePattern): boolean {
  return !pattern.negated && MATCH_EVERYTHING.has(pattern.pattern);
}
