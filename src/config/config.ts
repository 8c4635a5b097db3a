/**
 * Configuration: finding the config file, loading and validating it, and
 * answering what applies to one file (rule settings, ignore patterns, build
 * context).
 *
 * Start-up cost matters for a linter run on every commit, so validation uses the
 * standalone validator generated from schema/config.schema.json (no ajv at run
 * time), the YAML parser is only loaded when a YAML config is read, and
 * minimatch only when a config has globs.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Minimatch } from 'minimatch';
import { schema, validate as generatedValidate } from './config-schema-validator.js';
import { closestName, typoDistance } from '../engine/closest-name.js';
import { isInside, lintedTreeRoot, realpathOr, repositoryRoot } from '../discover/inside-tree.js';
import { describeFsError } from '../io/read-input.js';
import { parseYaml } from '../io/yaml.js';

export type Severity = 'error' | 'warning' | 'info';

/** The presets a config can start from (src/config/presets.ts). */
export const PRESETS = ['recommended', 'strict', 'hadolint'] as const;
export type PresetName = (typeof PRESETS)[number];
export type FailLevel = Severity | 'none';
export type RuleSetting = 'off' | Severity | readonly [Severity | 'off', Record<string, unknown>?];

export interface Config {
  /** Absolute path of the file it came from. */
  readonly file: string | undefined;
  /** Its directory (or cwd when none): globs and relative paths are relative to it. */
  readonly baseDir: string;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignorePatterns: readonly string[];
  readonly overrides: readonly { readonly files: readonly string[]; readonly rules: Readonly<Record<string, RuleSetting>> }[];
  readonly trustedRegistries: readonly string[];
  readonly plugins: readonly string[];
  readonly failLevel: FailLevel | undefined;
  /** The preset the rules start from (`"extends": "hadolint"`). */
  readonly extends?: PresetName;
  readonly context: Readonly<Record<string, string>>;
  /** Inline pragmas (`# dockerlint ignore=`, `# hadolint ignore=`, `# check=skip=`) are not honoured: the config decides alone. */
  readonly noInlineConfig?: boolean;
  /** One-line notes for the person running dockerlint (a hadolint config used, a key of it ignored). */
  readonly notes?: readonly string[];
  /** Output settings of a hadolint config, which the CLI applies (see hadolint-config.ts). */
  readonly hadolint?: HadolintSettings;
}

/** What hadolint's config adds to a Config: its output settings, which only the CLI uses. */
export interface HadolintSettings {
  /** `no-color: true`. */
  readonly noColor: boolean;
  /** `format` / `formats`: hadolint's format names, mapped by the CLI. */
  readonly formats: readonly string[];
}

/** A config file that cannot be used. The message is one line and names the file. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The names looked for in each directory, in order of precedence. */
export const CONFIG_FILE_NAMES = [
  '.dockerlintrc.json',
  '.dockerlintrc.yaml',
  '.dockerlintrc.yml',
  'dockerlint.config.json',
  'package.json',
] as const;

const PACKAGE_JSON_KEY = 'dockerlint';

export function emptyConfig(cwd: string): Config {
  return {
    file: undefined,
    baseDir: resolve(cwd),
    rules: {},
    ignorePatterns: [],
    overrides: [],
    trustedRegistries: [],
    plugins: [],
    failLevel: undefined,
    context: {},
  };
}

/**
 * The config file that applies to files in `startDir`: the nearest directory upward that has one,
 * never above the linted tree's root (see lintedTreeRoot): the repository root, the directory
 * holding `.git` (a directory or, in worktrees and submodules, a file); outside any repository
 * `cwd` when `startDir` is inside it, else `startDir` itself.
 */
export function findConfigFile(startDir: string, cwd: string = process.cwd()): string | undefined {
  const start = resolve(startDir);
  const stop = lintedTreeRoot(start, cwd);
  let realStop: string | undefined;
  for (let dir = start; ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      if (!isFile(file)) continue;
      // A config linked out of the tree could be any file on the machine, and messages about a bad config quote it.
      realStop ??= realpathOr(stop);
      if (!isInside(realpathOr(file), realStop)) {
        throw new ConfigError(`${displayPath(file)}: is a symlink to a file outside ${displayPath(stop) || '.'}: not read (name a config with --config)`, file);
      }
      // A package.json is a config file only if it has our key; otherwise keep looking upward.
      if (name === 'package.json' && !hasPackageJsonKey(file)) continue;
      return file;
    }
    if (dir === stop || dirname(dir) === dir) return undefined;
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function hasPackageJsonKey(file: string): boolean {
  try {
    const data: unknown = JSON.parse(stripBom(readFileSync(file, 'utf8')));
    return isPlainObject(data) && PACKAGE_JSON_KEY in data;
  } catch {
    // A broken package.json is npm's problem, not a reason to stop looking for ours.
    return false;
  }
}

/** Reads, parses and validates a config file. Throws ConfigError. */
export function loadConfigFile(file: string): Config {
  const absolute = resolve(file);
  const shown = displayPath(absolute);
  let text: string;
  try {
    text = stripBom(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${shown}: cannot read: ${describeFsError(error)}`, absolute);
  }

  let data = parseConfigText(text, absolute, shown);
  // Pointers in messages are into the file as written, so package.json's start at the key.
  let pointerPrefix = '';
  if (basename(absolute) === 'package.json') {
    if (!isPlainObject(data) || !(PACKAGE_JSON_KEY in data)) {
      throw new ConfigError(`${shown}: has no "${PACKAGE_JSON_KEY}" key`, absolute);
    }
    data = data[PACKAGE_JSON_KEY];
    pointerPrefix = `/${PACKAGE_JSON_KEY}`;
  }
  // An empty YAML file parses to null: treat it as an empty config.
  if (data === null && isYamlFile(absolute)) data = {};

  if (!validate(data)) {
    throw new ConfigError(`${shown}: ${describeSchemaErrors(validate.errors ?? [], data, pointerPrefix)}`, absolute);
  }
  const config = toConfig(absolute, data as RawConfig);
  checkContextsInsideRepository(config, shown);
  return config;
}

/**
 * A config comes from the repository it lints, so its `context` directories must stay inside that
 * repository (or, outside any repository, inside the config's directory): a context of `/` would
 * make every file on the machine part of the "build context" that dockerlint reads and quotes.
 */
function checkContextsInsideRepository(config: Config, shown: string): void {
  const root = repositoryRoot(config.baseDir) ?? config.baseDir;
  const realRoot = realpathOr(root);
  for (const [glob, dir] of Object.entries(config.context)) {
    const target = resolve(config.baseDir, dir);
    if (isInside(target, root) && isInside(realpathOr(target), realRoot)) continue;
    throw new ConfigError(
      `${shown}: context ${JSON.stringify(glob)} is ${JSON.stringify(dir)}, outside ${root}: a build context must be inside the repository`,
      config.file,
    );
  }
}

function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

function parseConfigText(text: string, file: string, shown: string): unknown {
  if (isYamlFile(file)) return parseYamlConfig(text, file, shown);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${shown}: invalid JSON${describeJsonError(text, (error as Error).message)}`, file);
  }
}

/** ` at line L, column C: what` from V8's "... in JSON at position N" messages. */
function describeJsonError(text: string, message: string): string {
  const what = message
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/,? in JSON at position \d+$/, '')
    .replace(/^JSON\.parse: /, '');
  const position = /at position (\d+)/.exec(message);
  if (!position) return `: ${what}`;
  const { line, column } = lineAndColumn(text, Number(position[1]));
  return ` at line ${line}, column ${column}: ${what}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastNewline };
}

function parseYamlConfig(text: string, file: string, shown: string): unknown {
  const parsed = parseYaml(text);
  if ('error' in parsed) throw new ConfigError(`${shown}: ${parsed.error}`, file);
  return parsed.value;
}

/** The config file as validated against the schema. */
interface RawConfig {
  rules?: Record<string, RuleSetting>;
  ignorePatterns?: string[];
  overrides?: { files: string[]; rules?: Record<string, RuleSetting> }[];
  trustedRegistries?: string[];
  plugins?: string[];
  failLevel?: FailLevel;
  extends?: PresetName;
  context?: Record<string, string>;
  noInlineConfig?: boolean;
}

function toConfig(file: string, raw: RawConfig): Config {
  return {
    file,
    baseDir: dirname(file),
    rules: raw.rules ?? {},
    ignorePatterns: raw.ignorePatterns ?? [],
    overrides: (raw.overrides ?? []).map((o) => ({ files: o.files, rules: o.rules ?? {} })),
    trustedRegistries: raw.trustedRegistries ?? [],
    plugins: raw.plugins ?? [],
    failLevel: raw.failLevel,
    ...(raw.extends ? { extends: raw.extends } : {}),
    context: raw.context ?? {},
    ...(raw.noInlineConfig ? { noInlineConfig: true } : {}),
  };
}

// ---------------------------------------------------------------------------
// Schema error messages

interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  propertyName?: string;
}

/** The generated validator is untyped (@ts-nocheck); this is ajv's ValidateFunction contract. */
const validate = generatedValidate as unknown as { (data: unknown): boolean; errors?: SchemaError[] | null };

/** Keywords whose errors only repeat what the errors of their branches say. */
const SUMMARY_KEYWORDS = new Set(['if', 'anyOf', 'oneOf', 'propertyNames']);

/** One line: the first problem, said plainly, and how many more there are. */
function describeSchemaErrors(errors: readonly SchemaError[], data: unknown, pointerPrefix: string): string {
  const relevant = errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  // A misspelt key explains the other errors it causes (a missing required key), so it goes first.
  const ordered = [
    ...relevant.filter((e) => e.keyword === 'additionalProperties'),
    ...relevant.filter((e) => e.keyword !== 'additionalProperties'),
  ];
  // Several keywords can say the same thing (maxItems and additionalItems of a tuple).
  const messages = [...new Set(ordered.map((e) => describeSchemaError(e, data, pointerPrefix)))];
  const first = messages[0];
  if (first === undefined) return 'is not a valid configuration';
  const more = messages.length - 1;
  return more > 0 ? `${first} (and ${more} more problem${more === 1 ? '' : 's'})` : first;
}

function describeSchemaError(error: SchemaError, data: unknown, pointerPrefix: string): string {
  const pointer = pointerPrefix + error.instancePath;
  const subject = pointer === '' ? 'the configuration' : pointer;
  // "unknown key" reads better without a subject at the top level.
  const where = pointer === '' ? '' : `${pointer} `;
  const value = valueAt(data, error.instancePath);
  const got = ` (got ${describeValue(value)})`;
  const p = error.params;
  switch (error.keyword) {
    case 'enum':
      return `${subject} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'type':
      return `${subject} must be ${withArticle(String(p.type))}${got}`;
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const suggestion = closestKey(key, allowedKeys(error));
      const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
      return pointer === '' ? `unknown key \`${key}\`${hint}` : `${where}has unknown key \`${key}\`${hint}`;
    }
    case 'required':
      return `${where}is missing the required key \`${String(p.missingProperty)}\``.trimStart();
    case 'minItems':
      return p.limit === 1 ? `${subject} must not be empty` : `${subject} must have at least ${String(p.limit)} items`;
    case 'maxItems':
    case 'additionalItems':
      return `${subject} must have at most ${String(p.limit)} items`;
    case 'pattern': {
      const description = patternDescription(error);
      if (error.propertyName !== undefined) {
        return `${where}has an invalid key ${JSON.stringify(error.propertyName)}: expected ${description}`.trimStart();
      }
      return `${subject} must be ${description}${got}`;
    }
    default:
      return `${subject} ${error.message ?? 'is invalid'}`;
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The value at a JSON pointer (RFC 6901), or undefined. */
function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let value: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The schema node an error's schemaPath (`#/a/b/keyword`) belongs to. ajv gives
 * paths inside a $ref'd definition relative to that definition, so each
 * definition is tried as a base too; the node must have the error's keyword.
 */
function schemaNodeFor(error: SchemaError): Record<string, unknown> | undefined {
  const parts = error.schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1);
  const definitions: Record<string, unknown> = schema.definitions;
  for (const base of [schema, ...Object.values(definitions)]) {
    const node = resolveSchemaPath(base, parts);
    if (node && error.keyword in node) return node;
  }
  return undefined;
}

function resolveSchemaPath(base: unknown, parts: readonly string[]): Record<string, unknown> | undefined {
  let node: unknown = base;
  for (const part of parts) {
    if (!isPlainObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isPlainObject(node) ? node : undefined;
}

function allowedKeys(error: SchemaError): string[] {
  const properties = schemaNodeFor(error)?.properties;
  return isPlainObject(properties) ? Object.keys(properties) : [];
}

function patternDescription(error: SchemaError): string {
  // `\S` patterns only exist to reject blank strings.
  if (error.params.pattern === '\\S') return 'a non-blank string';
  const description = schemaNodeFor(error)?.description;
  if (typeof description !== 'string') return `a string matching ${String(error.params.pattern)}`;
  return description.charAt(0).toLowerCase() + description.slice(1).replace(/\.$/, '');
}

/** The allowed key nearest to a misspelt one, if it is near enough to be a likely typo. */
function closestKey(key: string, candidates: readonly string[]): string | undefined {
  return closestName(key, candidates, typoDistance(key));
}

// ---------------------------------------------------------------------------
// What applies to one file

/**
 * A gitignore-style pattern: without a slash it matches at any depth; a trailing
 * slash matches directories only; a leading "!" re-includes; a path matches if
 * it or one of its parent directories does (so `build` covers `build/x/Dockerfile`).
 * The same matching serves ignorePatterns, overrides' `files` and `context` keys.
 */
interface Pattern {
  readonly matcher: Minimatch;
  readonly negated: boolean;
  readonly directoryOnly: boolean;
}

interface CompiledConfig {
  readonly ignore: readonly Pattern[];
  readonly overrides: readonly (readonly Pattern[])[];
  readonly context: readonly { readonly patterns: readonly Pattern[]; readonly dir: string }[];
}

// Keyed by the Config object so that configs built by hand (tests, API users) work too.
const compiled = new WeakMap<Config, CompiledConfig>();

function compiledConfig(config: Config): CompiledConfig {
  let result = compiled.get(config);
  if (!result) {
    result = {
      ignore: config.ignorePatterns.map(compilePattern),
      overrides: config.overrides.map((o) => o.files.map(compilePattern)),
      context: Object.entries(config.context).map(([glob, dir]) => ({
        patterns: [compilePattern(glob)],
        dir: resolve(config.baseDir, dir),
      })),
    };
    compiled.set(config, result);
  }
  return result;
}

function compilePattern(glob: string): Pattern {
  let pattern = glob.trim();
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1);
  pattern = pattern.replace(/^\.\//, '');
  const directoryOnly = pattern.endsWith('/');
  pattern = pattern.replace(/\/+$/, '');
  // As in .gitignore, only a slash before the end anchors a pattern to the base directory.
  if (pattern.includes('/')) pattern = pattern.replace(/^\/+/, '');
  else pattern = `**/${pattern}`;
  return { matcher: new (minimatch().Minimatch)(pattern, { dot: true }), negated, directoryOnly };
}

let minimatchModule: typeof import('minimatch') | undefined;
let loadMinimatch = () => createRequire(import.meta.url)('minimatch') as typeof import('minimatch');

/** The bundles in dist/ bundle minimatch and hand over how to load it here: they have no node_modules to require it from. */
export function useEmbeddedMinimatch(load: () => typeof import('minimatch')): void {
  loadMinimatch = load;
}

function minimatch(): typeof import('minimatch') {
  // Loaded on demand (~10 ms to import): most configs have no globs.
  minimatchModule ??= loadMinimatch();
  return minimatchModule;
}

/** A path relative to the base directory, split into segments; undefined if it leaves the base directory. */
interface RelativePath {
  readonly path: string;
  readonly isDirectory: boolean;
  readonly ancestors: readonly string[];
}

function splitRelativePath(relativePath: string): RelativePath | undefined {
  const isDirectory = relativePath.endsWith('/');
  const segments = relativePath.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments[0] === '..' || isAbsolute(relativePath)) return undefined;
  const ancestors: string[] = [];
  for (let i = 1; i < segments.length; i++) ancestors.push(segments.slice(0, i).join('/'));
  return { path: segments.join('/'), isDirectory, ancestors };
}

/**
 * Gitignore semantics: a path under a matched directory is matched whatever
 * the later patterns say (git cannot re-include a file whose parent directory
 * is excluded); otherwise the last pattern that matches the path decides.
 */
function matchesPatterns(patterns: readonly Pattern[], target: RelativePath | undefined): boolean {
  if (!target || patterns.length === 0) return false;
  if (target.ancestors.some((dir) => lastMatchDecides(patterns, dir, true))) return true;
  return lastMatchDecides(patterns, target.path, target.isDirectory);
}

function lastMatchDecides(patterns: readonly Pattern[], path: string, isDirectory: boolean): boolean {
  let matched = false;
  for (const pattern of patterns) {
    // Only a pattern that would change the outcome needs to be tried.
    if (pattern.negated !== matched) continue;
    if (pattern.directoryOnly && !isDirectory) continue;
    if (pattern.matcher.match(path)) matched = !pattern.negated;
  }
  return matched;
}

/**
 * The rule settings that apply to one file: `rules`, then each override whose
 * `files` match (later wins). `relativePath` is relative to config.baseDir with
 * '/' separators.
 */
export function rulesForFile(config: Config, relativePath: string): Record<string, RuleSetting> {
  const result: Record<string, RuleSetting> = { ...config.rules };
  const { overrides } = compiledConfig(config);
  const target = splitRelativePath(relativePath);
  config.overrides.forEach((override, index) => {
    if (!matchesPatterns(overrides[index], target)) return;
    for (const [id, setting] of Object.entries(override.rules)) result[id] = mergeSetting(result[id], setting);
  });
  return result;
}

/**
 * As in ESLint, an override that only changes a rule's severity keeps the
 * options set before it; one that gives options replaces them.
 */
function mergeSetting(before: RuleSetting | undefined, after: RuleSetting): RuleSetting {
  if (typeof after === 'string' && after !== 'off' && Array.isArray(before) && before[1] !== undefined) {
    return [after, before[1]];
  }
  return after;
}

/**
 * Whether a path (relative to baseDir, '/' separators) is excluded by
 * ignorePatterns. A trailing '/' marks a directory, which patterns like `build/`
 * need to match the directory itself.
 */
export function isIgnoredByConfig(config: Config, relativePath: string): boolean {
  if (config.ignorePatterns.length === 0) return false;
  return matchesPatterns(compiledConfig(config).ignore, splitRelativePath(relativePath));
}

/**
 * The build context directory (absolute) configured for a Dockerfile by the
 * `context` key: the first glob that matches wins. Undefined when none does (the
 * context is then the Dockerfile's own directory).
 */
export function contextForFile(config: Config, relativePath: string): string | undefined {
  const target = splitRelativePath(relativePath);
  return compiledConfig(config).context.find((c) => matchesPatterns(c.patterns, target))?.dir;
}

// ---------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Relative to the working directory when inside it, as people typed it; absolute otherwise. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

