/**
 * pip requirements / constraints files, parsed the way pip's req_file.py reads them:
 * join `\` continuations, drop comments (`#` at line start or after whitespace), split each
 * logical line into the requirement part and the options part at the first word that starts
 * with `-`, read the options like optparse does, and the requirement like pip + packaging do.
 * Environment variables are left unexpanded; every position points into the physical file.
 */
import { satisfies, valid, validRange } from '@renovatebot/pep440';
import type { Position, Range } from './position.js';

export interface RequirementEntry {
  readonly line: number;
  readonly range: Range;
  readonly name: string | undefined;
  readonly normalizedName: string | undefined;
  readonly nameRange: Range | undefined;
  readonly extras: readonly string[];
  readonly specifier: string;
  readonly specifierRange: Range | undefined;
  readonly marker: string | undefined;
  readonly url: string | undefined;
  readonly editable: boolean;
  readonly hashes: readonly string[];
  /** The other per-requirement options of its line (`--config-settings`, `--global-option`), by long name. */
  readonly perRequirementOptions: readonly string[];
  /** The last line of the file its logical line takes (continuations with `\`), where `range` may end earlier. */
  readonly endLine: number;
  readonly pinned: boolean;
}

export interface RequirementOption {
  readonly name: string;
  readonly value: string | undefined;
  readonly range: Range;
  readonly valueRange: Range | undefined;
  readonly line: number;
}

export interface RequirementInclude {
  readonly kind: 'requirement' | 'constraint';
  readonly path: string;
  readonly range: Range;
  readonly line: number;
}

export interface RequirementComment {
  readonly text: string;
  readonly line: number;
  readonly range: Range;
}

export interface RequirementsModel {
  readonly kind: 'requirements';
  readonly path: string;
  readonly text: string;
  readonly lines: readonly string[];
  readonly entries: readonly RequirementEntry[];
  readonly options: readonly RequirementOption[];
  readonly includes: readonly RequirementInclude[];
  readonly comments: readonly RequirementComment[];
  readonly errors: readonly RequirementsError[];
}

export interface RequirementsError {
  readonly message: string;
  readonly range: Range;
  /** pip reads the line anyway, leaving this part out (an option it ignores on a requirement line); else pip stops. */
  readonly ignoredByPip?: boolean;
}

/** PEP 503: lower-case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePackageName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** A Jinja template of a requirements file (cookiecutter, copier): its block tags and `{{ }}` are rendered away before pip reads it. */
export function isTemplate(model: RequirementsModel): boolean {
  return /^\s*\{%-?\s/m.test(model.text) || /\{\{-?\s*cookiecutter\./.test(model.text);
}

export function parseRequirements(text: string, path: string): RequirementsModel {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Python's splitlines() also breaks on a lone '\r' (the regexp split is slow, so only when needed).
  const lines = body.includes('\r') ? body.split(/\r\n|\r|\n/) : body.split('\n');
  const out: Collected = { entries: [], options: [], includes: [], comments: [], errors: [] };
  for (const logical of joinContinuations(lines)) readLogicalLine(logical, out);
  return { kind: 'requirements', path, text, lines, ...out };
}

interface Collected {
  entries: RequirementEntry[];
  options: RequirementOption[];
  includes: RequirementInclude[];
  comments: RequirementComment[];
  errors: RequirementsError[];
}

// ---------------------------------------------------------------------------------------------
// Logical lines: the text pip sees after joining continuations, with a map back to the file.

/** From `offset` on, the logical text comes from `line`, starting at `column`. */
interface Piece {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

interface LogicalLine {
  readonly text: string;
  readonly pieces: readonly Piece[];
}

/** An error found while reading a logical line, in logical offsets. */
interface Problem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly ignoredByPip?: boolean;
}

const COMMENT_LINE = /^(?:#|\s+#)/;

/** pip's join_lines: a line ending in `\` continues, unless the line is a comment. */
function joinContinuations(lines: readonly string[]): LogicalLine[] {
  const logical: LogicalLine[] = [];
  // joined with Array.join: a flat string, where '+=' would leave a rope that is slow to index
  let parts: string[] = [];
  let length = 0;
  let pieces: Piece[] = [];
  const append = (part: string, line: number, column: number): void => {
    pieces.push({ offset: length, line, column });
    parts.push(part);
    length += part.length;
  };
  lines.forEach((raw, index) => {
    const line = index + 1;
    const isComment = COMMENT_LINE.test(raw);
    if (raw.endsWith('\\') && !isComment) {
      // pip strips backslashes from both ends of a continued line (str.strip('\\'))
      let start = 0;
      while (raw[start] === '\\') start++;
      let end = raw.length;
      while (end > start && raw[end - 1] === '\\') end--;
      append(raw.slice(start, end), line, start + 1);
      return;
    }
    if (pieces.length === 0) {
      logical.push({ text: raw, pieces: [{ offset: 0, line, column: 1 }] });
      return;
    }
    // pip puts a space in front of a comment line so its '#' still starts a comment once glued on
    if (isComment) append(' ', line, 1);
    append(raw, line, 1);
    logical.push({ text: parts.join(''), pieces });
    parts = [];
    length = 0;
    pieces = [];
  });
  if (pieces.length > 0) logical.push({ text: parts.join(''), pieces });
  return logical;
}

function positionAt(logical: LogicalLine, offset: number): Position {
  let piece = logical.pieces[0];
  for (const candidate of logical.pieces) {
    if (candidate.offset > offset) break;
    piece = candidate;
  }
  return { line: piece.line, column: piece.column + offset - piece.offset };
}

/**
 * The file range of logical [start, end). The end is placed after the last character, so a
 * token that ends a physical line ends there rather than at the next line's start.
 */
function spanRange(logical: LogicalLine, start: number, end: number): Range {
  const from = positionAt(logical, start);
  if (end <= start) return { start: from, end: { ...from } };
  const last = positionAt(logical, end - 1);
  return { start: from, end: { line: last.line, column: last.column + 1 } };
}

const UNICODE_SPACE = /\s/;

/** Python's str.isspace / regex \s, with a fast path for ASCII (this runs on every character). */
function isSpace(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && UNICODE_SPACE.test(ch));
}

function skipSpaces(text: string, at: number, end: number): number {
  let i = at;
  while (i < end && isSpace(text[i])) i++;
  return i;
}

function trimSpan(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && isSpace(text[s])) s++;
  while (e > s && isSpace(text[e - 1])) e--;
  return [s, e];
}

// ---------------------------------------------------------------------------------------------
// One logical line.

function readLogicalLine(logical: LogicalLine, out: Collected): void {
  const { text } = logical;
  const problems: Problem[] = [];

  // pip's COMMENT_RE `(^|\s+)#.*$`: the first '#' at the start or after whitespace.
  let contentEnd = text.length;
  for (let i = text.indexOf('#'); i !== -1; i = text.indexOf('#', i + 1)) {
    if (i === 0 || isSpace(text[i - 1])) {
      contentEnd = i;
      const [, commentEnd] = trimSpan(text, i, text.length);
      const range = spanRange(logical, i, commentEnd);
      out.comments.push({ text: text.slice(i, commentEnd), line: range.start.line, range });
      break;
    }
  }

  const [start, end] = trimSpan(text, 0, contentEnd);
  if (start === end) return;

  // pip's break_args_options: the requirement ends before the first space-separated word starting with '-'.
  let optionsStart = end;
  for (let i = text.indexOf('-', start); i !== -1 && i < end; i = text.indexOf('-', i + 1)) {
    if (i === start || text[i - 1] === ' ') {
      optionsStart = i;
      break;
    }
  }
  const [argsStart, argsEnd] = trimSpan(text, start, optionsStart);

  // pip gives up on the whole line when shlex cannot split it
  const tokens = shellWords(text, optionsStart, end, problems) ?? [];
  const { options, positionals } = readOptions(tokens, problems);
  if (positionals.length > 0) {
    const words = positionals.map((word) => word.value).join(' ');
    const message = `unexpected text "${words}" among the options (pip ignores it)`;
    problems.push({ message, start: positionals[0].start, end: positionals[positionals.length - 1].end, ignoredByPip: true });
  }

  const editables = options.filter((option) => option.spec.kind === 'editable');
  const perRequirement = options.filter((option) => option.spec.kind === 'per-requirement');
  const isRequirement = argsStart < argsEnd || editables.length > 0;

  if (isRequirement) {
    // pip takes the requirement words first, then the first -e; it ignores file-wide options here.
    const target = argsStart < argsEnd ? undefined : editables[0];
    for (const option of options) {
      if (option.spec.kind === 'per-requirement' || option === target) continue;
      const what = option.spec.kind === 'editable' ? 'a second requirement' : `option ${option.spec.long}`;
      problems.push({ message: `${what} on a requirement line is ignored by pip`, start: option.nameStart, end: option.nameEnd, ignoredByPip: true });
    }
    const hashes = readHashes(perRequirement, problems);
    const entry =
      target === undefined
        ? readRequirement(logical, argsStart, argsEnd, problems)
        : readEditable(logical, target, problems);
    const otherOptions = perRequirement.filter((o) => o.spec.long !== '--hash').map((o) => o.spec.long);
    if (entry !== undefined) out.entries.push(finishEntry(logical, entry, hashes, otherOptions));
  } else {
    for (const option of options) recordOption(logical, option, out, problems);
  }

  for (const problem of problems) {
    const range = spanRange(logical, problem.start, problem.end);
    out.errors.push(problem.ignoredByPip ? { message: problem.message, range, ignoredByPip: true } : { message: problem.message, range });
  }
}

// ---------------------------------------------------------------------------------------------
// Options, read like pip's optparse parser over shlex.split(options).

interface Word {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** The word is written exactly as its value (no quotes or escapes), so offsets inside it are exact. */
  readonly verbatim: boolean;
}

/** shlex.split in POSIX mode, keeping each word's offsets; undefined after reporting an unclosed quote. */
function shellWords(text: string, start: number, end: number, problems: Problem[]): Word[] | undefined {
  const words: Word[] = [];
  let i = start;
  for (;;) {
    i = skipSpaces(text, i, end);
    if (i >= end) return words;
    const wordStart = i;
    let value = '';
    while (i < end && !isSpace(text[i])) {
      const ch = text[i];
      if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        if (close === -1 || close >= end) {
          problems.push({ message: 'no closing quotation', start: i, end });
          return undefined;
        }
        value += text.slice(i + 1, close);
        i = close + 1;
      } else if (ch === '"') {
        i++;
        while (i < end && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < end && '\\"$`'.includes(text[i + 1])) i++;
          value += text[i++];
        }
        if (i >= end) {
          problems.push({ message: 'no closing quotation', start: wordStart, end });
          return undefined;
        }
        i++;
      } else if (ch === '\\' && i + 1 < end) {
        value += text[i + 1];
        i += 2;
      } else {
        // copy a run of plain characters at once: building long hashes one character at a time is slow
        const run = i;
        while (i < end && !isSpace(text[i]) && text[i] !== "'" && text[i] !== '"' && text[i] !== '\\') i++;
        if (run === i) i++;
        value += text.slice(run, i);
      }
    }
    words.push({ value, start: wordStart, end: i, verbatim: text.slice(wordStart, i) === value });
  }
}

type OptionKind = 'file-wide' | 'per-requirement' | 'requirement-file' | 'constraint-file' | 'editable';

interface OptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
  readonly kind: OptionKind;
}

/** pip's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ. */
const OPTION_SPECS: readonly OptionSpec[] = [
  { long: '--index-url', short: '-i', takesValue: true, kind: 'file-wide' },
  { long: '--extra-index-url', takesValue: true, kind: 'file-wide' },
  { long: '--no-index', takesValue: false, kind: 'file-wide' },
  { long: '--constraint', short: '-c', takesValue: true, kind: 'constraint-file' },
  { long: '--requirement', short: '-r', takesValue: true, kind: 'requirement-file' },
  { long: '--editable', short: '-e', takesValue: true, kind: 'editable' },
  { long: '--find-links', short: '-f', takesValue: true, kind: 'file-wide' },
  { long: '--no-binary', takesValue: true, kind: 'file-wide' },
  { long: '--only-binary', takesValue: true, kind: 'file-wide' },
  { long: '--prefer-binary', takesValue: false, kind: 'file-wide' },
  { long: '--require-hashes', takesValue: false, kind: 'file-wide' },
  { long: '--pre', takesValue: false, kind: 'file-wide' },
  { long: '--trusted-host', takesValue: true, kind: 'file-wide' },
  { long: '--use-feature', takesValue: true, kind: 'file-wide' },
  { long: '--global-option', takesValue: true, kind: 'per-requirement' },
  { long: '--hash', takesValue: true, kind: 'per-requirement' },
  { long: '--config-settings', short: '-C', takesValue: true, kind: 'per-requirement' },
  // Removed in pip 23.1, but images that pin an older pip still honour it.
  { long: '--install-option', takesValue: true, kind: 'per-requirement' },
];

const LONG_OPTIONS = new Map(OPTION_SPECS.map((spec) => [spec.long, spec]));
const SHORT_OPTIONS = new Map(OPTION_SPECS.flatMap((spec) => (spec.short ? [[spec.short, spec] as const] : [])));

interface ParsedOption {
  readonly spec: OptionSpec;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly value: string | undefined;
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** optparse's long-option lookup: an exact name, or an unambiguous prefix of one. */
function findLongOption(name: string): OptionSpec | string {
  const exact = LONG_OPTIONS.get(name);
  if (exact) return exact;
  const candidates = OPTION_SPECS.filter((spec) => spec.long.startsWith(name));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) return `no such option: ${name}`;
  return `ambiguous option: ${name} (${candidates.map((spec) => spec.long).join(', ')}?)`;
}

function readOptions(words: readonly Word[], problems: Problem[]): { options: ParsedOption[]; positionals: Word[] } {
  const options: ParsedOption[] = [];
  const positionals: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const arg = word.value;
    if (arg === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    const isLong = arg.startsWith('--');
    if (!isLong && !(arg.startsWith('-') && arg.length > 1)) {
      positionals.push(word);
      continue;
    }

    // "--name=value", "--name value", "-xvalue" or "-x value"
    const equals = isLong ? arg.indexOf('=') : -1;
    const written = isLong ? (equals === -1 ? arg : arg.slice(0, equals)) : arg.slice(0, 2);
    const nameEnd = word.verbatim ? word.start + written.length : word.end;
    const spec = isLong ? findLongOption(written) : (SHORT_OPTIONS.get(written) ?? `no such option: ${written}`);
    if (typeof spec === 'string') {
      problems.push({ message: spec, start: word.start, end: nameEnd });
      continue;
    }

    const attached = isLong ? (equals === -1 ? undefined : arg.slice(equals + 1)) : arg.length > 2 ? arg.slice(2) : undefined;
    const nameStart = word.start;
    // (plain object literals: V8's object spread was the slowest step on hash-pinned files)
    if (!spec.takesValue) {
      if (attached !== undefined) problems.push({ message: `${spec.long} option does not take a value`, start: word.start, end: word.end });
      options.push({ spec, nameStart, nameEnd, value: undefined, valueStart: nameEnd, valueEnd: nameEnd });
    } else if (attached !== undefined) {
      const valueStart = word.verbatim ? word.end - attached.length : word.start;
      options.push({ spec, nameStart, nameEnd, value: attached, valueStart, valueEnd: word.end });
    } else if (i + 1 < words.length) {
      const next = words[++i];
      options.push({ spec, nameStart, nameEnd, value: next.value, valueStart: next.start, valueEnd: next.end });
    } else {
      problems.push({ message: `${written} option requires 1 argument`, start: word.start, end: word.end });
    }
  }
  return { options, positionals };
}

function recordOption(logical: LogicalLine, option: ParsedOption, out: Collected, problems: Problem[]): void {
  const { spec, value } = option;
  if (spec.kind === 'per-requirement') {
    problems.push({
      message: `${spec.long} applies to a requirement on the same line, but this line has none`,
      start: option.nameStart,
      end: option.nameEnd,
      ignoredByPip: true,
    });
    return;
  }
  if ((spec.kind === 'requirement-file' || spec.kind === 'constraint-file') && value !== undefined) {
    const range = spanRange(logical, option.valueStart, option.valueEnd);
    const kind = spec.kind === 'requirement-file' ? 'requirement' : 'constraint';
    out.includes.push({ kind, path: value, range, line: range.start.line });
    return;
  }
  const range = spanRange(logical, option.nameStart, option.nameEnd);
  const valueRange = spec.takesValue ? spanRange(logical, option.valueStart, option.valueEnd) : undefined;
  out.options.push({ name: spec.long, value, range, valueRange, line: range.start.line });
}

const HASH_ALGORITHMS = new Set(['sha256', 'sha384', 'sha512']);

function readHashes(options: readonly ParsedOption[], problems: Problem[]): string[] {
  const hashes: string[] = [];
  for (const option of options) {
    if (option.spec.long !== '--hash' || option.value === undefined) continue;
    const colon = option.value.indexOf(':');
    const algorithm = colon === -1 ? '' : option.value.slice(0, colon);
    const where = { start: option.valueStart, end: option.valueEnd };
    if (colon === -1) {
      problems.push({ message: '--hash must be a hash name followed by a value, like --hash=sha256:abcde...', ...where });
    } else if (!HASH_ALGORITHMS.has(algorithm) && !ENV_VAR.test(algorithm)) {
      problems.push({ message: `hash algorithm "${algorithm}" is not allowed; use sha256, sha384 or sha512`, ...where });
    }
    hashes.push(option.value);
  }
  return hashes;
}

// ---------------------------------------------------------------------------------------------
// The requirement itself.

/** What a requirement says, in logical offsets, before positions and `pinned` are worked out. */
interface Requirement {
  readonly start: number;
  readonly end: number;
  readonly editable: boolean;
  name?: Span;
  extras: string[];
  specifier?: Span;
  marker?: string;
  url?: string;
  /** Where the code comes from when it is not "a version from an index". */
  source?: SourceKind;
}

/**
 * local-project: a directory (always pinned: it is the code in the build context).
 * vcs-pinned / vcs-moving: a VCS URL with a commit/tag ref, or with none / a branch.
 * versioned-file / unversioned-file: an archive or wheel, local or remote.
 */
type SourceKind = 'local-project' | 'vcs-pinned' | 'vcs-moving' | 'versioned-file' | 'unversioned-file';

const ENV_VAR_SOURCE = String.raw`\$\{[A-Z0-9_]+\}`; // pip expands only ${UPPER_CASE} names
const ENV_VAR = new RegExp(ENV_VAR_SOURCE);
const NAME_CHAR_END = String.raw`(?:[A-Za-z0-9]|${ENV_VAR_SOURCE})`;
/** PEP 508 names, allowing ${VAR} pieces since pip expands them before parsing. */
const NAME = new RegExp(String.raw`${NAME_CHAR_END}(?:(?:[A-Za-z0-9._-]|${ENV_VAR_SOURCE})*${NAME_CHAR_END})?`, 'y');
const PROJECT_NAME = new RegExp(`^${NAME.source}$`);

const VCS_SCHEMES = new Set([
  'git', 'git+http', 'git+https', 'git+ssh', 'git+git', 'git+file',
  'hg', 'hg+file', 'hg+http', 'hg+https', 'hg+ssh', 'hg+static-http',
  'svn', 'svn+ssh', 'svn+http', 'svn+https', 'svn+svn', 'svn+file',
  'bzr', 'bzr+http', 'bzr+https', 'bzr+ssh', 'bzr+sftp', 'bzr+ftp', 'bzr+lp', 'bzr+file',
]);
const URL_SCHEMES = new Set(['http', 'https', 'file', 'ftp', ...VCS_SCHEMES]);
const ARCHIVE_EXTENSIONS = ['.whl', '.zip', '.tar.gz', '.tgz', '.tar', '.tar.bz2', '.tbz', '.tar.xz', '.txz', '.tlz', '.tar.lz', '.tar.lzma'];

function schemeOf(url: string): string | undefined {
  const colon = url.indexOf(':');
  return colon > 0 ? url.slice(0, colon).toLowerCase() : undefined;
}

/**
 * pip's _looks_like_path on Linux, which pip then confirms on the file system. Without one, text
 * with blanks or "://" in it is taken for a broken requirement rather than a directory.
 */
function looksLikePath(text: string): boolean {
  return (text.includes('/') || text.startsWith('.')) && !/\s|:\/\//.test(text);
}

function archiveExtension(fileName: string): string | undefined {
  const lower = fileName.toLowerCase();
  return ARCHIVE_EXTENSIONS.find((extension) => lower.endsWith(extension));
}

/** A requirement written before any option word (pip's install_req_from_line). */
function readRequirement(logical: LogicalLine, start: number, end: number, problems: Problem[]): Requirement | undefined {
  const { text } = logical;
  const requirement: Requirement = { start, end, editable: false, extras: [] };
  const isUrl = URL_SCHEMES.has(schemeOf(text.slice(start, end)) ?? '');

  // URLs may contain ';', so pip only takes "; " as the marker separator after a bare URL.
  const separator = text.slice(start, end).indexOf(isUrl ? '; ' : ';');
  const [left, leftEnd] = trimSpan(text, start, separator === -1 ? end : start + separator);
  if (separator !== -1 && !readMarker(text, start + separator + 1, end, requirement, problems)) return undefined;
  if (isUrl) return readUrl(text, left, leftEnd, requirement, true, problems) ? requirement : undefined;

  const head = readHead(text, left, leftEnd, requirement, problems);
  if (head.kind === 'error') return undefined;
  if (head.kind === 'url') return requirement;

  // pip tries a path before PEP 508: anything with a '/' or a leading '.', and archive file names.
  const { pathEnd } = splitExtras(text, left, leftEnd);
  const path = text.slice(left, pathEnd);
  if (looksLikePath(path) || archiveExtension(path) !== undefined) {
    return readPath(text, left, leftEnd, requirement, problems) ? requirement : undefined;
  }
  if (head.kind === 'none') {
    problems.push({ message: 'expected a package name, URL or path', start: left, end: leftEnd });
    return undefined;
  }
  requirement.name = head.name;
  requirement.extras = head.extras;
  return readSpecifier(text, head.next, leftEnd, requirement, problems) ? requirement : undefined;
}

type Span = { readonly text: string; readonly start: number; readonly end: number };

type Head =
  | { readonly kind: 'none' }
  | { readonly kind: 'error' }
  /** `name[extras] @ url`, already stored in the requirement */
  | { readonly kind: 'url' }
  /** `name[extras]` followed by something else at `next` */
  | { readonly kind: 'name'; readonly name: Span; readonly extras: string[]; readonly next: number };

/** The PEP 508 `name[extras]` a requirement may start with, completing the `@ url` form if it follows. */
function readHead(text: string, start: number, end: number, requirement: Requirement, problems: Problem[]): Head {
  NAME.lastIndex = start;
  const match = NAME.exec(text);
  if (match === null || start + match[0].length > end) return { kind: 'none' };
  const name = { text: match[0], start, end: start + match[0].length };
  let extras: string[] = [];
  let next = skipSpaces(text, name.end, end);
  if (text[next] === '[' && next < end) {
    const list = readExtrasList(text, next, end, problems);
    if (list === undefined) return { kind: 'error' };
    extras = list.extras;
    next = skipSpaces(text, list.next, end);
  }
  if (text[next] !== '@' || next >= end) return { kind: 'name', name, extras, next };

  const urlStart = skipSpaces(text, next + 1, end);
  if (urlStart >= end) {
    problems.push({ message: 'expected a URL after "@"', start: next, end: next + 1 });
    return { kind: 'error' };
  }
  requirement.name = name;
  requirement.extras = extras;
  return readUrl(text, urlStart, end, requirement, false, problems) ? { kind: 'url' } : { kind: 'error' };
}

/** `[a, b]` from the '[' at `open`, up to `end`. */
function readExtrasList(text: string, open: number, end: number, problems: Problem[]): { extras: string[]; next: number } | undefined {
  const extras: string[] = [];
  let i = skipSpaces(text, open + 1, end);
  if (text[i] === ']' && i < end) return { extras, next: i + 1 };
  for (;;) {
    NAME.lastIndex = i;
    const match = NAME.exec(text);
    if (match === null || i + match[0].length > end) {
      problems.push({ message: 'expected an extra name', start: Math.min(i, end), end: Math.min(i + 1, end) });
      return undefined;
    }
    extras.push(match[0]);
    i = skipSpaces(text, i + match[0].length, end);
    if (text[i] === ']' && i < end) return { extras, next: i + 1 };
    if (text[i] !== ',' || i >= end) {
      problems.push({ message: 'expected "," or "]" after an extra name', start: Math.min(i, end), end: Math.min(i + 1, end) });
      return undefined;
    }
    i = skipSpaces(text, i + 1, end);
  }
}

/** After `name[extras]` (at `from`): nothing, or a version specifier with or without parentheses. */
function readSpecifier(text: string, from: number, end: number, requirement: Requirement, problems: Problem[]): boolean {
  if (from >= end) return true;
  let specStart = from;
  let specEnd = end;
  if (text[from] === '(') {
    const close = text.indexOf(')', from);
    if (close === -1 || close >= end) {
      problems.push({ message: 'expected ")" after the version specifier', start: from, end });
      return false;
    }
    [specStart, specEnd] = trimSpan(text, from + 1, close);
    const rest = skipSpaces(text, close + 1, end);
    if (rest < end) {
      problems.push({ message: 'unexpected text after the version specifier', start: rest, end });
      return false;
    }
  } else if (!/[<>=!~]/.test(text[from])) {
    problems.push({ message: 'expected a version specifier, "@ url", ";" or the end after the package name', start: from, end });
    return false;
  }
  const specifier = text.slice(specStart, specEnd);
  const problem = specifierProblem(specifier);
  if (problem !== undefined) {
    problems.push({ message: problem, start: specStart, end: specEnd });
    return false;
  }
  requirement.specifier = { text: specifier, start: specStart, end: specEnd };
  return true;
}

/** `-e <target>`: a local project directory or a VCS URL (pip's parse_editable). */
function readEditable(logical: LogicalLine, option: ParsedOption, problems: Problem[]): Requirement | undefined {
  const { text } = logical;
  const value = option.value ?? '';
  if (value === '') {
    problems.push({ message: '-e needs a path or VCS URL', start: option.nameStart, end: option.nameEnd });
    return undefined;
  }
  // A quoted target ("-e '.[dev]'") is read inside its quotes; escapes would shift every offset.
  const inside = text.slice(option.valueStart, option.valueEnd).indexOf(value);
  if (inside === -1) {
    problems.push({ message: 'backslash escapes in -e targets are not supported', start: option.valueStart, end: option.valueEnd });
    return undefined;
  }
  const start = option.valueStart + inside;
  const end = start + value.length;
  const requirement: Requirement = { start, end, editable: true, extras: [] };

  const scheme = schemeOf(value);
  if (scheme === 'file') return readUrl(text, start, end, requirement, true, problems) ? requirement : undefined;
  if (scheme !== undefined && VCS_SCHEMES.has(scheme)) {
    if (!readUrl(text, start, end, requirement, true, problems)) return undefined;
    if (requirement.name !== undefined) return requirement;
    problems.push({ message: 'editable VCS requirements need "#egg=<name>" (pip cannot detect the name)', start, end });
    return undefined;
  }
  if (scheme !== undefined && URL_SCHEMES.has(scheme)) {
    problems.push({ message: 'an editable requirement must be a local project path or a VCS URL (git+https://...)', start, end });
    return undefined;
  }
  const head = readHead(text, start, end, requirement, problems);
  if (head.kind === 'error') return undefined;
  if (head.kind === 'url') return requirement;
  // Anything else is taken as a project directory (pip checks the file system; we cannot).
  return readPath(text, start, end, requirement, problems) ? requirement : undefined;
}

/** pip's _strip_extras: a trailing `[...]` on a path. */
function splitExtras(text: string, start: number, end: number): { pathEnd: number; extrasStart: number | undefined } {
  if (text[end - 1] !== ']') return { pathEnd: end, extrasStart: undefined };
  const open = text.lastIndexOf('[', end - 1);
  if (open <= start || text.slice(open + 1, end - 1).includes(']') || open + 1 === end - 1) return { pathEnd: end, extrasStart: undefined };
  return { pathEnd: open, extrasStart: open };
}

/** A local directory, archive or wheel, optionally with `[extras]`. */
function readPath(text: string, start: number, end: number, requirement: Requirement, problems: Problem[]): boolean {
  const { pathEnd, extrasStart } = splitExtras(text, start, end);
  if (extrasStart !== undefined) {
    const list = readExtrasList(text, extrasStart, end, problems);
    if (list === undefined) return false;
    requirement.extras = list.extras;
  }
  const path = text.slice(start, pathEnd);
  requirement.url = path;
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  if (archiveExtension(fileName) === undefined) {
    requirement.source = 'local-project';
    return true;
  }
  return describeFile(start + path.length - fileName.length, fileName, requirement, problems);
}

/** Fills name/source from an archive or wheel file name; returns false after reporting a bad wheel name. */
function describeFile(fileStart: number, fileName: string, requirement: Requirement, problems: Problem[]): boolean {
  const extension = archiveExtension(fileName) ?? '';
  if (extension === '.whl') {
    const wheel = WHEEL_FILE.exec(fileName);
    if (wheel === null) {
      problems.push({ message: `"${fileName}" is not a valid wheel file name`, start: fileStart, end: fileStart + fileName.length });
      return false;
    }
    // pip names the requirement after the wheel; a `name @` or #egg= already set wins.
    requirement.name ??= { text: wheel[1], start: fileStart, end: fileStart + wheel[1].length };
    requirement.source = 'versioned-file';
    return true;
  }
  const stem = fileName.slice(0, fileName.length - extension.length);
  requirement.source = VERSIONED_STEM.test(stem) || COMMIT.test(stem) ? 'versioned-file' : 'unversioned-file';
  return true;
}

/** pip's wheel_file_re. */
const WHEEL_FILE = /^([^\s-]+?)-([^\s-]*?)(?:-(\d[^-]*?))?-([^\s-]+?)-([^\s-]+?)-([^\s-]+?)\.whl$/;
/** `name-1.2.3`, `v1.2`, `release_2024.1`: some part of the file name is a version. */
const VERSIONED_STEM = /(?:^|[-_])v?(?:\d|\$\{)/i;
const COMMIT = /^[0-9a-f]{7,40}$/i;
const VERSION_DIRECTORY = /\/v?\d+(?:\.\d+)+\//;
const EGG_FRAGMENT = /[#&]egg=([^&]*)/;

/** A URL requirement (bare, `name @ url` or `-e vcs+url`); `nameFromEgg` when no PEP 508 name precedes it. */
function readUrl(text: string, start: number, end: number, requirement: Requirement, nameFromEgg: boolean, problems: Problem[]): boolean {
  const url = text.slice(start, end);
  const space = url.search(/\s/);
  if (space !== -1) {
    const at = skipSpaces(text, start + space, end);
    problems.push({ message: 'unexpected text after the URL (a marker needs "; " after a URL)', start: at, end });
    return false;
  }
  requirement.url = url;
  const scheme = schemeOf(url) ?? '';

  const egg = EGG_FRAGMENT.exec(url);
  if (egg !== null && nameFromEgg) {
    const eggStart = start + egg.index + egg[0].length - egg[1].length;
    // pip 26 rejects #egg= values that are not bare project names (e.g. "name[extra]")
    if (!PROJECT_NAME.test(egg[1])) {
      const message = `"#egg=${egg[1]}" is not a bare project name, which current pip requires (use "name[extra] @ URL")`;
      problems.push({ message, start: eggStart, end: eggStart + egg[1].length });
      return false;
    }
    requirement.name = { text: egg[1], start: eggStart, end: eggStart + egg[1].length };
  }

  const { path, pathStart } = urlPath(url);
  if (VCS_SCHEMES.has(scheme)) {
    // The ref follows the last '@' of the path part (an '@' in the host part is a user name).
    const at = path.lastIndexOf('@');
    const ref = at === -1 ? '' : path.slice(at + 1);
    requirement.source = isFixedRef(ref) ? 'vcs-pinned' : 'vcs-moving';
    return true;
  }
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  if (archiveExtension(fileName) !== undefined) {
    if (!describeFile(start + pathStart + path.length - fileName.length, fileName, requirement, problems)) return false;
    // release URLs often carry the version in a directory instead (.../download/v2.8.3/kfp.tar.gz)
    if (requirement.source === 'unversioned-file' && VERSION_DIRECTORY.test(path)) requirement.source = 'versioned-file';
    return true;
  }
  requirement.source = scheme === 'file' ? 'local-project' : 'unversioned-file';
  return true;
}

/** The path of a URL (after scheme and host, before '?' and '#'), with its offset in the URL. */
function urlPath(url: string): { path: string; pathStart: number } {
  const colon = url.indexOf(':');
  let start = colon + 1;
  if (url.startsWith('//', start)) {
    const slash = url.indexOf('/', start + 2);
    start = slash === -1 ? url.length : slash;
  }
  let end = url.length;
  for (const stop of ['#', '?']) {
    const index = url.indexOf(stop, start);
    if (index !== -1 && index < end) end = index;
  }
  return { path: url.slice(start, end), pathStart: start };
}

/**
 * Whether a VCS ref names fixed code: a commit hash, or a tag, recognised by starting with a
 * number or holding a dotted version (v1.0.0, 2025-06-02, r23.05, v7). Other refs (main, master,
 * develop, nvidia/master) are taken to be branches, which move.
 */
function isFixedRef(ref: string): boolean {
  return COMMIT.test(ref) || /^v?\d/.test(ref) || /\d+\.\d+/.test(ref) || ENV_VAR.test(ref);
}

/** The marker after ';' (from `from`); empty markers are allowed, like pip does. */
function readMarker(text: string, from: number, end: number, requirement: Requirement, problems: Problem[]): boolean {
  const [start, stop] = trimSpan(text, from, end);
  if (start === stop) return true;
  const marker = text.slice(start, stop);
  const problem = markerProblem(marker);
  if (problem !== undefined) {
    problems.push({ message: problem, start, end: stop });
    return false;
  }
  requirement.marker = marker;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Version specifiers and markers.

/** Clauses that need no PEP 440 parser: `>=1.2`, `==1.2.*`, `~=1.2`. Most real files are only these. */
const SIMPLE_CLAUSE = /^(?:(?:==|!=|<=|>=|<|>)\s*\d+(?:\.\d+)*|(?:==|!=)\s*\d+(?:\.\d+)*\.\*|~=\s*\d+(?:\.\d+)+)$/;
const ENV_VAR_CLAUSE = /^(?:===|~=|==|!=|<=|>=|<|>)\s*\S+$/;

function specifierClauses(specifier: string): string[] {
  if (!specifier.includes(',')) return [specifier.trim()];
  const clauses = specifier.split(',').map((clause) => clause.trim());
  // packaging accepts one trailing comma
  if (clauses.length > 1 && clauses[clauses.length - 1] === '') clauses.pop();
  return clauses;
}

function specifierProblem(specifier: string): string | undefined {
  for (const clause of specifierClauses(specifier)) {
    if (SIMPLE_CLAUSE.test(clause)) continue;
    // a version that pip fills in from the environment cannot be checked here
    if (ENV_VAR.test(clause) && ENV_VAR_CLAUSE.test(clause)) continue;
    if (clause !== '' && validRange(clause)) continue;
    return clause === '' ? `empty clause in version specifier "${specifier}"` : `invalid version specifier "${clause}"`;
  }
  return undefined;
}

/** The comparison operator of each clause of a version specifier (`>=1.2,<2` → `>=`, `<`; `''` for a clause without one). */
export function specifierOperators(specifier: string): string[] {
  return specifierClauses(specifier).map((clause) => /^(===|==|!=|~=|<=|>=|<|>)/.exec(clause)?.[1] ?? '');
}

/**
 * Whether no version satisfies both specifiers (`==2.0` and `==2.1`, `<2` and `>=2`); undefined when that cannot
 * be told (a `${VAR}` version, `===`, an invalid clause). The answer is searched among the versions the clauses
 * name, the versions just above them and the next releases after them, which holds every interval's edge.
 */
export function specifiersConflict(a: string, b: string): boolean | undefined {
  if (a.trim() === '' || b.trim() === '') return false;
  const clauses = [...a.split(','), ...b.split(',')].map((c) => c.trim()).filter((c) => c !== '');
  const candidates = new Set<string>(['0', '0.0.0.0.1']);
  for (const clause of clauses) {
    const match = /^(~=|==|!=|<=|>=|<|>)\s*(.+)$/.exec(clause);
    if (!match) return undefined;
    const version = match[2].replace(/\.\*$/, '');
    if (!valid(version)) return undefined;
    candidates.add(version);
    const release = /^v?(?:\d+!)?(\d+(?:\.\d+)*)/.exec(version)?.[1];
    if (release === undefined) continue;
    candidates.add(`${release}.0.0.0.0.1`);
    const parts = release.split('.').map(Number);
    for (let i = 0; i < parts.length; i++) candidates.add([...parts.slice(0, i), parts[i] + 1].join('.'));
  }
  const options = { prereleases: true };
  for (const version of candidates) {
    if (satisfies(version, a, options) && satisfies(version, b, options)) return false;
  }
  return true;
}

function isExactSpecifier(specifier: string): boolean {
  const clauses = specifierClauses(specifier);
  if (clauses.length !== 1) return false;
  const clause = clauses[0];
  if (clause.startsWith('===')) return true;
  return clause.startsWith('==') && !clause.endsWith('.*');
}

const MARKER_VARIABLES = new Set([
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release',
  'platform_system', 'platform_version', 'platform_machine', 'platform_python_implementation',
  'implementation_name', 'implementation_version', 'extra', 'extras', 'dependency_groups',
  // legacy spellings packaging still accepts
  'os.name', 'sys.platform', 'platform.version', 'platform.machine', 'platform.python_implementation', 'python_implementation',
]);

const MARKER_TOKEN = /\s*(?:([()])|('[^']*'|"[^"]*")|(===|==|!=|<=|>=|~=|<|>)|([A-Za-z_][A-Za-z0-9_.]*)|(\$\{[A-Z0-9_]+\}))/y;

type MarkerToken = { kind: '(' | ')' | 'value' | 'op' | 'and' | 'or' | 'not' | 'in'; text: string };

function markerTokens(marker: string): MarkerToken[] | string {
  const tokens: MarkerToken[] = [];
  MARKER_TOKEN.lastIndex = 0;
  while (MARKER_TOKEN.lastIndex < marker.length) {
    if (/^\s*$/.test(marker.slice(MARKER_TOKEN.lastIndex))) break;
    const at = MARKER_TOKEN.lastIndex;
    const match = MARKER_TOKEN.exec(marker);
    if (match === null) return `invalid environment marker: unexpected "${marker.slice(at).trim()}"`;
    const [, paren, quoted, op, word, envVar] = match;
    if (paren !== undefined) tokens.push({ kind: paren as '(' | ')', text: paren });
    else if (quoted !== undefined || envVar !== undefined) tokens.push({ kind: 'value', text: (quoted ?? envVar)! });
    else if (op !== undefined) tokens.push({ kind: 'op', text: op });
    else if (word === 'and' || word === 'or' || word === 'not' || word === 'in') tokens.push({ kind: word, text: word });
    else if (MARKER_VARIABLES.has(word!)) tokens.push({ kind: 'value', text: word! });
    else return `invalid environment marker: unknown variable "${word}"`;
  }
  return tokens;
}

/** PEP 508 marker grammar: or/and of `value op value` comparisons, with parentheses. */
function markerProblem(marker: string): string | undefined {
  const tokens = markerTokens(marker);
  if (typeof tokens === 'string') return tokens;
  let i = 0;
  const accept = (kind: MarkerToken['kind']): boolean => (tokens[i]?.kind === kind ? (i++, true) : false);
  const comparison = (): boolean => {
    if (accept('(')) return disjunction() && accept(')');
    if (!accept('value')) return false;
    const isOperator = accept('op') || accept('in') || (accept('not') && accept('in'));
    return isOperator && accept('value');
  };
  const conjunction = (): boolean => {
    if (!comparison()) return false;
    while (accept('and')) if (!comparison()) return false;
    return true;
  };
  const disjunction = (): boolean => {
    if (!conjunction()) return false;
    while (accept('or')) if (!conjunction()) return false;
    return true;
  };
  return disjunction() && i === tokens.length ? undefined : `invalid environment marker "${marker}"`;
}

// ---------------------------------------------------------------------------------------------

function finishEntry(logical: LogicalLine, requirement: Requirement, hashes: readonly string[], perRequirementOptions: readonly string[]): RequirementEntry {
  const range = spanRange(logical, requirement.start, requirement.end);
  const { name, specifier } = requirement;
  return {
    line: range.start.line,
    range,
    name: name?.text,
    normalizedName: name === undefined ? undefined : normalizePackageName(name.text),
    nameRange: name === undefined ? undefined : spanRange(logical, name.start, name.end),
    extras: requirement.extras,
    specifier: specifier?.text ?? '',
    specifierRange: specifier === undefined ? undefined : spanRange(logical, specifier.start, specifier.end),
    marker: requirement.marker,
    url: requirement.url,
    editable: requirement.editable,
    hashes,
    perRequirementOptions,
    endLine: logical.pieces[logical.pieces.length - 1].line,
    pinned: isPinned(requirement, hashes),
  };
}

function isPinned(requirement: Requirement, hashes: readonly string[]): boolean {
  switch (requirement.source) {
    case undefined:
      return requirement.specifier !== undefined && isExactSpecifier(requirement.specifier.text);
    case 'local-project':
    case 'vcs-pinned':
    case 'versioned-file':
      return true;
    case 'vcs-moving':
    case 'unversioned-file':
      // a hash fixes the exact archive pip may install
      return hashes.length > 0;
  }
}
