/**
 * What the fuzz asserts of one input, and the shrinking of a failing input.
 * An input fails when linting it throws, when a rule fails (the engine turns
 * that into a note), when a finding's range is not inside the text, when a
 * second lint gives another result, or when it takes longer than the bound.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lintText } from '../../src/index.js';
import type { LintResult } from '../../src/engine/finding.js';
import type { LintedKind as FileKind, Rule } from '../../src/engine/rule.js';
import type { Range } from '../../src/model/position.js';
import { FILENAMES } from './inputs.js';

// 'hang' is only seen by the watchdog of `npm run fuzz`: a lint that never returns cannot report itself.
export type FailureKind = 'crash' | 'rule-error' | 'invalid-range' | 'range-outside-raw-text' | 'nondeterministic' | 'slow' | 'hang';

export interface Failure {
  readonly kind: FailureKind;
  /** What failed, without the details that change as the input shrinks: the same signature is the same bug. */
  readonly signature: string;
  readonly message: string;
}

export interface Verdict {
  readonly failure: Failure | undefined;
  /** The slower of the two lints, in milliseconds. */
  readonly ms: number;
}

export interface CheckOptions {
  /** An input whose lint takes longer than this fails (milliseconds). */
  readonly timeBoundMs: number;
  /** A folder from fuzzFolder(): inputs are linted at its top, which holds nothing but the build context below. */
  readonly cwd: string;
  /** The rules to run (default: the built-in ones). */
  readonly rules?: readonly Rule[];
  /** Called before each check, shrinking included: a watchdog's sign of life. */
  readonly onCheck?: () => void;
}

/**
 * A .dockerignore input is also put in this build context, beside this
 * Dockerfile: its patterns only run when a Dockerfile's rules ask which
 * files are ignored, and file names, like patterns, come from the pull request.
 */
const CONTEXT = 'context';
const CONTEXT_DOCKERFILE = ['FROM python:3.12', 'COPY . /app', `COPY ${'a'.repeat(64)} *.py /app/`, 'ADD .env id_rsa notes.ipynb /secrets/', 'RUN pip install -r requirements.txt', ''].join('\n');
const CONTEXT_FILES = [`${'a'.repeat(64)}`, `${'a'.repeat(30)}/${'a'.repeat(33)}.py`, 'src/app.py', '.env', 'id_rsa', 'notes.ipynb', '.git/config'];

/** A folder to lint in, with the build context for .dockerignore inputs; remove it with the returned function. */
export function fuzzFolder(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'dockerlint-fuzz-'));
  for (const file of CONTEXT_FILES) {
    mkdirSync(dirname(join(path, CONTEXT, file)), { recursive: true });
    writeFileSync(join(path, CONTEXT, file), 'x\n');
  }
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

// Ranges outside the file fail the rule that reported them (an internal-error finding) instead of being moved inside.
process.env.DOCKERLINT_STRICT_RANGES = '1';

function lintOnce(text: string, kind: FileKind, options: CheckOptions, filename = FILENAMES[kind]): Promise<LintResult> {
  const { cwd, rules } = options;
  return lintText(text, { cwd, rules, filename, kind, config: false, ruleSettings: { shellcheck: 'off' } });
}

/** The part of a result that must not change between two lints of the same text. */
function comparable(result: LintResult): string {
  return JSON.stringify({ files: result.files.map(({ findings, skipped, lines }) => ({ findings, skipped, lines })), notes: result.notes });
}

/**
 * Lints `text` twice as a file of `kind` and says what, if anything, is wrong.
 * A .dockerignore is then also checked as the ignore file of a build context.
 */
export async function checkInput(text: string, kind: FileKind, options: CheckOptions): Promise<Verdict> {
  const alone = await checkLint(text, FILENAMES[kind], () => lintOnce(text, kind, options), options);
  if (alone.failure || kind !== 'dockerignore') return alone;
  const ignoreFile = join(options.cwd, CONTEXT, '.dockerignore');
  writeFileSync(ignoreFile, text);
  try {
    const inContext = await checkLint(CONTEXT_DOCKERFILE, `${CONTEXT}/Dockerfile`, () => lintOnce(CONTEXT_DOCKERFILE, 'dockerfile', options, `${CONTEXT}/Dockerfile`), options);
    const failure = inContext.failure && { ...inContext.failure, signature: `as a build context's ignore file: ${inContext.failure.signature}` };
    return { failure, ms: Math.max(alone.ms, inContext.ms) };
  } finally {
    rmSync(ignoreFile, { force: true });
  }
}

async function checkLint(text: string, filename: string, lint: () => Promise<LintResult>, options: CheckOptions): Promise<Verdict> {
  let first: LintResult;
  let second: LintResult;
  options.onCheck?.();
  const t0 = performance.now();
  try {
    first = await lint();
  } catch (error) {
    return { failure: crash(error), ms: performance.now() - t0 };
  }
  const t1 = performance.now();
  try {
    second = await lint();
  } catch (error) {
    return { failure: crash(error, ' (on the second lint only)'), ms: Math.max(t1 - t0, performance.now() - t1) };
  }
  const ms = Math.max(t1 - t0, performance.now() - t1);
  const failure = ruleError(first) ?? invalidRange(first, text, filename) ?? nondeterministic(first, second) ?? slow(ms, options.timeBoundMs);
  return { failure, ms };
}

function crash(error: unknown, context = ''): Failure {
  const e = error instanceof Error ? error : new Error(String(error));
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  // Our own innermost frame tells one bug from another as the input shrinks; a library's frame says less.
  const own = frames.find((line) => /\/(src|rules)\//.test(line) && !line.includes('node_modules')) ?? frames[0] ?? '';
  const file = /(?:src|rules)\/[\w/.-]+?\.[jt]s/.exec(own)?.[0].replace(/\.js$/, '.ts') ?? '';
  const fn = /at (?:async )?([\w$.<>]+) \(/.exec(own)?.[1] ?? '';
  // Where a recursion runs out of stack depends on the input's size: the file is the bug, not the frame.
  const overflow = e.message.includes('Maximum call stack size exceeded');
  const signature = overflow ? `stack overflow in ${file}` : `${e.name} in ${file} ${fn}`.trim();
  return { kind: 'crash', signature, message: `${e.name}: ${e.message.slice(0, 300)}${context}\n${frames.slice(0, 8).join('\n')}` };
}

/** A rule that failed (it threw, or reported a range outside the file: the fuzz runs the engine's strict range check). */
function ruleError(result: LintResult): Failure | undefined {
  const finding = result.files.flatMap((f) => f.findings).find((f) => f.rule === 'internal-error');
  if (!finding) return undefined;
  const rule = /rule (\S+)(?: \(plugin [^)]*\))? failed/.exec(finding.message)?.[1] ?? 'model';
  return { kind: 'rule-error', signature: rule, message: finding.message.slice(0, 500) };
}

/** A problem with `range` against `lines` (1-based lines; columns from 1 to the line's length + 1), or undefined. */
export function rangeProblem(range: Range, lines: readonly string[]): string | undefined {
  const { start, end } = range;
  for (const [name, p] of [['start', start], ['end', end]] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.column)) return `${name} is not whole numbers`;
    if (p.line < 1 || p.line > lines.length) return `${name} line ${p.line} is not in 1..${lines.length}`;
    const length = lines[p.line - 1].length;
    if (p.column < 1 || p.column > length + 1) return `${name} column ${p.column} is not in 1..${length + 1} of line ${p.line}`;
  }
  if (end.line < start.line || (end.line === start.line && end.column < start.column)) return 'end is before start';
  return undefined;
}

const RAW_LINE_BREAK = /\r\n|\r|\n/;
const LONE_CR = /\r(?!\n)/;

function invalidRange(result: LintResult, text: string, filename: string): Failure | undefined {
  for (const file of result.files) {
    // A file that was not read has no lines to show; its finding is at 1:1, the start of any file.
    const lines = file.lines.length > 0 ? file.lines : [''];
    for (const finding of file.findings) {
      const problem = rangeProblem(finding.range, lines);
      if (problem) return { kind: 'invalid-range', signature: finding.rule, message: describe(finding.rule, finding.range, problem) };
    }
  }
  // The reporters show and count the file's own lines; editors and SARIF viewers count lines of the raw text.
  const file = result.files.find((f) => f.path === filename || f.path.endsWith(`/${filename}`));
  const raw = text.split(RAW_LINE_BREAK);
  for (const finding of file?.findings ?? []) {
    const problem = rangeProblem(finding.range, raw);
    if (!problem) continue;
    const signature = LONE_CR.test(text) ? 'lone CR not taken for a line break' : finding.rule;
    const where = `of the raw text (split on \\r\\n, \\r and \\n; the file has ${file?.lines.length} lines, the raw text ${raw.length})`;
    return { kind: 'range-outside-raw-text', signature, message: describe(finding.rule, finding.range, `${problem} ${where}`) };
  }
  return undefined;
}

function describe(rule: string, r: Range, problem: string): string {
  return `${rule} ${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}: ${problem}`;
}

function nondeterministic(first: LintResult, second: LintResult): Failure | undefined {
  const a = comparable(first);
  const b = comparable(second);
  if (a === b) return undefined;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return { kind: 'nondeterministic', signature: '', message: `the second lint differs at character ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 120))} vs ${JSON.stringify(b.slice(Math.max(0, i - 80), i + 120))}` };
}

function slow(ms: number, bound: number): Failure | undefined {
  return ms > bound ? { kind: 'slow', signature: '', message: `took ${Math.round(ms)} ms (bound ${bound} ms)` } : undefined;
}

/** Shrinks a failing input to a smaller one that fails in the same way (kind and signature), within `budgetMs`. */
export async function minimize(text: string, kind: FileKind, failure: Failure, options: CheckOptions & { readonly budgetMs: number }): Promise<string> {
  return shrink(
    text,
    async (candidate) => {
      const { failure: f } = await checkInput(candidate, kind, options);
      return f !== undefined && f.kind === failure.kind && f.signature === failure.signature;
    },
    performance.now() + options.budgetMs,
  );
}

/**
 * Delta debugging: drops lines, then ever smaller chunks of characters, while
 * `stillFails` holds, until nothing more can be dropped or the deadline
 * (a `performance.now()` time) has passed.
 */
export async function shrink(text: string, stillFails: (candidate: string) => Promise<boolean>, deadline: number): Promise<string> {
  // Lines keep their break: a lone \r or a CRLF may be the bug.
  const linesOf = (t: string): string[] => t.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
  let current = text;
  for (const split of [linesOf, (t: string) => [...t]]) {
    let parts = split(current);
    let chunk = Math.max(1, Math.floor(parts.length / 2));
    while (chunk >= 1 && performance.now() < deadline) {
      let removed = false;
      for (let start = 0; start < parts.length && performance.now() < deadline; ) {
        const candidate = [...parts.slice(0, start), ...parts.slice(start + chunk)];
        if (await stillFails(candidate.join(''))) {
          parts = candidate;
          removed = true;
        } else {
          start += chunk;
        }
      }
      // At one part per try, go on until a whole pass drops nothing.
      if (chunk > 1 || !removed) chunk = Math.floor(chunk / 2);
    }
    current = parts.join('');
  }
  return current;
}
