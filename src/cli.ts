/**
 * The command line: yargs wiring only. Everything it does is reachable from
 * the library API (src/index.ts) too.
 *
 * Exit status: 0 nothing at or above the fail level; 1 findings at or above
 * it; 2 usage, config or input error.
 */
import { appendFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { lint, lintText, resolveConfig, InputError } from './engine/lint.js';
import { ConfigError, type Config, type FailLevel, type RuleSetting } from './config/config.js';
import { PRESETS, type PresetName } from './config/config.js';
import { hadolintRuleSettings, hadolintThreshold, withHadolintSettings } from './config/hadolint-options.js';
import { formatNamed } from './reporters/format-names.js';
import type { LintResult } from './engine/finding.js';
import type { LintedKind } from './engine/rule.js';
import { failsAt } from './engine/fail-level.js';
import { findShellcheck, type ShellcheckOptions } from './engine/external-tools/shellcheck-runner.js';
import { FORMATS, loadReporter, type Format } from './reporters/index.js';
import { displayPath } from './discover/display-path.js';
import { packageInfo } from './io/package-info.js';
import { visible } from './reporters/visible.js';
import { supportsHyperlinks } from './io/hyperlinks.js';
import { writeFileAtomic } from './io/write-atomic.js';
import { hasInternalErrors } from './engine/engine-findings.js';
import { rules } from '../rules/index.js';

class UsageError extends Error {}

interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: () => Promise<string>;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
  readonly cwd: string;
}

const defaultIo: Io = {
  stdout: writeStdout,
  stderr: (text) => process.stderr.write(text),
  stdin: readStdin,
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
};

export async function main(argv: readonly string[] = hideBin(process.argv), io: Io = defaultIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InputError || error instanceof UsageError) {
      io.stderr(`dockerlint: error: ${visible(error.message)}\n`);
      return 2;
    }
    const err = error as NodeJS.ErrnoException;
    if (err?.code && err.path) {
      io.stderr(`dockerlint: error: ${visible(err.path)}: ${err.code}\n`);
      return 2;
    }
    io.stderr(`dockerlint: internal error: ${visible(err?.message ?? String(error))} (please report this)\n`);
    return 2;
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  let usageError: string | undefined;
  const parser = yargs([...argv])
    .scriptName('dockerlint')
    .usage('$0 [paths..]\n\nLint Dockerfiles, .dockerignore and requirements files as one build context.')
    .command('$0 [paths..]', 'lint files and directories (default: .)', (y) =>
      y.positional('paths', { type: 'string', array: true, describe: 'files and directories to lint' }),
    )
    .command('rules', 'list every rule with its metadata (--format text|json)')
    .command('explain <rule>', "print a rule's documentation (by id or alias)", (y) =>
      y.positional('rule', { type: 'string', demandOption: true }),
    )
    .command('init', "write a .dockerlintrc.yaml here, translated from hadolint's config when there is one")
    .option('format', {
      alias: 'f',
      type: 'string',
      describe: `output format: ${FORMATS.join(', ')} (hadolint's names work too: tty, gnu, gitlab_codeclimate); FORMAT:FILE writes that report to FILE; repeatable, e.g. -f text -f sarif:dockerlint.sarif`,
    })
    .option('output-file', { alias: ['o', 'output'], type: 'string', describe: 'write the report to this file (one --format only; with several, write -f FORMAT:FILE)' })
    .option('sarif-category', { type: 'string', describe: 'SARIF automationDetails.id category, to tell analyses of one commit apart (default: dockerlint)' })
    .option('fail-level', { choices: ['error', 'warning', 'info', 'none'] as const, describe: 'exit 1 on findings at or above this severity (default: warning)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'report errors only (the others still count for the exit status; the summary says how many were hidden)' })
    .option('preset', { choices: PRESETS, describe: "the rule settings to start from: recommended (default), strict, hadolint (only hadolint's findings and gate)" })
    .option('rule', { type: 'string', describe: 'set a rule severity: ID=off|info|warning|error (repeatable)' })
    .option('config', { alias: 'c', type: 'string', describe: 'use this config file (--no-config: use none)' })
    .option('allow-plugins', { type: 'boolean', describe: "load the config's plugins (this runs their code: only for repositories you trust)" })
    .option('kind', { choices: ['dockerfile', 'dockerignore', 'requirements', 'pyproject', 'pipfile', 'conda-environment', 'compose'] as const, describe: 'the kind of files named on the command line' })
    .option('context', { type: 'string', describe: 'the build context directory of the Dockerfiles named on the command line (default: each one\'s own directory, or the config\'s context mapping)' })
    .option('stdin', { type: 'boolean', describe: 'lint standard input' })
    .option('stdin-filename', { alias: 'file-path-in-report', type: 'string', describe: 'the file name to report for standard input' })
    .option('color', { type: 'boolean', describe: 'colour the output (default: when writing to a terminal; NO_COLOR and FORCE_COLOR respected)' })
    .option('shellcheck', { type: 'string', describe: 'the ShellCheck executable for the shellcheck rule (default: $DOCKERLINT_SHELLCHECK, else shellcheck on PATH)' })
    .option('shellcheck-timeout', { type: 'string', describe: 'seconds ShellCheck may take per Dockerfile before its RUNs are reported as not checked (default: $DOCKERLINT_SHELLCHECK_TIMEOUT, else 10)' })
    .option('allow-empty', { type: 'boolean', describe: 'exit 0 when the paths hold nothing to lint (default: exit 2, as a wrong path or glob usually means a mistake)' })
    .option('fix', { type: 'boolean', describe: 'apply the safe fixes of the findings to the files (with --stdin: print the fixed text); the report then shows what remains' })
    .option('unsafe-fixes', { type: 'boolean', describe: 'with --fix or --diff, apply unsafe fixes too (they may change what the image does); without, show them as available' })
    .option('diff', { type: 'boolean', describe: 'print a unified diff of what --fix would change, and write nothing (exit 1 when there is a change)' })
    .option('snippets', { type: 'boolean', default: true, describe: 'show the source line under each finding (text format); --no-snippets to hide' })
    // hadolint's flags, so that a command line written for hadolint keeps working (README: "Switching from hadolint").
    .option('ignore', { type: 'string', describe: 'hadolint: turn off a rule, by id or peer code (repeatable)' })
    .option('failure-threshold', { alias: 't', type: 'string', describe: 'hadolint: error|warning|info|style|ignore|none, as --fail-level (style, ignore and none: any finding fails)' })
    .option('fail', { type: 'boolean', describe: 'hadolint: --no-fail exits 0 whatever is found' })
    .option('trusted-registry', { type: 'string', describe: 'hadolint: add a trusted registry for official-base-image (repeatable)' })
    .option('require-label', { type: 'string', describe: 'hadolint: LABEL:TYPE for label-schema, TYPE one of text, url, semver, hash, rfc3339, spdx, email (repeatable)' })
    .option('strict-labels', { type: 'boolean', describe: 'hadolint: report labels that the label schema does not list' })
    .option('disable-ignore-pragma', { type: 'boolean', describe: 'hadolint: ignore inline pragmas (as noInlineConfig in the config)' })
    .option('error', { type: 'string', describe: 'hadolint: report a rule (id or peer code) as an error (repeatable)' })
    .option('warning', { type: 'string', describe: 'hadolint: report a rule as a warning (repeatable)' })
    .option('info', { type: 'string', describe: 'hadolint: report a rule as info (repeatable)' })
    .option('style', { type: 'string', describe: 'hadolint: report a rule as info, our lowest severity (repeatable)' })
    .option('verbose', { alias: 'V', type: 'boolean', describe: 'print the config file used to standard error' })
    .version(packageInfo.version)
    .alias('version', 'v')
    .help()
    .alias('help', 'h')
    .strict()
    .parserConfiguration({ 'boolean-negation': true })
    .exitProcess(false)
    .fail((message, error) => {
      usageError = error?.message ?? message;
    })
    .wrap(Math.min(100, process.stdout.columns || 100));

  let helpText = '';
  const args = await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
    helpText = output;
  });
  if (usageError) throw new UsageError(`${usageError} (see dockerlint --help)`);
  if (helpText) {
    io.stdout(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
    return 0;
  }

  const command = args._[0];
  if (command === 'rules') {
    const { listRules } = await import('./docs/rule-docs.js');
    io.stdout(listRules([args.format].flat()[0] === 'json' ? 'json' : 'text', rules));
    return exitCode;
  }
  if (command === 'explain') {
    const { explainRule } = await import('./docs/rule-docs.js');
    const docs = explainRule(String(args.rule), rules);
    if (!docs) throw new UsageError(`no rule or alias named "${String(args.rule)}" (see dockerlint rules)`);
    io.stdout(docs);
    return exitCode;
  }
  if (command === 'init') {
    const { initConfig } = await import('./config/init.js');
    const written = initConfig(io.cwd, io.env);
    for (const note of written.notes) io.stderr(`dockerlint: note: ${visible(note)}\n`);
    io.stdout(`${visible(written.message)}\n`);
    return 0;
  }
  if (command !== undefined) throw new UsageError(`unknown command "${String(command)}"`);

  const ruleSettings = { ...hadolintRuleFlags(args), ...parseRuleFlags(listOf<string>(args.rule as string | string[] | undefined)) };
  // yargs reads `--no-config` as `config: false`.
  const configOption: string | false | undefined = (args.config as unknown) === false ? false : (args.config as string | undefined);
  const paths = (args.paths as string[] | undefined) ?? [];
  // `-` is standard input, as in `hadolint - < Dockerfile`. (getOptions() is public in yargs, missing from its types.)
  const dash = dashPositionals(argv, args, (parser as unknown as { getOptions(): { string: string[]; alias: Record<string, string[]> } }).getOptions());
  if (dash > 0 && paths.length > 0) throw new UsageError('- (standard input) cannot be linted together with other paths');
  const fromStdin = args.stdin === true || dash > 0;
  const threshold = thresholdFlag(args['failure-threshold']);
  const stdinFilename = (args['stdin-filename'] as string | undefined) ?? 'Dockerfile';
  // Resolved here, not in the engine, so that hadolint's flags and output settings can join it.
  const config = withHadolintFlags(
    resolveConfig(configOption, io.cwd, fromStdin ? dirname(resolve(io.cwd, stdinFilename)) : (paths[0] ?? '.')),
    args,
  );
  // A repeated option arrives as an array. Checked before linting, as a wrong name is a usage error.
  const requested = reportsRequested(listOf<string>(args.format as string | string[] | undefined), listOf<string>(args['output-file']), config);
  if (args.verbose) io.stderr(`dockerlint: config: ${config.file ? visible(displayPath(io.cwd, config.file)) : 'none'}\n`);
  const shellcheck = shellcheckOptions(args.shellcheck as string | undefined, args['shellcheck-timeout'] as string | undefined, io);
  const context = args.context as unknown;
  if (Array.isArray(context)) throw new UsageError('--context may be given once');
  if (context === '') throw new UsageError('--context needs a directory');
  const options = {
    cwd: io.cwd,
    config,
    preset: args.preset as PresetName | undefined,
    ruleSettings,
    kind: args.kind as LintedKind | undefined,
    context: context as string | undefined,
    allowPlugins: args['allow-plugins'] === true,
    shellcheck,
  };
  const unsafe = args['unsafe-fixes'] === true;
  let result: LintResult;
  let fixed: { fixes: number; files: number } | undefined;
  // With --fix --stdin the fixed text is standard output: the report goes to standard error.
  let reportOut = io.stdout;
  if (args.diff === true || args.fix === true) {
    const { applyFixes, fixFiles } = await import('./engine/fix.js');
    if (fromStdin) {
      const text = await io.stdin();
      const fixedText = await applyFixes(text, { ...options, filename: stdinFilename, unsafe }, rules);
      if (args.diff === true) {
        const { unifiedDiff } = await import('./reporters/unified-diff.js');
        io.stdout(unifiedDiff(visible(stdinFilename), text, fixedText.text));
        return fixedText.text === text ? 0 : 1;
      }
      io.stdout(fixedText.text);
      reportOut = io.stderr;
      result = await lintText(fixedText.text, { ...options, filename: stdinFilename }, rules);
      fixed = { fixes: fixedText.applied, files: fixedText.text === text ? 0 : 1 };
    } else {
      const run = await fixFiles(paths.length > 0 ? paths : ['.'], { ...options, unsafe, write: args.diff !== true }, rules);
      for (const note of run.notes) io.stderr(`dockerlint: note: ${visible(note)}\n`);
      if (args.diff === true) {
        const { unifiedDiff } = await import('./reporters/unified-diff.js');
        const changed = run.changes.filter((c) => c.after !== c.before);
        // The paths come from the linted tree: shown through visible() like every path of a report. The lines stay as
        // they are (CRLF included), as git diff writes them, so that the diff applies with patch.
        for (const change of changed) io.stdout(unifiedDiff(visible(change.path), change.before, change.after, change.created === true));
        for (const change of run.changes) {
          for (const finding of change.dropped) io.stderr(`dockerlint: note: ${visible(`${change.path}:${finding.range.start.line}: the fix of ${finding.rule} is not applied: it would make the file parse worse`)}\n`);
        }
        return changed.length > 0 ? 1 : 0;
      }
      result = run.result;
      const written = run.changes.filter((c) => c.after !== c.before);
      fixed = { fixes: written.reduce((n, c) => n + c.applied, 0), files: written.length };
    }
  } else if (fromStdin) {
    result = await lintText(await io.stdin(), { ...options, filename: stdinFilename }, rules);
  } else {
    result = await lint(paths.length > 0 ? paths : ['.'], options, rules);
    // "No problems found in 0 files" would pass a pipeline pointed at the wrong directory.
    if (result.summary.files === 0 && args['allow-empty'] !== true) {
      const where = (paths.length > 0 ? paths : ['.']).join(' ');
      throw new InputError(`no Dockerfiles, .dockerignore, requirements or other files to lint under ${where} (--allow-empty to pass anyway)`);
    }
  }
  // --quiet hides what is below an error from the report, not from the exit status: the fail level still judges them.
  const failLevel: FailLevel =
    args.fail === false ? 'none' : ((args['fail-level'] as FailLevel | undefined) ?? threshold ?? result.failLevel ?? 'warning');
  // A file dockerlint failed on may be missing findings: that is never a pass, nor an ordinary failure.
  exitCode = hasInternalErrors(result.files) ? 2 : failsAt(result, failLevel) ? 1 : 0;
  const hidden = args.quiet ? { warning: result.summary.warning, info: result.summary.info } : undefined;
  if (args.quiet) result = onlyErrors(result);

  for (const note of result.notes) io.stderr(`dockerlint: note: ${visible(note)}\n`);

  const inActions = io.env.GITHUB_ACTIONS === 'true';
  // In GitHub Actions without an explicit format: the text report, plus annotations.
  const reports: Report[] =
    requested.named ? requested.reports : [...requested.reports, ...(inActions ? [{ format: 'github' as Format, file: undefined }] : [])];
  for (const { format, file } of reports) {
    const reporter = await loadReporter(format);
    const color = wantsColor(args.color ?? (config.hadolint?.noColor ? false : undefined), io, file !== undefined);
    const options = {
      color,
      // --no-color asks for plain text: no escape sequence of any kind.
      hyperlinks: args.color !== false && config.hadolint?.noColor !== true && supportsHyperlinks(io.env, io.isTTY && (file === undefined || file === '-')),
      snippets: args.snippets !== false,
      toolVersion: packageInfo.version,
      rules: result.rules,
      cwd: io.cwd,
      sarifCategory: args['sarif-category'],
      hiddenByQuiet: hidden,
      unsafeFixes: unsafe,
      fixed,
    };
    let report = reporter(result, options);
    // In a GitHub Actions log, text quoted from linted files must not run as workflow commands.
    if (inActions && format !== 'github' && (file === undefined || file === '-')) {
      const { withoutWorkflowCommands } = await import('./reporters/github.js');
      report = withoutWorkflowCommands(report);
    }
    write({ ...io, stdout: reportOut }, file, report);
    if (format === 'github' && io.env.GITHUB_STEP_SUMMARY) {
      const { jobSummary } = await import('./reporters/github.js');
      appendSummary(io.env.GITHUB_STEP_SUMMARY, jobSummary(result, options));
    }
  }
  return exitCode;
}

type Args = Record<string, unknown>;

/**
 * How many `-` arguments name standard input. yargs drops a bare `-` from the positional paths, and keeps it as
 * an option's value (`-o -`): the ones that are no option's value are positional.
 */
function dashPositionals(argv: readonly string[], args: Args, options: { string: string[]; alias: Record<string, string[]> }): number {
  const end = argv.indexOf('--');
  const dashes = (end < 0 ? argv : argv.slice(0, end)).filter((a) => a === '-').length;
  // yargs repeats a value under each alias (o, output, output-file): count it once, under the option's own name.
  const aliases = new Set(Object.values(options.alias).flat());
  let asValues = 0;
  for (const name of options.string) {
    if (!aliases.has(name)) asValues += listOf(args[name]).filter((v) => v === '-').length;
  }
  return Math.max(0, dashes - asValues);
}

/** hadolint's --style/--info/--warning/--error CODE and --ignore CODE. */
function hadolintRuleFlags(args: Args): Record<string, RuleSetting> {
  const codes = (name: string) => listOf(args[name] as string | string[] | undefined);
  return hadolintRuleSettings({ style: codes('style'), info: codes('info'), warning: codes('warning'), error: codes('error'), ignore: codes('ignore') });
}

function thresholdFlag(value: unknown): FailLevel | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new UsageError('--failure-threshold may be given once');
  return hadolintThreshold('--failure-threshold', String(value));
}

/** hadolint's --trusted-registry, --require-label, --strict-labels and --disable-ignore-pragma. */
function withHadolintFlags(config: Config, args: Args): Config {
  return withHadolintSettings(config, {
    trustedRegistries: listOf(args['trusted-registry'] as string | string[] | undefined),
    requireLabels: listOf(args['require-label'] as string | string[] | undefined),
    strictLabels: args['strict-labels'] === true,
    disableIgnorePragma: args['disable-ignore-pragma'] === true,
  });
}

interface Report {
  readonly format: Format;
  /** undefined or `-`: standard output. */
  readonly file: string | undefined;
}

/**
 * The reports asked for: each `-f FORMAT[:FILE]`, by our names or hadolint's; none named: those of a hadolint config,
 * else text. yargs cannot tell which `-f` an `-o` followed, so `-o` goes with a single format only, and several
 * formats name their files themselves: `-f text -f sarif -o x.sarif` once wrote the text report into x.sarif.
 * FORMAT:FILE is golangci-lint's spelling (`--out-format checkstyle:report.xml`); the first colon ends the format.
 */
function reportsRequested(values: readonly string[], outputs: readonly string[], config: Config): { named: boolean; reports: Report[] } {
  if (outputs.length > 1) throw new UsageError(`--output-file may be given once; for several reports write -f FORMAT:FILE, e.g. -f json:${outputs[0]} -f sarif:${outputs[1]}`);
  const output = outputs[0];
  if (output === '') throw new UsageError('--output-file needs a file name');
  const fromConfig = values.length === 0 ? (config.hadolint?.formats ?? []) : [];
  const all = [...values, ...fromConfig];
  if (all.length === 0) return { named: false, reports: [{ format: 'text', file: output }] };
  if (output !== undefined && all.length > 1) {
    throw new UsageError(`--output-file ${output} with several formats (${all.join(', ')}) is ambiguous: name each report's file as -f FORMAT:FILE, e.g. -f ${all[0]} -f ${all[1]}:${output}`);
  }
  const reports = all.map((value, i) => {
    // A config comes from the linted repository: its formats name no file, or a pull request could choose what to overwrite.
    const colon = i < values.length ? value.indexOf(':') : -1;
    const name = colon < 0 ? value : value.slice(0, colon);
    const file = colon < 0 ? output : value.slice(colon + 1);
    if (file === '') throw new UsageError(`--format ${value}: a file name must follow the colon (FORMAT:FILE)`);
    if (colon >= 0 && output !== undefined) throw new UsageError(`--format ${value} names its file: --output-file ${output} is one file too many`);
    const named = formatNamed(name);
    if ('error' in named) throw new UsageError(fromConfig.includes(value) && config.file ? `${config.file}: ${named.error}` : named.error);
    return { format: named.format, file };
  });
  const files = reports.flatMap((r) => (r.file === undefined || r.file === '-' ? [] : [resolve(r.file)]));
  const twice = files.find((file, i) => files.indexOf(file) !== i);
  if (twice !== undefined) throw new UsageError(`two reports would be written to ${twice}: give each format its own file`);
  return { named: true, reports };
}

function listOf<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function write(io: Io, file: string | undefined, report: string): void {
  if (file === undefined || file === '-') {
    io.stdout(report);
    return;
  }
  try {
    writeFileAtomic(file, report);
  } catch (error) {
    throw new InputError(`${file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function appendSummary(path: string, markdown: string): void {
  try {
    appendFileSync(path, markdown);
  } catch (error) {
    throw new InputError(`${path} (GITHUB_STEP_SUMMARY): cannot write: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function parseRuleFlags(values: readonly string[] | undefined): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  for (const value of values ?? []) {
    const [id, severity] = value.split('=', 2);
    if (!id || !severity || !['off', 'info', 'warning', 'error'].includes(severity)) {
      throw new UsageError(`--rule ${value}: expected ID=off|info|warning|error`);
    }
    settings[id] = severity as RuleSetting;
  }
  return settings;
}

/** ShellCheck's executable and time limit come from the command line or the environment only, never from a config file. */
function shellcheckOptions(flag: string | undefined, timeoutFlag: string | undefined, io: Io): ShellcheckOptions {
  const path = flag ?? (io.env.DOCKERLINT_SHELLCHECK || undefined);
  const where = flag !== undefined ? '--shellcheck' : 'DOCKERLINT_SHELLCHECK';
  // A named executable that is not there is a mistake to stop on, not a rule to skip quietly.
  if (path !== undefined && !findShellcheck(path, io.cwd)) throw new UsageError(`${where} ${path}: not an executable file`);
  const timeout = timeoutFlag ?? (io.env.DOCKERLINT_SHELLCHECK_TIMEOUT || undefined);
  if (timeout === undefined) return { path };
  const seconds = Number(timeout);
  if (!/^\s*\d*\.?\d+\s*$/.test(timeout) || !(seconds > 0)) {
    throw new UsageError(`${timeoutFlag !== undefined ? '--shellcheck-timeout' : 'DOCKERLINT_SHELLCHECK_TIMEOUT'} ${timeout}: expected a number of seconds above 0`);
  }
  return { path, timeoutMs: seconds * 1000 };
}

function onlyErrors(result: LintResult): LintResult {
  const files = result.files.map((f) => ({ ...f, findings: f.findings.filter((x) => x.severity === 'error') }));
  const summary = { ...result.summary, findings: result.summary.error, warning: 0, info: 0 };
  return { ...result, files, summary };
}

function wantsColor(flag: boolean | undefined, io: Io, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  return io.isTTY && !toFile;
}

let stdoutClosed = false;

/**
 * Standard output that a closed pipe (`dockerlint . | head -3`) ends quietly: the rest of the report has no
 * reader, and the exit status is still the lint's.
 */
function writeStdout(text: string): void {
  if (stdoutClosed) return;
  if (process.stdout.listenerCount('error') === 0) {
    // EPIPE, or any other failure of the reader's end: there is no one left to tell.
    process.stdout.on('error', () => {
      stdoutClosed = true;
    });
  }
  process.stdout.write(text);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
