/**
 * What the GitHub Action (action.yml, started by src/action/entry.ts) does. Inputs
 * arrive as INPUT_* variables; outputs go to the GITHUB_OUTPUT file;
 * annotations are workflow commands on stdout. Apart from entry.ts so that
 * tests can run it without the bundle's embedded WASM.
 *
 * hadolint-action's inputs are accepted as they are (`dockerfile`, `recursive`, `failure-threshold`, `ignore`,
 * `override-*`, `trusted-registries`, `output-file`, `no-fail`, `no-color`, `verbose`, `working-directory`), so
 * that replacing `uses: hadolint/hadolint-action@v3` by this action, with the same `with:`, works.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { minimatch } from 'minimatch';
import { lint, resolveConfig } from '../engine/lint.js';
import { failsAt } from '../engine/fail-level.js';
import { PRESETS, type PresetName } from '../config/config.js';
import { loadReporter } from '../reporters/index.js';
import { formatNamed } from '../reporters/format-names.js';
import { jobSummary, withoutWorkflowCommands } from '../reporters/github.js';
import { visible } from '../reporters/visible.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { hasInternalErrors } from '../engine/engine-findings.js';
import { packageInfo } from '../io/package-info.js';
import type { FailLevel } from '../config/config.js';
import { hadolintRuleSettings, hadolintThreshold, withHadolintSettings } from '../config/hadolint-options.js';
import { rules } from '../../rules/index.js';

const FAIL_LEVELS = ['error', 'warning', 'info', 'none'];
const BOOLEANS = ['', 'true', 'false'];
/** A recursive search stops here: a workspace is bounded, but it is the pull request's. */
const MAX_WALKED = 200_000;

/** GitHub passes `with:` values as INPUT_<NAME>, the name upper-cased with spaces as `_` and hyphens kept. */
function input(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** hadolint-action's comma lists (`ignore: DL3008,DL3013`); spaces and new lines separate too. */
function listInput(name: string): string[] {
  return input(name).split(/[\s,]+/).filter(Boolean);
}

function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  if (!value.includes('\n')) appendFileSync(file, `${name}=${value}\n`);
  else {
    const delimiter = `dockerlint-${randomUUID()}`;
    appendFileSync(file, `${name}<<${delimiter}\n${value}${value.endsWith('\n') ? '' : '\n'}${delimiter}\n`);
  }
}

function fail(message: string): number {
  process.stdout.write(`::error title=dockerlint::${visible(message).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  return 2;
}

export async function runAction(): Promise<number> {
  const workspace = resolve(process.env.GITHUB_WORKSPACE || process.cwd());
  // Paths, the config and the dockerfile pattern are relative to working-directory; the report's paths to the workspace.
  const workingDirectory = resolve(workspace, input('working-directory') || '.');
  const config = input('config');
  // The workflow's author opts in, never the linted repository (whose pull requests may add plugins).
  const allowPlugins = input('allow-plugins').toLowerCase();
  const failLevel = input('fail-level');
  const preset = input('preset');
  const threshold = input('failure-threshold');
  const formatName = input('format') || 'text';
  const sarifFile = input('sarif-file');
  const outputFile = input('output-file');
  const category = input('category');
  const booleans = Object.fromEntries(['recursive', 'no-fail', 'no-color', 'verbose', 'allow-empty'].map((name) => [name, input(name).toLowerCase()]));
  if (failLevel && !FAIL_LEVELS.includes(failLevel)) return fail(`fail-level must be one of ${FAIL_LEVELS.join(', ')} (got "${failLevel}")`);
  if (preset && !(PRESETS as readonly string[]).includes(preset)) return fail(`preset must be one of ${PRESETS.join(', ')} (got "${preset}")`);
  if (!BOOLEANS.includes(allowPlugins)) return fail(`allow-plugins must be true or false (got "${allowPlugins}")`);
  for (const [name, value] of Object.entries(booleans)) if (!BOOLEANS.includes(value)) return fail(`${name} must be true or false (got "${value}")`);
  const named = formatNamed(formatName);
  if ('error' in named) return fail(`format: ${named.error}`);
  const format = named.format;

  let result;
  let level: FailLevel;
  try {
    const paths = await lintedPaths(workingDirectory, workspace, booleans.recursive === 'true');
    const settings = hadolintRuleSettings({
      error: listInput('override-error'),
      warning: listInput('override-warning'),
      info: listInput('override-info'),
      style: listInput('override-style'),
      ignore: listInput('ignore'),
    });
    const resolved = withHadolintSettings(resolveConfig(config ? resolve(workingDirectory, config) : undefined, workspace, paths[0]), {
      trustedRegistries: listInput('trusted-registries'),
    });
    if (booleans.verbose === 'true') process.stdout.write(`dockerlint: config: ${resolved.file ? relative(workspace, resolved.file) || resolved.file : 'none'}\n`);
    result = await lint(paths, { cwd: workspace, config: resolved, preset: (preset || undefined) as PresetName | undefined, ruleSettings: settings, allowPlugins: allowPlugins === 'true' }, rules);
    // The config's failLevel, else the preset's (the result carries either).
    level = (failLevel as FailLevel) || (threshold ? hadolintThreshold('failure-threshold', threshold) : undefined) || result.failLevel || 'warning';
  } catch (error) {
    return fail((error as Error).message);
  }
  // As the CLI: a workspace without anything to lint is more likely a wrong path or checkout than a pass.
  if (result.summary.files === 0 && booleans['allow-empty'] !== 'true') {
    return fail(`no Dockerfiles, .dockerignore, requirements or other files to lint under ${relative(workspace, workingDirectory) || '.'} (set allow-empty: true to pass anyway)`);
  }
  const options = {
    color: false,
    snippets: true,
    toolVersion: packageInfo.version,
    rules: result.rules,
    cwd: workspace,
    ...(category ? { sarifCategory: category } : {}),
  };
  for (const note of result.notes) process.stdout.write(`dockerlint: note: ${visible(note)}\n`);
  const report = (await loadReporter(format))(result, options);
  if (outputFile) {
    // As hadolint-action: the report goes to the file (for an upload step); the annotations still reach the log.
    writeFileAtomic(resolve(workingDirectory, outputFile), report);
  } else {
    // The report quotes linted files: the runner must not read anything in it as a workflow command.
    process.stdout.write(format === 'github' ? report : withoutWorkflowCommands(report));
  }
  // Annotations on the pull request, unless the report already is annotations.
  if (format !== 'github' || outputFile) process.stdout.write((await loadReporter('github'))(result, options));
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, jobSummary(result, options));
  if (sarifFile) {
    writeFileAtomic(resolve(workingDirectory, sarifFile), (await loadReporter('sarif'))(result, options));
    setOutput('sarif-file', sarifFile);
  }
  setOutput('findings', String(result.summary.findings));
  setOutput('errors', String(result.summary.error));
  // hadolint-action's output: the report, for a later step (a pull request comment).
  setOutput('results', report);
  if (hasInternalErrors(result.files)) return 2;
  return booleans['no-fail'] === 'true' ? 0 : failsAt(result, level) ? 1 : 0;
}

/** Inputs that only hadolint-action has: a step that sets one was written for it. */
const HADOLINT_ACTION_INPUTS = ['failure-threshold', 'ignore', 'override-error', 'override-warning', 'override-info', 'override-style', 'trusted-registries'];

/**
 * What to lint, relative to the workspace: `path` (ours: files and directories), else `dockerfile` (hadolint's:
 * a file, or with `recursive` a name pattern matched at any depth, as its `**\/<dockerfile>`). With neither, a step
 * written for hadolint-action (one of its own inputs set, or `recursive`) lints what hadolint-action's default
 * `dockerfile: Dockerfile` lints, so that switching the action lints the same files; any other step, everything.
 */
async function lintedPaths(workingDirectory: string, workspace: string, recursive: boolean): Promise<string[]> {
  const named = input('path').split(/\s+/).filter(Boolean);
  const dockerfiles = input('dockerfile').split(/\s+/).filter(Boolean);
  const inWorkspace = (path: string) => relative(workspace, resolve(workingDirectory, path)) || '.';
  if (named.length > 0) return named.map(inWorkspace);
  if (dockerfiles.length === 0) {
    const forHadolint = recursive || HADOLINT_ACTION_INPUTS.some((name) => input(name) !== '');
    if (!forHadolint) return [inWorkspace('.')];
    dockerfiles.push('Dockerfile');
  }
  if (!recursive) return dockerfiles.map(inWorkspace);
  const patterns = dockerfiles.map((d) => basename(d));
  const found = findByName(workingDirectory, patterns).map(inWorkspace);
  if (found.length === 0) throw new Error(`recursive: no file named ${patterns.join(' or ')} under ${inWorkspace('.')}`);
  return found;
}

/** Files whose name matches one of the patterns, at any depth below `dir` (not inside .git), in a stable order. */
function findByName(dir: string, patterns: readonly string[]): string[] {
  const found: string[] = [];
  const pending = [dir];
  let walked = 0;
  while (pending.length > 0 && walked < MAX_WALKED) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      walked++;
      const path = join(current, entry.name);
      // Symlinked directories are not followed: they could lead out of the workspace, or round in a loop.
      if (entry.isDirectory()) {
        if (entry.name !== '.git') pending.push(path);
      } else if (entry.isFile() && patterns.some((p) => minimatch(entry.name, p, { dot: true }))) {
        found.push(relative(dir, path).split(sep).join('/'));
      }
    }
  }
  return found.sort();
}
