/**
 * The command line: yargs wiring only. Everything it does is reachable from
 * the library API (src/index.ts) too.
 *
 * Exit status: 0 nothing at or above the fail level; 1 findings at or above
 * it; 2 usage, config or input error.
 */
import { appendFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { lint, lintText, InputError } from './engine/lint.js';
import { ConfigError, type FailLevel, type RuleSetting } from './config/config.js';
import type { LintResult } from './engine/finding.js';
import type { LintedKind } from './engine/rule.js';
import { failsAt } from './engine/fail-level.js';
import { findShellcheck, type ShellcheckOptions } from './engine/external-tools/shellcheck-runner.js';
import { FORMATS, loadReporter, type Format } from './reporters/index.js';
import { packageInfo } from './io/package-info.js';
import { visible } from './reporters/visible.js';
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
    .option('format', { alias: 'f', choices: FORMATS, describe: 'output format; repeat with --output-file for several reports in one run' })
    .option('output-file', { alias: 'o', type: 'string', describe: 'write the report to this file (paired with --format by position)' })
    .option('sarif-category', { type: 'string', describe: 'SARIF automationDetails.id category, to tell analyses of one commit apart (default: dockerlint)' })
    .option('fail-level', { choices: ['error', 'warning', 'info', 'none'] as const, describe: 'exit 1 on findings at or above this severity (default: warning)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'report errors only' })
    .option('rule', { type: 'string', describe: 'set a rule severity: ID=off|info|warning|error (repeatable)' })
    .option('config', { alias: 'c', type: 'string', describe: 'use this config file (--no-config: use none)' })
    .option('allow-plugins', { type: 'boolean', describe: "load the config's plugins (this runs their code: only for repositories you trust)" })
    .option('kind', { choices: ['dockerfile', 'dockerignore', 'requirements', 'pyproject', 'pipfile', 'conda-environment', 'compose'] as const, describe: 'the kind of files named on the command line' })
    .option('context', { type: 'string', describe: 'the build context directory of the Dockerfiles named on the command line (default: each one\'s own directory, or the config\'s context mapping)' })
    .option('stdin', { type: 'boolean', describe: 'lint standard input' })
    .option('stdin-filename', { type: 'string', describe: 'the file name to report for standard input' })
    .option('color', { type: 'boolean', describe: 'colour the output (default: when writing to a terminal; NO_COLOR and FORCE_COLOR respected)' })
    .option('shellcheck', { type: 'string', describe: 'the ShellCheck executable for the shellcheck rule (default: $DOCKERLINT_SHELLCHECK, else shellcheck on PATH)' })
    .option('shellcheck-timeout', { type: 'string', describe: 'seconds ShellCheck may take per Dockerfile before its RUNs are reported as not checked (default: $DOCKERLINT_SHELLCHECK_TIMEOUT, else 10)' })
    .option('snippets', { type: 'boolean', default: true, describe: 'show the source line under each finding (text format); --no-snippets to hide' })
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
  if (command !== undefined) throw new UsageError(`unknown command "${String(command)}"`);

  const ruleSettings = parseRuleFlags(listOf<string>(args.rule as string | string[] | undefined));
  // yargs reads `--no-config` as `config: false`.
  const config: string | false | undefined = (args.config as unknown) === false ? false : (args.config as string | undefined);
  const shellcheck = shellcheckOptions(args.shellcheck as string | undefined, args['shellcheck-timeout'] as string | undefined, io);
  const context = args.context as unknown;
  if (Array.isArray(context)) throw new UsageError('--context may be given once');
  if (context === '') throw new UsageError('--context needs a directory');
  const options = {
    cwd: io.cwd,
    config,
    ruleSettings,
    kind: args.kind as LintedKind | undefined,
    context: context as string | undefined,
    allowPlugins: args['allow-plugins'] === true,
    shellcheck,
  };
  let result: LintResult;
  if (args.stdin) {
    result = await lintText(await io.stdin(), { ...options, filename: args['stdin-filename'] ?? 'Dockerfile' }, rules);
  } else {
    result = await lint((args.paths as string[] | undefined) ?? ['.'], options, rules);
  }
  if (args.quiet) result = onlyErrors(result);

  for (const note of result.notes) io.stderr(`dockerlint: note: ${visible(note)}\n`);

  // A repeated option arrives as an array.
  const formats = listOf<Format>(args.format);
  const outputs = listOf<string>(args['output-file']);
  const inActions = io.env.GITHUB_ACTIONS === 'true';
  // In GitHub Actions without an explicit format: the text report, plus annotations.
  const reports: { format: Format; file: string | undefined }[] =
    formats.length > 0
      ? formats.map((format, i) => ({ format, file: outputs[i] }))
      : [{ format: 'text', file: outputs[0] }, ...(inActions ? [{ format: 'github' as Format, file: undefined }] : [])];
  for (const { format, file } of reports) {
    const reporter = await loadReporter(format);
    const options = {
      color: wantsColor(args.color, io, file !== undefined),
      snippets: args.snippets !== false,
      toolVersion: packageInfo.version,
      rules: result.rules,
      cwd: io.cwd,
      sarifCategory: args['sarif-category'],
    };
    let report = reporter(result, options);
    // In a GitHub Actions log, text quoted from linted files must not run as workflow commands.
    if (inActions && format !== 'github' && (file === undefined || file === '-')) {
      const { withoutWorkflowCommands } = await import('./reporters/github.js');
      report = withoutWorkflowCommands(report);
    }
    write(io, file, report);
    if (format === 'github' && io.env.GITHUB_STEP_SUMMARY) {
      const { jobSummary } = await import('./reporters/github.js');
      appendSummary(io.env.GITHUB_STEP_SUMMARY, jobSummary(result, options));
    }
  }
  const failLevel = (args['fail-level'] as FailLevel | undefined) ?? result.failLevel ?? 'warning';
  // A file dockerlint failed on may be missing findings: that is never a pass, nor an ordinary failure.
  exitCode = hasInternalErrors(result.files) ? 2 : failsAt(result, failLevel) ? 1 : 0;
  return exitCode;
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
