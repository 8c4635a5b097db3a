/**
 * The engine: files in, findings out. Discovers the files, parses each one
 * once, adds the requirements files that Dockerfiles and includes reach, runs
 * every enabled rule over the models, then applies config severities and
 * inline suppressions and sorts the result.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { DockerfileModel } from '../model/dockerfile.js';
import type { RequirementsModel } from '../model/requirements.js';
import type { DockerignoreModel } from '../model/dockerignore.js';
import type { ManifestModel } from '../model/manifests.js';
import type { ComposeModel } from '../model/compose.js';
import { parseDockerfile } from '../model/dockerfile.js';
import type { Range } from '../model/position.js';
import { localContext } from '../discover/compose-contexts.js';
import { loadShellParser } from '../model/shell-parser.js';
import { lintedTreeRoot } from '../discover/inside-tree.js';
import { discover, kindFromContent, kindFromName, type DiscoveredFile } from '../discover/discover.js';
import { describeError, parseText, ProjectFiles, readAndParse, type ParsedFile } from '../discover/project-files.js';
import { displayPath } from '../discover/display-path.js';
import { ConfigError, emptyConfig, findConfigFile, isIgnoredByConfig, loadConfigFile, rulesForFile, type Config, type RuleSetting } from '../config/config.js';
import { findHadolintConfig, isHadolintConfigFile, loadHadolintConfig } from '../config/hadolint-config.js';
import type { ExternalResults, Fix, LintSettings, Project, RelatedPlace, Report, ReportTarget, Rule, RuleContext, Severity } from './rule.js';
import { compareFindings, summarize, type FileResult, type Finding, type LintResult } from './finding.js';
import { dockerfileSuppressions, lineSuppressions, type RuleAliases, type Suppressions } from './suppressions.js';
import { codesOf } from './peer-codes.js';
import { configRuleSettings, ruleSettingProblem } from './rule-settings-check.js';
import { presetSettings, withPreset } from '../config/presets.js';
import { docsUrl } from './docs-url.js';
import { lintInWorkers, workerCount } from './parallel.js';
import { fileNotLinted, internalError, validRange } from './engine-findings.js';
import { runShellcheckFor } from './external-tools/shellcheck-runner.js';
import type { LintOptions } from './lint-options.js';
import { describeFsError, withBuffers } from '../io/read-input.js';

export class InputError extends Error {}

/**
 * Lints the files found under `paths`. `builtinRules` are the rules to run unless `options.rules` names
 * others; the config's plugins join them when allowed. The caller chooses them (src/index.ts, the CLI,
 * the worker entry), so that the engine does not depend on the rules.
 */
export function lint(paths: readonly string[], options: LintOptions, builtinRules: readonly Rule[]): Promise<LintResult> {
  return withBuffers(options.buffers, () => lintPaths(paths, options, builtinRules));
}

async function lintPaths(paths: readonly string[], options: LintOptions, builtinRules: readonly Rule[]): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  checkShellcheckOptions(options);
  checkContextOption(options, cwd);
  const config = resolveConfig(options.config, cwd, paths[0] ?? '.');
  const rules = options.rules ?? (await loadRules(config, builtinRules, options.allowPlugins));
  const settingNotes = checkSettings(config, options, rules, builtinRules, cwd);
  const ignore = compileIgnore(config);
  const found = await discover(paths.length > 0 ? paths : ['.'], { cwd, kind: options.kind, isIgnored: ignore });
  // A path the user named that is missing stops the run; a folder deep in a walk that cannot be read is a note.
  const named = new Set((paths.length > 0 ? paths : ['.']).map((p) => resolve(cwd, p)));
  const fatal = found.errors.find((e) => named.has(resolve(cwd, e.path)));
  if (fatal) throw new InputError(`${displayPath(cwd, resolve(cwd, fatal.path))}: ${fatal.message}`);
  const walkNotes = found.errors.map((e) => `${displayPath(cwd, resolve(cwd, e.path))}: ${e.message}`);
  if (options.rules === undefined) walkNotes.unshift(...pluginNotes(config, options.allowPlugins, cwd));
  walkNotes.unshift(...(config.notes ?? []), ...settingNotes);
  const workers = options.rules === undefined ? workerCount(found.files.length) : 1;
  const result =
    workers > 1
      ? { ...(await lintInWorkers(found.files, { ...options, cwd, config, buildFiles: found.buildFiles }, workers, (share, shareOptions) => lintDiscovered(share, shareOptions, builtinRules))), rules }
      : await lintDiscovered(found.files, { ...options, cwd, config, rules, buildFiles: found.buildFiles }, builtinRules);
  return walkNotes.length > 0 ? { ...result, notes: [...walkNotes, ...result.notes] } : result;
}

/** Lints files already discovered, in this thread. Worker threads call it with their share. */
export async function lintDiscovered(
  discovered: readonly DiscoveredFile[],
  options: LintOptions & { readonly cwd: string; readonly config: Config; readonly buildFiles?: readonly string[] },
  builtinRules: readonly Rule[],
): Promise<LintResult> {
  return withBuffers(options.buffers, async () => {
    const rules = options.rules ?? (await loadRules(options.config, builtinRules, options.allowPlugins));
    return run(discovered.map((d) => readAndParse(d)), rules, options.config, options, options.cwd, options.buildFiles);
  });
}

/** Lints text that is not on disk (an editor buffer, standard input). */
export function lintText(text: string, options: LintOptions & { readonly filename?: string }, builtinRules: readonly Rule[]): Promise<LintResult> {
  return withBuffers(options.buffers, () => lintBuffer(text, options, builtinRules));
}

async function lintBuffer(text: string, options: LintOptions & { readonly filename?: string }, builtinRules: readonly Rule[]): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  checkShellcheckOptions(options);
  checkContextOption(options, cwd);
  const filename = resolve(cwd, options.filename ?? 'Dockerfile');
  const config = resolveConfig(options.config, cwd, dirname(filename));
  const rules = options.rules ?? (await loadRules(config, builtinRules, options.allowPlugins));
  const settingNotes = checkSettings(config, options, rules, builtinRules, cwd);
  const kind = options.kind ?? kindFromName(relative(cwd, filename).split(sep).join('/')) ?? kindFromContent(text);
  const discovered: DiscoveredFile = { path: filename, kind, explicit: true, root: lintedTreeRoot(dirname(filename), cwd) };
  const result = await run([parseText(discovered, text)], rules, config, options, cwd);
  const notes = [...(config.notes ?? []), ...settingNotes, ...(options.rules === undefined ? pluginNotes(config, options.allowPlugins, cwd) : [])];
  return notes.length > 0 ? { ...result, notes: [...notes, ...result.notes] } : result;
}

/**
 * Settings that name no rule, or give an option the wrong type, stop the run with one line: a typo would otherwise
 * leave on what the user turned off. A hadolint config is hadolint's to judge, and hadolint skips codes it does not
 * know: there they are notes. Without the plugins loaded, an unknown id may be a plugin's: not judged.
 */
function checkSettings(config: Config, options: LintOptions, rules: readonly Rule[], builtinRules: readonly Rule[], cwd: string): string[] {
  const known = options.rules === undefined ? rules : [...options.rules, ...builtinRules];
  const pluginsNotLoaded = options.rules === undefined && config.plugins.length > 0 && !options.allowPlugins;
  const fromFile = configRuleSettings(config)
    .map((settings) => ruleSettingProblem(settings, known, pluginsNotLoaded))
    .find((problem) => problem !== undefined);
  const where = config.file ? displayPath(cwd, config.file) : 'config';
  const notes: string[] = [];
  if (fromFile !== undefined) {
    if (config.hadolint === undefined) throw new ConfigError(`${where}: ${withHint(fromFile)}`, config.file);
    notes.push(`${where}: ${fromFile}: ignored, as hadolint does`);
  }
  const fromOptions = ruleSettingProblem(options.ruleSettings ?? {}, known, pluginsNotLoaded);
  if (fromOptions !== undefined) throw new InputError(`${withHint(fromOptions)}`);
  return notes;
}

function withHint(problem: string): string {
  return problem.startsWith('unknown rule') ? `${problem}: \`dockerlint rules\` lists every rule and alias` : problem;
}

/** `--context` names a directory: anything else stops the run with one line, before any file is read. */
function checkContextOption(options: LintOptions, cwd: string): void {
  if (options.context === undefined) return;
  const dir = resolve(cwd, options.context);
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    throw new InputError(`--context ${options.context}: ${describeFsError(error)}`);
  }
  if (!isDirectory) throw new InputError(`--context ${options.context}: not a directory`);
}

function checkShellcheckOptions(options: LintOptions): void {
  const timeoutMs = options.shellcheck?.timeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new InputError(`shellcheck.timeoutMs must be a positive number of milliseconds (got ${String(timeoutMs)})`);
  }
}

async function run(
  files: ParsedFile[],
  rules: readonly Rule[],
  config: Config,
  options: LintOptions,
  cwd: string,
  buildFiles: readonly string[] = [],
): Promise<LintResult> {
  const notes = new Set<string>();
  const presetName = options.preset ?? config.extends ?? 'recommended';
  const preset = presetSettings(presetName, rules);
  // Asked twice of each Dockerfile (which files ShellCheck reads, then its rules): the config's overrides are matched once.
  const settingsByFile = new Map<ParsedFile, Record<string, RuleSetting>>();
  const settingsFor = (file: ParsedFile): Record<string, RuleSetting> => {
    let settings = settingsByFile.get(file);
    if (settings === undefined) {
      settings = withPreset(preset, { ...rulesForFile(config, relative(config.baseDir, file.discovered.path).split(sep).join('/')), ...options.ruleSettings }, rules);
      settingsByFile.set(file, settings);
    }
    return settings;
  };
  // ShellCheck, an external program, starts on all the files' scripts at once, before the shell grammar loads, and
  // works while it loads and the other rules run; the rule that reads its results runs last, so that every rule stays
  // synchronous. Its scripts are the RUNs' text, which needs no shell parse.
  const shellcheckRule = rules.find((r) => r.meta.id === 'shellcheck');
  const shellcheckRun = shellcheckRule
    ? runShellcheckFor(
        files.flatMap((f) => (f.model?.kind === 'dockerfile' && settingSeverity(settingsFor(f).shellcheck) !== 'off' ? [f.model] : [])),
        options.shellcheck,
        cwd,
      )
    : undefined;
  const hasInline = (f: ParsedFile) => f.model?.kind === 'compose' && f.model.services.some((s) => s.build?.inline);
  if (files.some((f) => f.model?.kind === 'dockerfile' || (f.skipped === undefined && f.discovered.kind === 'dockerfile') || hasInline(f))) {
    await loadShellParser();
  }
  const project = new ProjectFiles(
    config,
    files,
    (text) => notes.add(text),
    cwd,
    options.context === undefined ? undefined : resolve(cwd, options.context),
    buildFiles,
  );
  project.addReachedRequirements();
  const settings: LintSettings = { trustedRegistries: config.trustedRegistries };
  const buildKitAliases = new Set(rules.flatMap((r) => r.meta.aliases.filter(isBuildKitCode)));
  const aliasesByRule = new Map(rules.map((r) => [r.meta.id, r.meta.aliases]));
  const ruleAliases: RuleAliases = (id) => aliasesByRule.get(id) ?? [];
  const results: FileResult[] = [];
  const ownRules = shellcheckRule ? rules.filter((r) => r !== shellcheckRule) : rules;
  // Rules may report on other files than the one they check (reportOn): every check runs first, then each file's
  // findings, its own and those reported on it, go through that file's pragmas.
  const elsewhere = new Map<string, { target: ReportTarget; findings: Finding[] }>();
  const reportedOn = (target: ReportTarget, finding: Finding) => {
    let entry = elsewhere.get(target.path);
    if (!entry) elsewhere.set(target.path, (entry = { target, findings: [] }));
    entry.findings.push(finding);
  };
  const checked: { file: ParsedFile; path: string; findings: Finding[]; crashes: Finding[]; ruleSettings: Readonly<Record<string, RuleSetting>> }[] = [];
  let sinceYield = 0;
  for (const file of project.files) {
    // The rules are synchronous: now and then the event loop takes its turn, to start ShellCheck's next batch.
    if (shellcheckRun && ++sinceYield === YIELD_EVERY) {
      sinceYield = 0;
      await new Promise((done) => setImmediate(done));
    }
    const path = displayPath(cwd, file.discovered.path);
    const base = { path, absolutePath: file.discovered.path, kind: file.discovered.kind };
    if (!file.model) {
      // Not linted is never passed: the file gets an error finding that says why (no setting or pragma hides it).
      const finding = file.crashed !== undefined ? internalError(path, `dockerlint could not analyse this file: ${file.crashed}`) : fileNotLinted(path, file.skipped ?? 'not read');
      results.push({ ...base, findings: [finding], skipped: file.skipped ?? file.crashed, lines: file.crashed !== undefined ? file.lines : [] });
      continue;
    }
    const ruleSettings = settingsFor(file);
    const external = {};
    const contextRules = new Set<string>();
    const track = { queries: () => project.contextQueries, contextRules };
    const first = checkFile(file.model, path, ownRules, ruleSettings, settings, project, notes, external, cwd, reportedOn, track);
    const crashes = [...first.crashes];
    const findings =
      file.model.kind === 'dockerfile' && contextRules.size > 0
        ? judgedInEachContext(file.model, first.findings, crashes, project, cwd, contextRules, (only) =>
            checkFile(file.model as DockerfileModel, path, ownRules, ruleSettings, settings, project, notes, external, cwd, reportedOn, { ...track, only }),
          )
        : first.findings;
    const inline =
      file.model.kind === 'compose'
        ? inlineDockerfileFindings(file.model, file.discovered.root ?? dirname(file.discovered.path), path, rules, ruleSettings, settings, project, notes, (dockerfile) => (config.noInlineConfig ? noSuppressions : dockerfileSuppressions(dockerfile, (code) => buildKitAliases.has(code), ruleAliases)), cwd, reportedOn)
        : [];
    checked.push({ file, path, findings: [...findings, ...inline], crashes, ruleSettings });
  }
  if (shellcheckRule && shellcheckRun) {
    const shellcheck = await shellcheckRun;
    for (const entry of checked) {
      if (entry.file.model?.kind !== 'dockerfile') continue;
      const model = entry.file.model;
      const more = checkFile(model, entry.path, [shellcheckRule], entry.ruleSettings, settings, project, notes, { shellcheck: shellcheck.get(model) }, cwd, reportedOn);
      entry.findings.push(...more.findings);
      entry.crashes.push(...more.crashes);
    }
  }
  const isBuildKit = (code: string) => buildKitAliases.has(code);
  for (const { file, path, findings, crashes } of checked) {
    const model = file.model!;
    const own = [...findings, ...(elsewhere.get(file.discovered.path)?.findings ?? [])];
    elsewhere.delete(file.discovered.path);
    const suppressions = config.noInlineConfig ? noSuppressions : suppressionsFor(model, isBuildKit, ruleAliases);
    // A manifest that is not valid TOML/YAML was not read past the error: not linted, never a silent pass.
    const syntaxError = 'syntaxError' in model ? model.syntaxError : undefined;
    const unread = syntaxError ? [fileNotLinted(path, `${syntaxError.message}; pip, uv, Poetry and conda cannot read it either: fix the syntax`, validRange(syntaxError.range, file.lines)?.range)] : [];
    results.push({
      path,
      absolutePath: file.discovered.path,
      kind: model.kind,
      findings: [...uniqueFindings(own).filter((f) => !suppressions.isSuppressed(f)), ...crashes, ...unread].sort(compareFindings),
      lines: file.lines,
    });
  }
  for (const { target, findings } of elsewhere.values()) {
    // A file only reached through a report (a Python module): listed because something was found in it.
    if (results.some((r) => r.absolutePath === target.path)) continue;
    const suppressions = config.noInlineConfig ? noSuppressions : lineSuppressions(target.lines, true, ruleAliases);
    const kept = uniqueFindings(findings).filter((f) => !suppressions.isSuppressed(f));
    if (kept.length > 0) {
      results.push({ path: kept[0].path, absolutePath: target.path, kind: target.kind, findings: kept.sort(compareFindings), lines: target.lines });
    }
  }
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: results, summary: summarize(results), notes: [...notes], rules, failLevel: config.failLevel ?? (presetName === 'recommended' ? undefined : preset.failLevel) };
}

/** Files checked between two turns of the event loop while ShellCheck runs: a few milliseconds of rules. */
const YIELD_EVERY = 16;

/**
 * Impossible ranges are moved inside the file; with DOCKERLINT_STRICT_RANGES=1 (the tests and the fuzzer) they
 * fail the rule instead, so that the model bug behind one is seen.
 */
function strictRanges(): boolean {
  return process.env.DOCKERLINT_STRICT_RANGES === '1';
}

/**
 * A Dockerfile that Compose or Bake files build from several contexts: the rules that asked for its context (and only
 * they) run again in each other context. A finding that holds in every context is reported once, as it is; one that
 * holds in only some says in which (`contexts`, as the user sees the directories).
 */
function judgedInEachContext(
  model: DockerfileModel,
  first: readonly Finding[],
  crashes: Finding[],
  project: ProjectFiles,
  cwd: string,
  contextRules: ReadonlySet<string>,
  rerun: (only: ReadonlySet<string>) => { findings: Finding[]; crashes: Finding[] },
): Finding[] {
  const contexts = project.contextsOf(model);
  if (contexts.length < 2) return [...first];
  const show = (root: string) => (relative(cwd, root) === '' ? '.' : displayPath(cwd, root));
  const byKey = new Map<string, { finding: Finding; where: string[] }>();
  // A finding reported twice in one context stays two findings: the key counts its occurrences in each run.
  const addAll = (findings: readonly Finding[], where: string) => {
    const seen = new Map<string, number>();
    for (const finding of findings) {
      const same = JSON.stringify([finding.rule, finding.range, finding.message, finding.severity]);
      const occurrence = (seen.get(same) ?? 0) + 1;
      seen.set(same, occurrence);
      const key = `${same}#${occurrence}`;
      const known = byKey.get(key);
      if (known) known.where.push(where);
      else byKey.set(key, { finding, where: [where] });
    }
  };
  const kept = first.filter((finding) => !contextRules.has(finding.rule));
  addAll(
    first.filter((finding) => contextRules.has(finding.rule)),
    show(contexts[0]!.root),
  );
  for (const context of contexts.slice(1)) {
    const again = project.withContext(model.path, context, () => rerun(contextRules));
    addAll(again.findings, show(context.root));
    for (const crash of again.crashes) if (!crashes.some((c) => c.message === crash.message)) crashes.push(crash);
  }
  for (const { finding, where } of byKey.values()) kept.push(where.length === contexts.length ? finding : { ...finding, contexts: where });
  return kept;
}

/**
 * The findings of the Dockerfile rules on each service's `dockerfile_inline`, at their places in the Compose file
 * (the model maps each line of the text to where it is written). A text whose lines cannot be mapped exactly, or
 * whose build context is remote or outside the linted tree, is not linted and a note says so.
 */
function inlineDockerfileFindings(
  model: ComposeModel,
  top: string,
  path: string,
  rules: readonly Rule[],
  ruleSettings: Readonly<Record<string, RuleSetting>>,
  settings: LintSettings,
  project: ProjectFiles,
  notes: Set<string>,
  /** The pragmas of the inline text, as the run applies them (none when the config turns pragmas off). */
  suppressionsOf: (dockerfile: DockerfileModel) => Suppressions,
  cwd: string,
  reportedOn: (target: ReportTarget, finding: Finding) => void,
): Finding[] {
  const found: Finding[] = [];
  for (const service of model.services) {
    const build = service.build;
    if (!build?.inline) continue;
    const where = `${path}: service ${JSON.stringify(service.name)}: dockerfile_inline is not linted`;
    const inline = build.inline;
    if ('unmapped' in inline) {
      notes.add(`${where}: ${inline.unmapped}`);
      continue;
    }
    const context = localContext(model.path, build.context, top);
    if (context === undefined) {
      notes.add(`${where}: its build context "${build.context}" is remote or outside the linted tree`);
      continue;
    }
    const starts = inline.lineStarts;
    const toCompose = (p: Range['start']) => {
      const start = starts[Math.min(Math.max(p.line, 1), starts.length) - 1]!;
      // A position past the last line (the end of a range over the whole text) ends that line.
      const column = p.line > starts.length ? (model.lines[start.line - 1] ?? '').length + 1 : start.column + p.column - 1;
      return { line: start.line, column };
    };
    const place = (r: Range): Range => validRange({ start: toCompose(r.start), end: toCompose(r.end) }, model.lines)!.range;
    // Named `Dockerfile` below a directory that does not exist: no `<name>.dockerignore` can be beside it, as in Compose.
    const virtual = `${model.path}#${service.name}/Dockerfile`;
    let dockerfile: DockerfileModel;
    try {
      dockerfile = parseDockerfile(inline.text, virtual);
    } catch (error) {
      found.push(internalError(path, `dockerlint could not analyse the dockerfile_inline of service ${JSON.stringify(service.name)}: ${describeError(error)}`, inline.keyRange));
      continue;
    }
    project.setInlineContext(virtual, context);
    const { findings, crashes } = checkFile(dockerfile, path, rules, ruleSettings, settings, project, notes, {}, cwd, reportedOn);
    const suppressions = suppressionsOf(dockerfile);
    // A fix's edits are in the inline text's lines, not the Compose file's: not offered there.
    for (const finding of [...findings.filter((f) => !suppressions.isSuppressed(f)), ...crashes]) found.push({ ...withoutFix(finding), range: place(finding.range) });
  }
  return found;
}

function checkFile(
  model: DockerfileModel | RequirementsModel | DockerignoreModel | ManifestModel | ComposeModel,
  path: string,
  rules: readonly Rule[],
  ruleSettings: Readonly<Record<string, RuleSetting>>,
  settings: LintSettings,
  project: Project,
  notes: Set<string>,
  external: ExternalResults,
  cwd: string,
  reportedOn: (target: ReportTarget, finding: Finding) => void,
  /** Which rules ask for the build context (`contextRules`, from `queries`), and, when set, the only rules to run. */
  track?: { readonly queries: () => number; readonly contextRules: Set<string>; readonly only?: ReadonlySet<string> },
): { findings: Finding[]; crashes: Finding[] } {
  const findings: Finding[] = [];
  const crashes: Finding[] = [];
  for (const rule of rules) {
    if (track?.only && !track.only.has(rule.meta.id)) continue;
    const queriesBefore = track?.queries();
    const check =
      model.kind === 'dockerfile'
        ? rule.checkDockerfile
        : model.kind === 'requirements'
          ? rule.checkRequirements
          : model.kind === 'dockerignore'
            ? rule.checkDockerignore
            : model.kind === 'compose'
              ? rule.checkCompose
              : rule.checkManifest;
    if (!check) continue;
    const own = ruleSettings[rule.meta.id];
    // Off by id, unless one of its peer codes is on: then the findings that answer to that code are reported
    // (`"unpinned-version": "off", "DL3008": "warning"`, the hadolint preset).
    if (settingSeverity(own) === 'off' && !rule.meta.aliases.some((alias) => (settingSeverity(ruleSettings[alias]) ?? 'off') !== 'off')) continue;
    const meta = rule.meta;
    const context: RuleContext = {
      options: ruleOptions(rule, own),
      settings,
      project,
      external,
      note(text) {
        notes.add(text);
      },
      report(report) {
        const finding = toFinding(report, model.lines, path);
        if (finding) findings.push(finding);
      },
      reportOn(target, report) {
        if (typeof target?.path !== 'string' || !isAbsolute(target.path) || !Array.isArray(target.lines)) {
          throw new Error('it reported on a file without an absolute path and its lines');
        }
        if (target.path === model.path) {
          context.report(report);
          return;
        }
        const finding = toFinding(report, target.lines, displayPath(cwd, target.path));
        if (finding) reportedOn(target, finding);
      },
    };
    /** The finding a report makes on a file with these lines, or undefined when settings turn it off. */
    function toFinding(report: Report, lines: readonly string[], findingPath: string): Finding | undefined {
      // Checked here, once, so that no rule, plugin or tool mapping can put a finding outside its file.
      const checkedRange = validRange(report?.range, lines);
      if (!checkedRange) throw new Error('it reported a finding without a valid range ({ start: { line, column }, end: { line, column } })');
      if (typeof report.message !== 'string') throw new Error('it reported a finding without a message');
      if (!checkedRange.valid && strictRanges()) throw new Error(`it reported a range outside the file: ${JSON.stringify(report.range)}`);
      const aliases = report.aliases ?? meta.aliases;
      let severity: Severity | 'off' = report.severity ?? meta.severity;
      const fromOwn = settingSeverity(own);
      if (fromOwn) severity = fromOwn;
      // A finding without a peer's code answers to the rule's codes of that peer when they turn it off (codesOf);
      // only a code the finding carries can turn it on when the rule itself is off.
      for (const alias of codesOf(aliases, meta.aliases)) {
        const fromAlias = settingSeverity(ruleSettings[alias]);
        if (fromAlias && (fromAlias === 'off' || fromOwn !== 'off' || aliases.includes(alias))) severity = fromAlias;
      }
      if (severity === 'off') return undefined;
      const fix = report.fix === undefined ? undefined : checkedFix(report.fix, lines, cwd);
      return {
        rule: meta.id,
        aliases,
        severity,
        category: meta.category,
        message: report.message,
        path: findingPath,
        range: checkedRange.range,
        docs: docsUrl(meta.id),
        ...(fix ? { fix } : {}),
        ...(report.related && report.related.length > 0 ? { related: checkedRelated(report.related) } : {}),
      };
    }
    try {
      check.call(rule, model as never, context);
      if (track && track.queries() !== queriesBefore) track.contextRules.add(meta.id);
    } catch (error) {
      // The file's other findings stand; the run exits 2 so that the missing ones are not taken for a pass.
      const who = meta.plugin !== undefined ? `rule ${meta.id} (plugin ${meta.plugin})` : `rule ${meta.id}`;
      crashes.push(internalError(path, `${who} failed on this file: ${describeError(error)}`));
    }
  }
  return { findings, crashes };
}

/** A related place must name a file by absolute path and a range in it (the file is not read here to check it). */
function checkedRelated(related: readonly RelatedPlace[]): RelatedPlace[] {
  if (!Array.isArray(related)) throw new Error('it reported related places that are not a list');
  return related.map((place) => {
    const checked = validRange(place?.range, []);
    if (typeof place?.path !== 'string' || !isAbsolute(place.path) || !checked || typeof place.message !== 'string') {
      throw new Error('it reported a related place without an absolute path, a range and a message');
    }
    return { path: place.path, range: place.range, message: place.message };
  });
}

function withoutFix(finding: Finding): Finding {
  const { fix, ...rest } = finding;
  return fix === undefined ? finding : rest;
}

/**
 * A fix's edits must be inside the file, exactly: an edit moved inside would change the wrong text. The files it
 * creates are named as findings name files, relative to the working directory.
 */
function checkedFix(fix: Fix, lines: readonly string[], cwd: string): Fix {
  if (fix.applicability !== 'safe' && fix.applicability !== 'unsafe') throw new Error('it reported a fix whose applicability is neither safe nor unsafe');
  if (typeof fix.description !== 'string' || !Array.isArray(fix.edits)) throw new Error('it reported a fix without a description and edits');
  const edits = fix.edits.map((edit) => {
    const checked = validRange(edit?.range, lines);
    if (!checked?.valid || typeof edit.text !== 'string') throw new Error(`it reported a fix with an edit outside the file: ${JSON.stringify(edit?.range)}`);
    return { range: checked.range, text: edit.text };
  });
  const create = fix.create?.map((file) => {
    if (typeof file?.path !== 'string' || !isAbsolute(file.path) || typeof file.text !== 'string') throw new Error('it reported a fix creating a file without an absolute path and a text');
    return { path: displayPath(cwd, file.path), text: file.text };
  });
  return { applicability: fix.applicability, description: fix.description, edits, ...(create && create.length > 0 ? { create } : {}) };
}

function settingSeverity(setting: RuleSetting | undefined): Severity | 'off' | undefined {
  if (setting === undefined) return undefined;
  return typeof setting === 'string' ? setting : setting[0];
}

function ruleOptions(rule: Rule, setting: RuleSetting | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(rule.meta.options ?? {})) options[name] = option.default;
  if (Array.isArray(setting) && setting[1]) Object.assign(options, setting[1]);
  return options;
}

const noSuppressions: Suppressions = { isSuppressed: () => false };

function suppressionsFor(
  model: DockerfileModel | RequirementsModel | DockerignoreModel | ManifestModel | ComposeModel,
  isBuildKit: (code: string) => boolean,
  ruleAliases: RuleAliases,
): Suppressions {
  if (model.kind === 'dockerfile') return dockerfileSuppressions(model, isBuildKit, ruleAliases);
  // Requirements, TOML and YAML (manifests, Compose) comments can end a line.
  return lineSuppressions(model.lines, model.kind !== 'dockerignore', ruleAliases);
}

/** Two Dockerfiles that copy the same module report its import once. */
function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\0${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}


/** BuildKit check names are CamelCase words; peer codes of other tools have digits. */
function isBuildKitCode(code: string): boolean {
  return /^[A-Z][a-zA-Z]+$/.test(code);
}

/**
 * The config for a run: the one named, or the nearest of ours upward from the first path, or else hadolint's
 * (see hadolint-config.ts), or none.
 */
export function resolveConfig(option: LintOptions['config'], cwd: string, firstPath: string): Config {
  if (option === false) return emptyConfig(cwd);
  if (typeof option === 'object') return option;
  if (typeof option === 'string') {
    const named = resolve(cwd, option);
    return isHadolintConfigFile(named) ? loadHadolintConfig(named, displayPath(cwd, named), cwd, true) : loadConfigFile(named);
  }
  const start = resolve(cwd, firstPath);
  let dir = start;
  try {
    if (!statSync(start).isDirectory()) dir = dirname(start);
  } catch {
    dir = dirname(start);
  }
  const file = findConfigFile(dir, cwd);
  if (file) return loadConfigFile(file);
  const hadolint = findHadolintConfig(dir, cwd);
  return hadolint ? loadHadolintConfig(hadolint, displayPath(cwd, hadolint), cwd) : emptyConfig(cwd);
}

function compileIgnore(config: Config): ((absolutePath: string) => boolean) | undefined {
  if (config.ignorePatterns.length === 0) return undefined;
  return (absolutePath) => {
    const rel = relative(config.baseDir, absolutePath).split(sep).join('/');
    // Paths outside the config's directory are not its business.
    return !rel.startsWith('..') && isIgnoredByConfig(config, rel);
  };
}

async function loadRules(config: Config, rules: readonly Rule[], allowPlugins = false): Promise<readonly Rule[]> {
  if (config.plugins.length === 0 || !allowPlugins) return rules;
  const { loadPlugins } = await import('./plugins.js');
  return [...rules, ...(await loadPlugins(config))];
}

/** Without the opt-in, one note names the plugins that were not loaded; the settings of their rule ids then apply to nothing. */
function pluginNotes(config: Config, allowPlugins: boolean | undefined, cwd: string): string[] {
  if (allowPlugins || config.plugins.length === 0) return [];
  // The names come from the repository's config: quoted, so that no control character reaches a terminal.
  const names = config.plugins.map((name) => JSON.stringify(name)).join(', ');
  const from = config.file ? ` (from ${JSON.stringify(displayPath(cwd, config.file))})` : '';
  return [`plugins not loaded: ${names}${from}; loading them runs the repository's code: pass --allow-plugins (Action input allow-plugins: true, API option allowPlugins: true) to load them`];
}
