import type { LintResult } from '../engine/finding.js';
import type { Rule } from '../engine/rule.js';

export interface ReporterOptions {
  readonly color: boolean;
  /** Show the source line with a caret under the offending token (text format). */
  readonly snippets: boolean;
  readonly toolVersion: string;
  /**
   * The rules that ran, built-in and plugin (sarif: the metadata of its `rules`
   * array).
   */
  readonly rules: readonly Rule[];
  /** The directory that finding paths are relative to (sarif: `%SRCROOT%`). Default: `process.cwd()`. */
  readonly cwd?: string;
  /**
   * Tells apart the analyses of one commit on GitHub code scanning (sarif:
   * `automationDetails.id`, `<category>/`). Default: `dockerlint`.
   */
  readonly sarifCategory?: string;
  /** What `--quiet` left out of the result, by severity (text: said in the summary line, as it still counts for the exit status). */
  /**
   * text: link each rule id to its documentation with an OSC 8 terminal hyperlink (only where the terminal shows
   * them, see src/io/hyperlinks.ts); without, a footer lists each rule's documentation URL once.
   */
  readonly hyperlinks?: boolean;
  readonly hiddenByQuiet?: { readonly warning: number; readonly info: number };
  /** text: `--unsafe-fixes` was given: unsafe fixes are shown as available (with `--fix`, they were applied). */
  readonly unsafeFixes?: boolean;
  /** text: what `--fix` applied before this result was found (the result is what remains). */
  readonly fixed?: { readonly fixes: number; readonly files: number };
}

/** A reporter turns a lint result into the text of one output format. */
export type Reporter = (result: LintResult, options: ReporterOptions) => string;
