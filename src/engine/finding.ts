import type { Range } from '../model/position.js';
import type { Category, FileKind, Fix, RelatedPlace, Rule, Severity } from './rule.js';
import type { FailLevel } from '../config/config.js';

/** One problem found, in the shape every reporter reads. */
export interface Finding {
  readonly rule: string;
  /** The peer codes this finding answers to (hadolint, BuildKit, Checkov, Trivy). */
  readonly aliases: readonly string[];
  readonly severity: Severity;
  readonly category: Category;
  readonly message: string;
  /** Path relative to the working directory, `/` separators. */
  readonly path: string;
  readonly range: Range;
  /** URL of the rule's documentation. */
  readonly docs: string;
  /**
   * For a Dockerfile built in several build contexts (by Compose or Bake files), the contexts in which this finding
   * holds, as the user sees the directories; absent when it holds in all of them (or there is only one).
   */
  readonly contexts?: readonly string[];
  /** The repair the rule offers; `--fix` applies it (src/engine/fix.ts). */
  readonly fix?: Fix;
  /** Set when `--fix` dropped this finding's fix: applied, it would make the file parse worse. */
  readonly fixNotApplied?: string;
  /** Other places the message names, by absolute path (the language server shows them as related information). */
  readonly related?: readonly RelatedPlace[];
}

export interface FileResult {
  /** Relative to the working directory, `/` separators. */
  readonly path: string;
  readonly absolutePath: string;
  readonly kind: FileKind;
  readonly findings: readonly Finding[];
  /** Set when the file was not linted (binary, too large, unreadable), with the reason. */
  readonly skipped?: string;
  /** The file's lines, for reporters that show source (empty when skipped). */
  readonly lines: readonly string[];
}

export interface Summary {
  readonly files: number;
  readonly findings: number;
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly skipped: number;
}

export interface LintResult {
  readonly files: readonly FileResult[];
  readonly summary: Summary;
  /** Notes for the user that are not findings (a rule skipped for want of a tool, an include not found). */
  readonly notes: readonly string[];
  /** The rules that ran (built-in and plugins), for reporters that describe them. */
  readonly rules: readonly Rule[];
  /** The config's `failLevel`, if it set one. */
  readonly failLevel?: FailLevel;
}

export function summarize(files: readonly FileResult[]): Summary {
  const summary = { files: files.length, findings: 0, error: 0, warning: 0, info: 0, skipped: 0 };
  for (const file of files) {
    if (file.skipped) summary.skipped++;
    for (const finding of file.findings) {
      summary.findings++;
      summary[finding.severity]++;
    }
  }
  return summary;
}

/** The order of a file's findings: by position, then rule, then message, so that output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
