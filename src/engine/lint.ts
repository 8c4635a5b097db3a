/**
 * The engine: files in, findings out. Discovers the files, parses each one
 * once, adds the requirements files that Dockerfiles and includes reach, runs
 * every enabled rule over the models, then applies config severities and
 * inline suppressions and sorts the result.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseDockerfile, type DockerfileModel } from '../model/dockerfile.js';
import { parseRequirements, type RequirementsModel } from '../model/requirements.js';
import { parseDockerignore, type DockerignoreModel } from '../model/dockerignore.js';
import { createBuildContext, type BuildContext } from '../model/context.js';
import { loadShellParser } from '../model/shell-parser.js';
import { requirementsReferencedBy } from '../model/packages.js';
import { discover, kindFromContent, kindFromName, type DiscoveredFile } from '../discover/discover.js';
import { contextForFile, emptyConfig, findConfigFile, isIgnoredByConfig, loadConfigFile, rulesForFile, type Config, type RuleSetting } from '../config/config.js';
import type { FileKind, LintSettings, Project, Rule, RuleContext, Severity } from './rule.js';
import { summarize, type FileResult, type Finding, type LintResult } from './finding.js';
import { dockerfileSuppressions, lineSuppressions, type Suppressions } from './suppressions.js';
import { docsUrl } from './docs-url.js';
import { lintInWorkers, workerCount } from './parallel.js';

export interface LintOptions {
  /** Paths are reported relative to this directory (default: process.cwd()). */
  readonly cwd?: string;
  /** A config file to use; `false` for none; a loaded Config; undefined to search upward from the first path. */
  readonly config?: string | false | Config;
  /** Settings that win over the config file's (`--rule ID=SEVERITY`). */
  readonly ruleSettings?: Readonly<Record<string, RuleSetting>>;
  /** The kind of explicitly named files whose name says nothing (`--kind`). */
  readonly kind?: FileKind;
  /** The rules to run; default: the built-in rules and the config's plugins. */
  readonly rules?: readonly Rule[];
}

export class InputError extends Error {}

/** Files larger than this are reported and skipped: no real Dockerfile or requirements file is this big. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

interface ParsedFile {
  readonly discovered: DiscoveredFile;
  readonly model: DockerfileModel | RequirementsModel | DockerignoreModel | undefined;
  readonly skipped?: string;
  readonly lines: readonly string[];
}

export async function lint(paths: readonly string[], options: LintOptions = {}): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = resolveConfig(options.config, cwd, paths[0] ?? '.');
  const rules = options.rules ?? (await loadRules(config));
  const ignore = compileIgnore(config);
  const found = await discover(paths.length > 0 ? paths : ['.'], { cwd, kind: options.kind, isIgnored: ignore });
  // A path the user named that is missing stops the run; a folder deep in a walk that cannot be read is a note.
  const named = new Set((paths.length > 0 ? paths : ['.']).map((p) => resolve(cwd, p)));
  const fatal = found.errors.find((e) => named.has(resolve(cwd, e.path)));
  if (fatal) throw new InputError(`${displayPath(cwd, resolve(cwd, fatal.path))}: ${fatal.message}`);
  const walkNotes = found.errors.map((e) => `${displayPath(cwd, resolve(cwd, e.path))}: ${e.message}`);
  const workers = options.rules === undefined ? workerCount(found.files.length) : 1;
  const result =
    workers > 1
      ? { ...(await lintInWorkers(found.files, { ...options, cwd, config }, workers)), rules }
      : await lintDiscovered(found.files, { ...options, cwd, config, rules });
  return walkNotes.length > 0 ? { ...result, notes: [...walkNotes, ...result.notes] } : result;
}

/** Lints files already discovered, in this thread. Worker threads call it with their share. */
export async function lintDiscovered(
  discovered: readonly DiscoveredFile[],
  options: LintOptions & { readonly cwd: string; readonly config: Config },
): Promise<LintResult> {
  const rules = options.rules ?? (await loadRules(options.config));
  return run(discovered.map((d) => readAndParse(d)), rules, options.config, options, options.cwd);
}

/** Lints text that is not on disk (an editor buffer, standard input). */
export async function lintText(
  text: string,
  options: LintOptions & { readonly filename?: string } = {},
): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const filename = resolve(cwd, options.filename ?? 'Dockerfile');
  const config = resolveConfig(options.config, cwd, dirname(filename));
  const rules = options.rules ?? (await loadRules(config));
  const kind = options.kind ?? kindFromName(relative(cwd, filename).split(sep).join('/')) ?? kindFromContent(text);
  const discovered: DiscoveredFile = { path: filename, kind, explicit: true };
  return run([parseText(discovered, text)], rules, config, options, cwd);
}

async function run(
  files: ParsedFile[],
  rules: readonly Rule[],
  config: Config,
  options: LintOptions,
  cwd: string,
): Promise<LintResult> {
  const notes = new Set<string>();
  if (files.some((f) => f.model?.kind === 'dockerfile' || (f.skipped === undefined && f.discovered.kind === 'dockerfile'))) {
    await loadShellParser();
  }
  const project = new ProjectFiles(config, files);
  project.addReachedRequirements();
  const settings: LintSettings = { trustedRegistries: config.trustedRegistries };
  const buildKitAliases = new Set(rules.flatMap((r) => r.meta.aliases.filter(isBuildKitCode)));
  const results: FileResult[] = [];
  for (const file of project.files) {
    const path = displayPath(cwd, file.discovered.path);
    if (!file.model) {
      results.push({ path, absolutePath: file.discovered.path, kind: file.discovered.kind, findings: [], skipped: file.skipped, lines: [] });
      continue;
    }
    const relToConfig = relative(config.baseDir, file.discovered.path).split(sep).join('/');
    const ruleSettings = { ...rulesForFile(config, relToConfig), ...options.ruleSettings };
    const findings = checkFile(file.model, path, rules, ruleSettings, settings, project, notes);
    const suppressions = suppressionsFor(file.model, (code) => buildKitAliases.has(code));
    results.push({
      path,
      absolutePath: file.discovered.path,
      kind: file.model.kind,
      findings: findings.filter((f) => !suppressions.isSuppressed(f)).sort(compareFindings),
      lines: file.lines,
    });
  }
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: results, summary: summarize(results), notes: [...notes], rules, failLevel: config.failLevel };
}

function checkFile(
  model: DockerfileModel | RequirementsModel | DockerignoreModel,
  path: string,
  rules: readonly Rule[],
  ruleSettings: Readonly<Record<string, RuleSetting>>,
  settings: LintSettings,
  project: Project,
  notes: Set<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const check =
      model.kind === 'dockerfile' ? rule.checkDockerfile : model.kind === 'requirements' ? rule.checkRequirements : rule.checkDockerignore;
    if (!check) continue;
    const own = ruleSettings[rule.meta.id];
    if (settingSeverity(own) === 'off') continue;
    const meta = rule.meta;
    const context: RuleContext = {
      options: ruleOptions(rule, own),
      settings,
      project,
      note(text) {
        notes.add(text);
      },
      report(report) {
        const aliases = report.aliases ?? meta.aliases;
        let severity: Severity | 'off' = report.severity ?? meta.severity;
        const fromOwn = settingSeverity(own);
        if (fromOwn) severity = fromOwn;
        for (const alias of aliases) {
          const fromAlias = settingSeverity(ruleSettings[alias]);
          if (fromAlias) severity = fromAlias;
        }
        if (severity === 'off') return;
        findings.push({
          rule: meta.id,
          aliases,
          severity,
          category: meta.category,
          message: report.message,
          path,
          range: report.range,
          docs: docsUrl(meta.id),
        });
      },
    };
    try {
      check.call(rule, model as never, context);
    } catch (error) {
      notes.add(`internal error: rule ${meta.id} failed on ${path}: ${(error as Error).message}`);
    }
  }
  return findings;
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

function suppressionsFor(model: DockerfileModel | RequirementsModel | DockerignoreModel, isBuildKit: (code: string) => boolean): Suppressions {
  if (model.kind === 'dockerfile') return dockerfileSuppressions(model, isBuildKit);
  return lineSuppressions(model.lines, model.kind === 'requirements');
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** BuildKit check names are CamelCase words; peer codes of other tools have digits. */
function isBuildKitCode(code: string): boolean {
  return /^[A-Z][a-zA-Z]+$/.test(code);
}

function resolveConfig(option: LintOptions['config'], cwd: string, firstPath: string): Config {
  if (option === false) return emptyConfig(cwd);
  if (typeof option === 'object') return option;
  if (typeof option === 'string') return loadConfigFile(resolve(cwd, option));
  const start = resolve(cwd, firstPath);
  let dir = start;
  try {
    if (!statSync(start).isDirectory()) dir = dirname(start);
  } catch {
    dir = dirname(start);
  }
  const file = findConfigFile(dir);
  return file ? loadConfigFile(file) : emptyConfig(cwd);
}

function compileIgnore(config: Config): ((absolutePath: string) => boolean) | undefined {
  if (config.ignorePatterns.length === 0) return undefined;
  return (absolutePath) => {
    const rel = relative(config.baseDir, absolutePath).split(sep).join('/');
    // Paths outside the config's directory are not its business.
    return !rel.startsWith('..') && isIgnoredByConfig(config, rel);
  };
}

async function loadRules(config: Config): Promise<readonly Rule[]> {
  const { rules } = await import('../../rules/index.js');
  if (config.plugins.length === 0) return rules;
  const { loadPlugins } = await import('./plugins.js');
  return [...rules, ...(await loadPlugins(config))];
}

export function displayPath(cwd: string, absolutePath: string): string {
  const rel = relative(cwd, absolutePath);
  const path = rel === '' ? basename(absolutePath) : rel.startsWith('..') && isAbsolute(absolutePath) && rel.split(sep).length > 6 ? absolutePath : rel;
  return path.split(sep).join('/');
}

function readAndParse(discovered: DiscoveredFile): ParsedFile {
  let size: number;
  try {
    size = statSync(discovered.path).size;
  } catch (error) {
    return { discovered, model: undefined, skipped: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, lines: [] };
  }
  if (size > MAX_FILE_BYTES) {
    return { discovered, model: undefined, skipped: `skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`, lines: [] };
  }
  let buffer: Buffer;
  try {
    buffer = readFileSync(discovered.path);
  } catch (error) {
    return { discovered, model: undefined, skipped: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, lines: [] };
  }
  if (buffer.subarray(0, 8000).includes(0)) {
    return { discovered, model: undefined, skipped: 'skipped: binary file', lines: [] };
  }
  return parseText(discovered, buffer.toString('utf8'));
}

function parseText(discovered: DiscoveredFile, text: string): ParsedFile {
  const model =
    discovered.kind === 'dockerfile'
      ? parseDockerfile(text, discovered.path)
      : discovered.kind === 'requirements'
        ? parseRequirements(text, discovered.path)
        : parseDockerignore(text, discovered.path);
  return { discovered, model, lines: model.lines };
}

/**
 * The files of one lint run, and the build contexts and requirements files
 * that rules reach through them. Requirements files are parsed once, whether
 * they were discovered or reached from a Dockerfile or an include.
 */
class ProjectFiles implements Project {
  readonly files: ParsedFile[];
  private readonly byPath = new Map<string, ParsedFile>();
  private readonly contexts = new Map<string, BuildContext>();
  private readonly dockerignores = new Map<string, DockerignoreModel | undefined>();

  constructor(
    private readonly config: Config,
    files: ParsedFile[],
  ) {
    this.files = files;
    for (const file of files) this.byPath.set(file.discovered.path, file);
  }

  contextOf(dockerfile: DockerfileModel): BuildContext {
    const path = dockerfile.path;
    const rel = relative(this.config.baseDir, path).split(sep).join('/');
    const root = (!rel.startsWith('..') && contextForFile(this.config, rel)) || dirname(path);
    // BuildKit reads `<Dockerfile name>.dockerignore` beside the Dockerfile before the context's `.dockerignore`.
    const specific = `${path}.dockerignore`;
    const ignorePath = this.exists(specific) ? specific : join(root, '.dockerignore');
    const key = `${root}\0${ignorePath}`;
    let context = this.contexts.get(key);
    if (!context) {
      context = createBuildContext(root, this.dockerignore(ignorePath));
      this.contexts.set(key, context);
    }
    return context;
  }

  requirementsFile(context: BuildContext, relativePath: string): RequirementsModel | undefined {
    const path = resolve(context.root, relativePath);
    return this.requirementsAt(path);
  }

  /** Adds the requirements files reached by `pip install -r` in Dockerfiles and by `-r`/`-c` includes, until none is new. */
  addReachedRequirements(): void {
    const queue: string[] = [];
    for (const file of this.files) {
      const model = file.model;
      if (model?.kind === 'dockerfile') {
        const context = this.contextOf(model);
        for (const rel of requirementsReferencedBy(model, context)) queue.push(resolve(context.root, rel));
      } else if (model?.kind === 'requirements') {
        for (const include of model.includes) queue.push(resolve(dirname(model.path), include.path));
      }
    }
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (this.byPath.has(path) || path.includes('$')) continue;
      const model = this.requirementsAt(path);
      if (!model) continue;
      for (const include of model.includes) queue.push(resolve(dirname(path), include.path));
    }
  }

  private requirementsAt(path: string): RequirementsModel | undefined {
    const known = this.byPath.get(path);
    if (known) return known.model?.kind === 'requirements' ? known.model : undefined;
    if (!this.exists(path)) return undefined;
    const file = readAndParse({ path, kind: 'requirements', explicit: false });
    this.byPath.set(path, file);
    this.files.push(file);
    return file.model?.kind === 'requirements' ? file.model : undefined;
  }

  private dockerignore(path: string): DockerignoreModel | undefined {
    if (this.dockerignores.has(path)) return this.dockerignores.get(path);
    const file = this.byPath.get(path);
    let model: DockerignoreModel | undefined;
    if (file) model = file.model?.kind === 'dockerignore' ? file.model : undefined;
    else if (this.exists(path)) {
      try {
        model = parseDockerignore(readFileSync(path, 'utf8'), path);
      } catch {
        model = undefined;
      }
    }
    this.dockerignores.set(path, model);
    return model;
  }

  private exists(path: string): boolean {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  }
}
