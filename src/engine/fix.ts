/**
 * Applying the fixes findings carry (Report.fix): the non-overlapping edits of a file are applied, the text is linted
 * again, and so on until nothing more applies (at most MAX_PASSES). A pass that would make the file parse worse (more
 * `invalid-instruction` findings, or a file the model cannot read) keeps only the fixes that do not, one by one; the
 * others are dropped and their findings say so. Everything the edits do not touch stays as it was: the BOM, the line
 * endings (a `\n` in an edit is written as the file's own line break), the final newline.
 */
import type { FileResult, Finding, LintResult } from './finding.js';
import type { Fix, Rule, TextEdit } from './rule.js';
import type { LintOptions } from './lint-options.js';
import { lstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../discover/display-path.js';
import { isReallyInside, realpathOr } from '../discover/inside-tree.js';
import { InputError, lint, lintText, resolveConfig } from './lint.js';
import { readInputFile } from '../io/read-input.js';
import { createFileAtomic, writeFileAtomic } from '../io/write-atomic.js';

export const MAX_PASSES = 10;

export interface FixOptions {
  /** Apply `unsafe` fixes too (`--unsafe-fixes`); default: only `safe` ones. */
  readonly unsafe?: boolean;
}

export interface FixedText {
  /** The text with every fix that applied, byte-identical to the input when none did. */
  readonly text: string;
  /** How many fixes were applied, over all passes. */
  readonly applied: number;
  /** The findings whose fix was dropped because it made the file parse worse, as found before the fix was tried. */
  readonly dropped: readonly Finding[];
}

/** Whether `--fix` (with `unsafe`: `--fix --unsafe-fixes`) applies this finding's fix. */
export function appliesFix(finding: Finding, options: FixOptions = {}): boolean {
  return finding.fix !== undefined && (finding.fix.applicability === 'safe' || options.unsafe === true);
}

/** The line ending a file uses: CRLF when any line ends with it, else LF (a lone CR file is left to CR). */
export function lineEndingOf(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}

/**
 * Where each line of `text` starts, with lines broken as the models break them (`\r\n`, a lone `\r`, `\n`). Offsets
 * are in UTF-16 code units, as the ranges' columns are.
 */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The offsets of an edit's range in the text; a position past a line's end is its end (the edit's text goes there). */
function spanOf(edit: TextEdit, body: string, starts: readonly number[], eol: string): Span {
  const offset = (line: number, column: number) => {
    if (line > starts.length) return body.length;
    const start = starts[Math.max(1, line) - 1]!;
    const next = line < starts.length ? starts[line]! : body.length;
    // The line's own end, before its line break.
    let lineEnd = next;
    if (line < starts.length) lineEnd -= body.charCodeAt(next - 2) === 13 && body.charCodeAt(next - 1) === 10 ? 2 : 1;
    return Math.min(start + Math.max(1, column) - 1, lineEnd);
  };
  const start = offset(edit.range.start.line, edit.range.start.column);
  const end = Math.max(start, offset(edit.range.end.line, edit.range.end.column));
  return { start, end, text: edit.text.replace(/\r?\n/g, eol) };
}

/** Two edits touch: they overlap, or both insert at one place (their order would be a guess). */
function touches(a: Span, b: Span): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start || (a.start === a.end && b.start < a.start && a.start < b.end) || (b.start === b.end && a.start < b.start && b.start < a.end);
}

/**
 * Applies whole fixes to `source`: a fix whose edits touch an edit of a fix taken before it (in file order) waits for
 * the next pass. Returns the text and the fixes taken.
 */
export function applyEdits(source: string, fixes: readonly Fix[]): { text: string; taken: Fix[] } {
  const bom = source.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const body = bom ? source.slice(1) : source;
  const starts = lineStarts(body);
  const eol = lineEndingOf(body);
  const withSpans = fixes.map((fix) => ({ fix, spans: fix.edits.map((edit) => spanOf(edit, body, starts, eol)) }));
  withSpans.sort((a, b) => Math.min(...a.spans.map((s) => s.start)) - Math.min(...b.spans.map((s) => s.start)));
  const takenSpans: Span[] = [];
  const taken: Fix[] = [];
  for (const { fix, spans } of withSpans) {
    if (spans.length === 0) {
      // A fix that only creates a file touches no text here.
      if (fix.create && fix.create.length > 0) taken.push(fix);
      continue;
    }
    // Bounded: fixes per pass times edits taken, both at most the file's findings.
    if (spans.some((s, i) => spans.some((o, j) => j < i && touches(s, o)) || takenSpans.some((t) => touches(s, t)))) continue;
    takenSpans.push(...spans);
    taken.push(fix);
  }
  takenSpans.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const span of takenSpans) {
    parts.push(body.slice(at, span.start), span.text);
    at = span.end;
  }
  parts.push(body.slice(at));
  return { text: bom + parts.join(''), taken };
}

/**
 * How badly a text parses as the file `where` (its path and kind): its `invalid-instruction` findings and the files
 * dockerlint could not analyse. A fix that raises it is dropped.
 */
type ParseScore = (text: string, where: { readonly absolutePath: string; readonly kind?: FileResult['kind'] }) => Promise<number>;

/**
 * Fixes `text` (the file at `options.filename`) with the fixes of its findings, re-linting after each pass, as
 * `--fix` does; reads and writes nothing (the caller writes the result). `builtinRules` as for lintText.
 */
export async function applyFixes(
  text: string,
  options: LintOptions & { readonly filename?: string } & FixOptions,
  builtinRules: readonly Rule[],
): Promise<FixedText> {
  const score = parseScoreFor(options, builtinRules);
  const target = resolve(options.cwd ?? process.cwd(), options.filename ?? 'Dockerfile');
  const where = { absolutePath: target, kind: options.kind };
  const before = await score(text, where);
  let current = text;
  let applied = 0;
  const dropped: Finding[] = [];
  const droppedKeys = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = await lintText(current, options, builtinRules);
    const findings = ownFindings(result, target).filter((f) => appliesFix(f, options) && !droppedKeys.has(fixKey(f)));
    if (findings.length === 0) break;
    const { text: next, taken } = applyEdits(current, findings.map((f) => f.fix!));
    if (taken.length === 0 || next === current) break;
    if ((await score(next, where)) <= before) {
      current = next;
      applied += taken.length;
      continue;
    }
    // Some fix of the pass breaks the parse: try them one at a time, keeping those that do not.
    let kept = 0;
    for (const finding of findings.filter((f) => taken.includes(f.fix!))) {
      const alone = applyEdits(current, [finding.fix!]).text;
      if ((await score(alone, where)) <= before) {
        current = alone;
        kept++;
        // The other fixes' ranges were for the text before this one: the next pass finds them again.
        break;
      }
      droppedKeys.add(fixKey(finding));
      dropped.push(finding);
    }
    applied += kept;
  }
  return { text: current, applied, dropped };
}

/** A finding's fix as the next pass will find it again: by rule and the text it writes where. */
function fixKey(finding: Finding): string {
  return JSON.stringify([finding.rule, finding.message, finding.fix?.edits.map((e) => e.text)]);
}

/** The findings on the fixed file itself: a rule may report on other files (reportOn), which are not this text. */
function ownFindings(result: LintResult, path: string): readonly Finding[] {
  return result.files.find((f) => f.absolutePath === path)?.findings ?? [];
}

function parseScoreFor(options: LintOptions, builtinRules: readonly Rule[]): ParseScore {
  const invalid = builtinRules.filter((r) => r.meta.id === 'invalid-instruction');
  return async (text, where) => {
    const kind = where.kind === 'python' ? undefined : where.kind;
    const result = await lintText(text, { cwd: options.cwd, filename: where.absolutePath, kind, config: false, rules: invalid, ruleSettings: invalid.length > 0 ? { 'invalid-instruction': 'error' } : {} }, builtinRules);
    return result.files.reduce((n, f) => n + f.findings.filter((x) => x.rule === 'invalid-instruction' || x.rule === 'internal-error' || x.rule === 'file-not-linted').length + (f.skipped ? 1 : 0), 0);
  };
}

/** A file `fixFiles` changed or created (or, without `write`, would). */
export interface FileFix {
  /** As findings show it: relative to the working directory. */
  readonly path: string;
  readonly absolutePath: string;
  /** The text before the fix; empty for a file the fix creates. */
  readonly before: string;
  readonly after: string;
  /** A file the fixes create (it did not exist); it is never written over one that does by the time of writing. */
  readonly created?: boolean;
  readonly applied: number;
  readonly dropped: readonly Finding[];
}

/** What `fixFiles` did. */
export interface FixRun {
  /** The files changed and created (or that would be, without `write`), by path. */
  readonly changes: readonly FileFix[];
  /** With `write`: the findings that remain after fixing; without, the findings before. */
  readonly result: LintResult;
  /** The findings before fixing. */
  readonly before: LintResult;
  /** Files not fixed, and why. */
  readonly notes: readonly string[];
}

interface FileState {
  readonly path: string;
  readonly absolutePath: string;
  readonly kind: FileResult['kind'];
  readonly before: string;
  current: string;
  readonly score: number;
  applied: number;
  readonly dropped: Finding[];
}

/**
 * `--fix` on disk. Lints `paths`; applies, file by file, the non-overlapping fixes of every file's findings, those a
 * rule reported on another file (a requirements line found from a Dockerfile) included; then lints the whole run again
 * with the changed texts standing for the files (`buffers`), so that a fix of one file is judged with the others, and
 * repeats until no fix applies (at most MAX_PASSES). A fix that makes its file parse worse is dropped. With `write`,
 * the files that changed are written (atomically, keeping their mode), the files fixes create are created (never over
 * an existing file, only inside the linted tree), and the run is linted again for what remains. A file that gets no
 * fix is not written; neither is a symbolic link (writing would replace the link by a file).
 */
export async function fixFiles(
  paths: readonly string[],
  options: LintOptions & FixOptions & { readonly write: boolean },
  builtinRules: readonly Rule[],
): Promise<FixRun> {
  const cwd = options.cwd ?? process.cwd();
  // Resolved once, so that every re-lint reads the same config as the first lint.
  const config = resolveConfig(options.config, cwd, paths[0] ?? '.');
  const lintOptions = { ...options, cwd, config };
  const first = await lint(paths, lintOptions, builtinRules);
  const states = new Map<string, FileState>();
  const creations = new Map<string, FileFix>();
  const refused = new Set<string>();
  const droppedKeys = new Set<string>();
  const notes: string[] = [];
  const score = parseScoreFor(lintOptions, builtinRules);
  let result = first;
  const linted = new Set(first.files.map((f) => f.absolutePath));
  const changedThisPass = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    changedThisPass.clear();
    for (const file of result.files) {
      if (file.skipped || file.kind === 'python' || refused.has(file.absolutePath)) continue;
      const fixable = file.findings.filter((f) => appliesFix(f, options) && !droppedKeys.has(`${file.absolutePath}\0${fixKey(f)}`));
      if (fixable.length === 0) continue;
      for (const finding of fixable) {
        for (const created of finding.fix!.create ?? []) {
          const absolutePath = resolve(cwd, created.path);
          if (creations.has(absolutePath) || states.has(absolutePath) || lstatSync(absolutePath, { throwIfNoEntry: false }) !== undefined) continue;
          creations.set(absolutePath, { path: displayPath(cwd, absolutePath), absolutePath, before: '', after: created.text, created: true, applied: 1, dropped: [] });
        }
      }
      const withEdits = fixable.filter((f) => f.fix!.edits.length > 0);
      if (withEdits.length === 0) continue;
      const state = states.get(file.absolutePath) ?? (await startState(file, refused, notes, score));
      if (!state) continue;
      states.set(file.absolutePath, state);
      const { text: next, taken } = applyEdits(state.current, withEdits.map((f) => f.fix!));
      if (taken.length === 0 || next === state.current) continue;
      changedThisPass.add(file.absolutePath);
      if ((await score(next, state)) <= state.score) {
        state.current = next;
        state.applied += taken.length;
        changed = true;
        continue;
      }
      // Some fix of the pass breaks the parse: try them one at a time; the first that does not is kept, and the next
      // pass finds the others again at their new places.
      for (const finding of withEdits.filter((f) => taken.includes(f.fix!))) {
        const alone = applyEdits(state.current, [finding.fix!]).text;
        changed = true;
        if ((await score(alone, state)) <= state.score) {
          state.current = alone;
          state.applied++;
          break;
        }
        droppedKeys.add(`${file.absolutePath}\0${fixKey(finding)}`);
        state.dropped.push(finding);
      }
    }
    if (!changed) break;
    const buffers = new Map([...states.values()].map((s) => [s.absolutePath, s.current] as const));
    result = await lint(nextPassPaths(paths, first, changedThisPass, cwd), { ...lintOptions, buffers }, builtinRules);
    // Only the files of the first lint are fixed: a pass over folders must not reach files the user did not name.
    result = { ...result, files: result.files.filter((f) => linted.has(f.absolutePath)) };
  }
  const edited = [...states.values()].filter((s) => s.current !== s.before || s.dropped.length > 0);
  const changes: FileFix[] = [
    ...edited.map((s) => ({ path: s.path, absolutePath: s.absolutePath, before: s.before, after: s.current, applied: s.applied, dropped: s.dropped })),
    ...creations.values(),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!options.write) return { changes, result: first, before: first, notes };
  const roots = paths.length > 0 ? paths.map((p) => resolve(cwd, p)) : [cwd];
  let wrote = false;
  for (const change of changes) {
    if (change.after === change.before) continue;
    // writeFileAtomic holds signals until the event loop turns: let it turn between files.
    await new Promise((done) => setImmediate(done));
    try {
      if (change.created) {
        // A path a fix names is still a name from the linted tree: created only in a real folder inside it.
        if (!roots.some((root) => isReallyInside(dirname(change.absolutePath), realpathOr(root)))) {
          notes.push(`${change.path}: not created: outside the linted tree`);
          continue;
        }
        if (!createFileAtomic(change.absolutePath, change.after)) {
          notes.push(`${change.path}: not created: the file exists`);
          continue;
        }
      } else {
        writeFileAtomic(change.absolutePath, change.after);
      }
      wrote = true;
    } catch (error) {
      throw new InputError(`${change.path}: cannot write the fixed file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  const after = wrote ? await lint(paths, lintOptions, builtinRules) : first;
  return { changes, result: markDropped(after, changes), before: first, notes };
}

/** Above this many files, a pass after the first lints only the folders of the files the pass before changed. */
const FULL_PASS_FILES = 300;

/**
 * What a pass after the first lints. A small run: all of it again, so that a fix is judged with every file around
 * it. A large run of folders (a repository, the corpus): the folders of the files the last pass changed, which hold
 * what their fixes affect (a Dockerfile's context, the requirements files beside it); the other files had all their
 * fixes applied. Files the user named one by one are linted as named.
 */
function nextPassPaths(paths: readonly string[], first: LintResult, changed: ReadonlySet<string>, cwd: string): readonly string[] {
  if (first.files.length <= FULL_PASS_FILES || paths.some((p) => !statSync(resolve(cwd, p), { throwIfNoEntry: false })?.isDirectory())) return paths;
  const folders = new Set([...changed].map((p) => dirname(p)));
  // A folder inside another one of the list is linted with it.
  const inside = (folder: string) => {
    for (let dir = folder, up = dirname(dir); up !== dir; dir = up, up = dirname(up)) if (folders.has(up)) return true;
    return false;
  };
  return [...folders].filter((folder) => !inside(folder)).sort();
}

/** The text a file's fixes start from, or undefined (with a note) for a file that is not to be written. */
async function startState(file: FileResult, refused: Set<string>, notes: string[], score: ParseScore): Promise<FileState | undefined> {
  const refuse = (why: string) => {
    refused.add(file.absolutePath);
    notes.push(`${file.path}: ${why}`);
    return undefined;
  };
  if (lstatSync(file.absolutePath, { throwIfNoEntry: false })?.isSymbolicLink()) return refuse('a symbolic link: not fixed (fix the file it points to)');
  const read = readInputFile(file.absolutePath);
  if ('problem' in read) return refuse(`not fixed: ${read.problem}`);
  const base = { path: file.path, absolutePath: file.absolutePath, kind: file.kind, before: read.text, current: read.text, applied: 0, dropped: [] };
  return { ...base, score: await score(read.text, base) };
}
/** The findings whose fix was dropped say so (`fixNotApplied`), so that the report does not offer them again. */
function markDropped(result: LintResult, changes: readonly FileFix[]): LintResult {
  const dropped = new Map(changes.map((c) => [c.absolutePath, new Set(c.dropped.map((f) => `${f.rule}\0${f.message}`))]));
  if (![...dropped.values()].some((s) => s.size > 0)) return result;
  const files = result.files.map((file) => {
    const keys = dropped.get(file.absolutePath);
    if (!keys || keys.size === 0) return file;
    const findings = file.findings.map((f) => (keys.has(`${f.rule}\0${f.message}`) ? { ...f, fixNotApplied: 'applied, it would make the file parse worse (invalid-instruction)' } : f));
    return { ...file, findings };
  });
  return { ...result, files };
}
