/**
 * Findings the engine reports itself, not a rule's check: a file that should
 * have been linted and was not, and a failure of dockerlint on a file. Both
 * are errors that no setting, override or pragma hides, so that a file can
 * never skip linting and pass. Their metadata is listed with the built-in rules
 * (rules/index.ts), so each has its documentation page.
 */
import type { Finding } from './finding.js';
import { defineRule, type Rule } from './rule.js';
import type { Range } from '../model/position.js';
import { docsUrl } from './docs-url.js';

export const fileNotLintedRule: Rule = defineRule({
  meta: {
    id: 'file-not-linted',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    summary: 'A file that should have been linted could not be read as text',
    fixable: false,
    docs: {
      rationale: `A file dockerlint was asked to lint, or that a linted Dockerfile depends on (its \`.dockerignore\`, a
requirements file it installs), was not linted: it is not a regular file, it is larger than 4 MiB, it holds a NUL byte
(a binary file), it is encoded in UTF-16, or it cannot be read. A linter that skipped such a file and passed would let
anyone evade it: pad a Dockerfile, or save it as UTF-16. So the file gets this error, and the run fails by default.
Docker and pip read these files as UTF-8, so a UTF-16 Dockerfile or requirements file is itself the problem.`,
      bad: `# Dockerfile saved as UTF-16 (its bytes start FF FE 23 00 20 00 ...)\nFROM python:3.12-slim`,
      badEncoding: 'utf-16le',
      good: `# Dockerfile saved as UTF-8\nFROM python:3.12-slim`,
      notes: `Reported by the engine, not by a check: it cannot be turned off with \`rules\` or a pragma (the pragma
could not be read). Leave a file out of the run with \`ignorePatterns\` in the config instead. The finding is at line 1,
column 1 of the file. Only regular files are opened: a FIFO or a device named on the command line is refused with exit
status 2, and one found in a directory walk is not listed.`,
    },
  },
});

export const internalErrorRule: Rule = defineRule({
  meta: {
    id: 'internal-error',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    summary: 'dockerlint failed while analysing a file, so its findings may be incomplete',
    fixable: false,
    docs: {
      rationale: `dockerlint could not finish analysing a file: its model could not be built, or a rule (built-in or from a
plugin) failed on it. The other files of the run are reported as usual; this file's findings may be missing, so the run
exits with status 2 instead of passing. A built-in rule failing is a bug in dockerlint: please report it with the file
(or a minimized copy). A plugin rule failing names the rule, so its author can fix it.`,
      bad: `# any input that makes dockerlint fail; none is known\nFROM python:3.12-slim`,
      good: `FROM python:3.12-slim`,
      notes: `Reported by the engine, not by a check: it cannot be turned off. Exit status 2 when any file has it.`,
    },
  },
});

const FIRST_CHARACTER: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

function engineFinding(rule: Rule, path: string, message: string, range: Range = FIRST_CHARACTER): Finding {
  return {
    rule: rule.meta.id,
    aliases: [],
    severity: 'error',
    category: rule.meta.category,
    message,
    path,
    range,
    docs: docsUrl(rule.meta.id),
  };
}

export function fileNotLinted(path: string, why: string, range?: Range): Finding {
  return engineFinding(fileNotLintedRule, path, `This file was not linted: ${why}`, range);
}

export function internalError(path: string, message: string, range?: Range): Finding {
  return engineFinding(internalErrorRule, path, message, range);
}

/** True when a result holds a failure of dockerlint itself: the run exits 2. */
export function hasInternalErrors(files: readonly { readonly findings: readonly Finding[] }[]): boolean {
  return files.some((file) => file.findings.some((f) => f.rule === internalErrorRule.meta.id));
}

/**
 * A range reported by a rule, checked against the file's lines: positions are
 * 1-based, a column is at most the line's length + 1, the end is not before the
 * start. Returns undefined when `range` is not a range at all (a plugin's
 * mistake); otherwise the range moved inside the file, with `valid` telling
 * whether it had to be.
 */
export function validRange(range: unknown, lines: readonly string[]): { range: Range; valid: boolean } | undefined {
  const r = range as Range | undefined;
  if (!isPosition(r?.start) || !isPosition(r.end)) return undefined;
  const lastLine = Math.max(1, lines.length);
  const clampPosition = (p: Range['start']) => {
    const line = Math.min(Math.max(1, p.line), lastLine);
    const length = (lines[line - 1] ?? '').length;
    return { line, column: Math.min(Math.max(1, line === p.line ? p.column : p.line < line ? 1 : length + 1), length + 1) };
  };
  const start = clampPosition(r.start);
  let end = clampPosition(r.end);
  if (end.line < start.line || (end.line === start.line && end.column < start.column)) end = start;
  const valid =
    start.line === r.start.line && start.column === r.start.column && end.line === r.end.line && end.column === r.end.column;
  return { range: valid ? r : { start, end }, valid };
}

function isPosition(p: unknown): p is Range['start'] {
  const q = p as Range['start'] | undefined;
  return Number.isInteger(q?.line) && Number.isInteger(q?.column);
}
