/**
 * What the GitHub Action (action.yml, started by src/action/entry.ts) does. Inputs
 * arrive as INPUT_* variables; outputs go to the GITHUB_OUTPUT file;
 * annotations are workflow commands on stdout. Apart from entry.ts so that
 * tests can run it without the bundle's embedded WASM.
 */
import { appendFileSync } from 'node:fs';
import { lint } from '../engine/lint.js';
import { failsAt } from '../engine/fail-level.js';
import { loadReporter, FORMATS, type Format } from '../reporters/index.js';
import { jobSummary, withoutWorkflowCommands } from '../reporters/github.js';
import { visible } from '../reporters/visible.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { hasInternalErrors } from '../engine/engine-findings.js';
import { packageInfo } from '../io/package-info.js';
import type { FailLevel } from '../config/config.js';
import { rules } from '../../rules/index.js';

const FAIL_LEVELS = ['error', 'warning', 'info', 'none'];

/** GitHub passes `with:` values as INPUT_<NAME>, the name upper-cased with spaces as `_`. */
function input(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (file) appendFileSync(file, `${name}=${value}\n`);
}

function fail(message: string): number {
  process.stdout.write(`::error title=dockerlint::${visible(message).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  return 2;
}

export async function runAction(): Promise<number> {
  const paths = input('path').split(/\s+/).filter(Boolean);
  const config = input('config');
  // The workflow's author opts in, never the linted repository (whose pull requests may add plugins).
  const allowPlugins = input('allow-plugins').toLowerCase();
  const failLevel = (input('fail-level') || 'warning') as FailLevel;
  const format = (input('format') || 'text') as Format;
  const sarifFile = input('sarif-file');
  if (!FAIL_LEVELS.includes(failLevel)) return fail(`fail-level must be one of ${FAIL_LEVELS.join(', ')} (got "${failLevel}")`);
  if (!['', 'true', 'false'].includes(allowPlugins)) return fail(`allow-plugins must be true or false (got "${allowPlugins}")`);
  if (!FORMATS.includes(format)) return fail(`format must be one of ${FORMATS.join(', ')} (got "${format}")`);

  let result;
  try {
    result = await lint(paths.length > 0 ? paths : ['.'], { config: config || undefined, allowPlugins: allowPlugins === 'true' }, rules);
  } catch (error) {
    return fail((error as Error).message);
  }
  const options = { color: false, snippets: true, toolVersion: packageInfo.version, rules: result.rules, cwd: process.cwd() };
  for (const note of result.notes) process.stdout.write(`dockerlint: note: ${visible(note)}\n`);
  const report = (await loadReporter(format))(result, options);
  // The report quotes linted files: the runner must not read anything in it as a workflow command.
  process.stdout.write(format === 'github' ? report : withoutWorkflowCommands(report));
  // Annotations on the pull request, unless the report already is annotations.
  if (format !== 'github') process.stdout.write((await loadReporter('github'))(result, options));
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, jobSummary(result, options));
  if (sarifFile) {
    writeFileAtomic(sarifFile, (await loadReporter('sarif'))(result, options));
    setOutput('sarif-file', sarifFile);
  }
  setOutput('findings', String(result.summary.findings));
  setOutput('errors', String(result.summary.error));
  return hasInternalErrors(result.files) ? 2 : failsAt(result, failLevel) ? 1 : 0;
}
