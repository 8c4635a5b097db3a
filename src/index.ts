/**
 * The library API. The CLI is built on it: everything the command does is
 * reachable from here.
 *
 *   import { lint, formatters } from 'dockerlint-cli';
 *   const result = await lint(['.']);
 *   process.stdout.write(await formatters.format('sarif', result));
 */
import { packageInfo } from './io/package-info.js';
import { FORMATS, loadReporter, type Format, type ReporterOptions } from './reporters/index.js';
import type { LintResult } from './engine/finding.js';
import { lint as lintWith, lintText as lintTextWith } from './engine/lint.js';
import type { LintOptions } from './engine/lint-options.js';
import { rules } from '../rules/index.js';
import { applyFixes as applyFixesWith, fixFiles as fixFilesWith, type FileFix, type FixedText, type FixOptions, type FixRun } from './engine/fix.js';

export { InputError } from './engine/lint.js';
export type { LintOptions } from './engine/lint-options.js';
export type { ShellcheckOptions } from './engine/external-tools/shellcheck-runner.js';
export { failsAt } from './engine/fail-level.js';
export { rules };
export { defineRule, SEVERITY_ORDER } from './engine/rule.js';
export type { Rule, RuleMeta, RuleContext, RuleDocs, Report, Fix, TextEdit, NewFile, Severity, Category, FileKind, Project, LintSettings, ExternalResults } from './engine/rule.js';
export type { Finding, FileResult, LintResult, Summary } from './engine/finding.js';
export { ConfigError, loadConfigFile, findConfigFile, type Config, type RuleSetting, type FailLevel } from './config/config.js';
export type { DockerfileModel, Instruction, Stage } from './model/dockerfile.js';
export type { ShellScript, ShellCommand, ShellWord } from './model/shell.js';
export type { RequirementsModel, RequirementEntry } from './model/requirements.js';
export type { DockerignoreModel } from './model/dockerignore.js';
export type { ComposeModel, ComposeService, ComposeBuild, ComposeImage, InlineDockerfile } from './model/compose.js';
export type { BuildContext } from './model/context.js';
export type { Position, Range } from './model/position.js';
export type { Format, Reporter, ReporterOptions } from './reporters/index.js';

export const version = packageInfo.version;

/** `fix`: apply the findings' fixes as `--fix` does (safe ones; unsafe ones too with `unsafeFixes`). */
export interface LintFixOptions {
  readonly fix?: boolean;
  readonly unsafeFixes?: boolean;
}

/**
 * Lints the files found under `paths` (default `.`) with the built-in rules, or `options.rules`. With `fix: true` the
 * files are fixed and written first, as `--fix` does; the result is what remains, and `fixes` what was changed.
 */
export function lint(paths: readonly string[], options?: LintOptions & { readonly fix?: false }): Promise<LintResult>;
export function lint(paths: readonly string[], options: LintOptions & LintFixOptions): Promise<LintResult & { readonly fixes: readonly FileFix[] }>;
export async function lint(paths: readonly string[], options: LintOptions & LintFixOptions = {}): Promise<LintResult & { readonly fixes?: readonly FileFix[] }> {
  const { fix, unsafeFixes, ...lintOptions } = options;
  if (fix !== true) return lintWith(paths, lintOptions, rules);
  const run = await fixFilesWith(paths, { ...lintOptions, unsafe: unsafeFixes === true, write: true }, rules);
  const notes = [...run.notes, ...run.result.notes];
  return { ...run.result, notes, fixes: run.changes.filter((c) => c.after !== c.before) };
}

/**
 * Lints text that is not on disk (an editor buffer, standard input) with the built-in rules, or `options.rules`.
 * With `fix: true` the text is fixed first, as `--fix --stdin` does: `output` is the fixed text, the result what
 * remains in it.
 */
export function lintText(text: string, options?: LintOptions & { readonly filename?: string; readonly fix?: false }): Promise<LintResult>;
export function lintText(
  text: string,
  options: LintOptions & { readonly filename?: string } & LintFixOptions,
): Promise<LintResult & { readonly output: string; readonly applied: number }>;
export async function lintText(
  text: string,
  options: LintOptions & { readonly filename?: string } & LintFixOptions = {},
): Promise<LintResult & { readonly output?: string; readonly applied?: number }> {
  const { fix, unsafeFixes, ...lintOptions } = options;
  if (fix !== true) return lintTextWith(text, lintOptions, rules);
  const fixed = await applyFixesWith(text, { ...lintOptions, unsafe: unsafeFixes === true }, rules);
  const result = await lintTextWith(fixed.text, lintOptions, rules);
  return { ...result, output: fixed.text, applied: fixed.applied };
}

export type { FileFix, FixedText, FixOptions, FixRun } from './engine/fix.js';
export { unifiedDiff } from './reporters/unified-diff.js';

/**
 * Applies the fixes of the findings on `text` (the file `options.filename`, default `Dockerfile`), re-linting
 * between passes, as `--fix --stdin` does: safe fixes, and unsafe ones with `unsafe: true`. Writes nothing.
 */
export function applyFixes(text: string, options: LintOptions & { readonly filename?: string } & FixOptions = {}): Promise<FixedText> {
  return applyFixesWith(text, options, rules);
}

/**
 * `--fix` on the files under `paths`: with `write: true` the changed files are written (atomically) and `result` is
 * what remains; without, `changes` says what would change (`--diff`).
 */
export function fixFiles(
  paths: readonly string[],
  options: LintOptions & FixOptions & { readonly write: boolean },
): Promise<FixRun> {
  return fixFilesWith(paths, options, rules);
}

/** Report formats by name: `await formatters.format('json', result)`. */
export const formatters = {
  names: FORMATS,
  load: loadReporter,
  async format(name: Format, result: LintResult, options: Partial<ReporterOptions> = {}): Promise<string> {
    const reporter = await loadReporter(name);
    return reporter(result, { color: false, snippets: true, toolVersion: packageInfo.version, rules: result.rules, ...options });
  },
};
