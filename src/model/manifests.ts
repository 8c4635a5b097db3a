/**
 * Python dependency manifests beyond requirements files: `pyproject.toml` (PEP 621 `[project]`, PEP 735
 * `[dependency-groups]`, Poetry's `[tool.poetry]`), `Pipfile`, and conda's `environment.yml`. Each is read into
 * one shape, `DependencyManifest`, whose `dependencies` keep the exact position of each name and version, so
 * that rules report on the manifest itself. Requirement strings (PEP 508) are read by the requirements
 * parser (src/model/requirements.ts), not a second one. TOML is read with toml-eslint-parser, which keeps the
 * position of every value; YAML with the `yaml` package's document API for the same reason.
 */
import { parseTOML, type AST } from 'toml-eslint-parser';
import { normalizePackageName, parseRequirements, type RequirementEntry, type RequirementInclude, type RequirementOption, type RequirementsModel } from './requirements.js';
import { linesOf, TextOffsets, type Range } from './position.js';
import { parseYamlDocument, type YamlNode } from '../io/yaml.js';

export type ManifestKind = 'pyproject' | 'pipfile' | 'conda-environment';

/** Where in its manifest a dependency is declared: which of the parts an install can select. */
export type DependencySection =
  | 'requirements'
  /** `[project] dependencies`. */
  | 'project'
  /** `[project.optional-dependencies]`: `extra` names the extra. */
  | 'optional'
  /** `[dependency-groups]` (PEP 735): `group` names the group. */
  | 'dependency-group'
  /** `[tool.poetry.dependencies]`; `[tool.poetry.group.<g>.dependencies]` with `group`. */
  | 'poetry'
  /** Pipfile `[packages]`; `[dev-packages]` has `group: 'dev'`. */
  | 'pipfile'
  /** conda `dependencies:`, a conda package spec. */
  | 'conda'
  /** conda `dependencies: - pip: [...]`, pip requirement syntax. */
  | 'conda-pip';

/**
 * One dependency a manifest declares, in one shape whatever the manifest: the rules that check requirements files
 * (duplicates, local paths, editable installs, pins) read this, so that pyproject.toml, Pipfile and environment.yml
 * get the same checks where their formats say the same things.
 */
export interface DeclaredDependency {
  /** The manifest's path. */
  readonly file: string;
  /** The line the declaration starts on. */
  readonly line: number;
  /** As written; undefined for a URL or path without a name. */
  readonly name: string | undefined;
  /** PEP 503 normalized (conda names are compared the same way). */
  readonly normalizedName: string | undefined;
  readonly nameRange: Range | undefined;
  /** The version constraint as written (`>=2.0`, Poetry's `^1.2`, conda's `=1.26`), empty when none. */
  readonly specifier: string;
  readonly specifierRange: Range | undefined;
  /** The whole declaration: the string, or the `name = value` pair. */
  readonly range: Range;
  /** `requests[socks]`, Poetry's and Pipfile's `extras = [...]`. */
  readonly extras: readonly string[];
  /** The environment marker (`python_version < "3.12"`, Poetry's and Pipfile's `markers`), when any. */
  readonly marker: string | undefined;
  /** A URL or a local path the code comes from (`./lib`, `file:///...`, `git+https://...`, Poetry's `path`/`git`/`url`). */
  readonly url: string | undefined;
  /** `-e`, Poetry's `develop = true`, Pipfile's `editable = true`. */
  readonly editable: boolean;
  readonly section: DependencySection;
  /** The extra of `[project.optional-dependencies]`, or a Poetry dependency marked `optional = true`. */
  readonly extra?: string;
  /** The dependency group (PEP 735, Poetry group, Pipfile `dev`). */
  readonly group?: string;
  /** A conda package rather than a PyPI distribution. */
  readonly conda?: boolean;
  /** Installs one release only: an exact version, a local path, a VCS commit or tag. */
  readonly pinned: boolean;
  /** Why it is not pinned, in words, for messages (`allows newer compatible releases`). */
  readonly unpinnedReason?: string;
  /** Where it comes from when not an index: `path`, `git`, `url`. */
  readonly source?: 'path' | 'git' | 'url';
}

export interface ManifestError {
  readonly message: string;
  readonly range: Range;
  /** pip reads the line anyway, leaving this part out (an option it ignores on a requirement line); else the install stops. */
  readonly ignoredByPip?: boolean;
}

/** A package index or link location a manifest names (`--index-url https://...` in a requirements file or a conda `pip:` section). */
export interface IndexSetting {
  readonly option: '--index-url' | '--extra-index-url' | '--find-links';
  readonly url: string;
  /** The option's name; in a TOML file, the `url` key-value. */
  readonly range: Range;
  /** How the file writes it, for messages, when not pip's option syntax: `[[tool.uv.index]] url = "..."`. */
  readonly written?: string;
}

/** What every dependency manifest gives: its dependencies, and why it could not be read if it could not. */
export interface DependencyManifest {
  readonly kind: ManifestKind | 'requirements';
  readonly path: string;
  readonly lines: readonly string[];
  readonly dependencies: readonly DeclaredDependency[];
  /** Values that are not what the format wants there: a string that is not a PEP 508 requirement, a table for an array. */
  readonly errors: readonly ManifestError[];
  /**
   * The package indexes the file names: pip's options (requirements files, conda's `pip:` section), and in
   * pyproject.toml uv's `[[tool.uv.index]]` and Poetry's `[[tool.poetry.source]]` tables, as the option they stand for.
   */
  readonly indexSettings: readonly IndexSetting[];
  /** The file is not valid TOML/YAML: nothing else of it was read. */
  readonly syntaxError?: ManifestError;
}

/** A dependency as a parser finds it; `located` adds the file and line once the file is read. */
type Found = Omit<DeclaredDependency, 'file' | 'line'>;

function located(path: string, found: readonly Found[]): DeclaredDependency[] {
  return found.map((d) => ({ file: path, line: d.range.start.line, ...d }));
}

export interface PyprojectModel extends DependencyManifest {
  readonly kind: 'pyproject';
  readonly text: string;
  /** `[project] name`, normalized: the project's own distribution. */
  readonly projectName: string | undefined;
  /** Poetry groups declared `optional = true`: installed only when asked for (`--with`). */
  readonly optionalGroups: readonly string[];
  /** `[tool.uv] default-groups`, when set. */
  readonly defaultGroups: readonly string[] | undefined;
  /** A `[tool.poetry]` table is present: `poetry install` reads it. */
  readonly poetry: boolean;
}

export interface PipfileModel extends DependencyManifest {
  readonly kind: 'pipfile';
  readonly text: string;
}

export interface CondaEnvironmentModel extends DependencyManifest {
  readonly kind: 'conda-environment';
  readonly text: string;
  /** `-r file` lines of the `pip:` section: requirements files relative to the environment file. */
  readonly includes: readonly RequirementInclude[];
}

export type ManifestModel = PyprojectModel | PipfileModel | CondaEnvironmentModel;

/** The file names a walk takes for manifests (conda reads any name given with `-f`; these are its defaults). */
export function manifestKindOfName(name: string): ManifestKind | undefined {
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'Pipfile') return 'pipfile';
  if (name === 'environment.yml' || name === 'environment.yaml') return 'conda-environment';
  return undefined;
}


/**
 * A requirement string of a manifest (`"flask>=2.0; python_version<'3.12'"`), read by the requirements parser.
 * `contentStart` is the offset of the string's first character in the file when the string is written as it
 * reads (no escapes, one line); otherwise every range is the whole value's.
 */
function requirementString(value: string, offsets: TextOffsets, whole: Range, contentStart: number | undefined): { entry?: RequirementEntry; error?: string; errorRange?: Range; shift: (r: Range | undefined) => Range | undefined } {
  const parsed = parseRequirements(value, '<string>');
  const shift = (r: Range | undefined): Range | undefined => {
    if (!r) return undefined;
    if (contentStart === undefined || r.start.line !== 1 || r.end.line !== 1) return whole;
    return offsets.range(contentStart + r.start.column - 1, contentStart + r.end.column - 1);
  };
  const entry = parsed.entries[0];
  if (parsed.errors.length > 0) return { error: parsed.errors[0].message, errorRange: shift(parsed.errors[0].range), shift };
  if (!entry || parsed.entries.length > 1 || parsed.options.length > 0 || parsed.includes.length > 0) return { error: 'not a PEP 508 requirement', shift };
  // `-e` and `--hash` belong to requirements files; a PEP 508 string has neither.
  if (entry.editable || entry.hashes.length > 0) return { error: `${entry.editable ? '`-e`' : '`--hash`'} is an option of requirements files, not PEP 508`, shift };
  return { entry, shift };
}

function fromRequirement(entry: RequirementEntry, shift: (r: Range | undefined) => Range | undefined, whole: Range, section: DependencySection, extra?: string, group?: string): Found {
  return {
    name: entry.name,
    normalizedName: entry.normalizedName,
    nameRange: shift(entry.nameRange),
    specifier: entry.specifier,
    specifierRange: shift(entry.specifierRange),
    range: whole,
    extras: entry.extras,
    marker: entry.marker,
    url: entry.url,
    editable: entry.editable,
    section,
    ...(extra !== undefined ? { extra } : {}),
    ...(group !== undefined ? { group } : {}),
    pinned: entry.pinned,
    ...(entry.url !== undefined ? { source: /^(git|hg|svn|bzr)[+:]/.test(entry.url) ? ('git' as const) : ('url' as const) } : {}),
  };
}

/** The requirements model in the common shape: the one adapter other code needs to treat all manifests alike. */
export function requirementsManifest(model: RequirementsModel): DependencyManifest {
  const cached = adapted.get(model);
  if (cached) return cached;
  const manifest: DependencyManifest = {
    kind: 'requirements',
    path: model.path,
    lines: model.lines,
    dependencies: model.entries.map((entry) => ({ file: model.path, line: entry.line, ...fromRequirement(entry, (r) => r, entry.range, 'requirements') })),
    errors: model.errors,
    indexSettings: indexSettingsOf(model.options),
  };
  adapted.set(model, manifest);
  return manifest;
}

/** Each requirements model is adapted once, however many rules ask. */
const adapted = new WeakMap<RequirementsModel, DependencyManifest>();

function indexSettingsOf(options: readonly RequirementOption[]): IndexSetting[] {
  const settings: IndexSetting[] = [];
  for (const option of options) {
    if ((option.name === '--index-url' || option.name === '--extra-index-url' || option.name === '--find-links') && option.value !== undefined) {
      settings.push({ option: option.name, url: option.value, range: option.range });
    }
  }
  return settings;
}

/** The marker as a key: two dependencies with different markers apply to different environments. */
export function markerKey(marker: string | undefined): string {
  return (marker ?? '').replace(/\s+/g, '').replace(/"/g, "'");
}

/** A dependency installed from the local file system: a path (`./lib`, `.`, `/wheels/x.whl`) or a `file:` URL. */
export function localPathOf(dependency: DeclaredDependency): string | undefined {
  const url = dependency.url;
  if (url === undefined) return undefined;
  if (/^file:/i.test(url)) {
    // file:///abs, file://localhost/abs, file:/abs, file:relative (pip accepts all of them)
    const path = url.replace(/^file:(\/\/(localhost)?(?=\/))?/i, '').replace(/[#?].*$/, '');
    return decodeURIComponent(path.replace(/%(?![0-9a-f]{2})/gi, '%25'));
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url) ? undefined : url;
}

// ---------------------------------------------------------------------------------------------
// TOML: pyproject.toml and Pipfile.

type TomlValue = AST.TOMLContentNode;

/** Every key-value of the document by its full dotted path (`project.dependencies`), tables and dotted keys resolved. */
function tomlEntries(program: AST.TOMLProgram): Map<string, AST.TOMLKeyValue> {
  const found = new Map<string, AST.TOMLKeyValue>();
  const add = (prefix: readonly (string | number)[], pair: AST.TOMLKeyValue): void => {
    const path = [...prefix, ...pair.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value))];
    found.set(path.join('\0'), pair);
    if (pair.value.type === 'TOMLInlineTable') for (const inner of pair.value.body) add(path, inner);
  };
  for (const top of program.body[0]?.body ?? []) {
    if (top.type === 'TOMLKeyValue') add([], top);
    else for (const pair of top.body) add(top.resolvedKey, pair);
  }
  return found;
}

/** The names of the tables under `prefix` (`tool.poetry.group.dev.dependencies`), explicit or implied by a dotted key. */
function tomlTables(entries: Map<string, AST.TOMLKeyValue>, program: AST.TOMLProgram, prefix: string): Set<string> {
  const tables = new Set<string>();
  for (const top of program.body[0]?.body ?? []) {
    const name = top.type === 'TOMLTable' ? top.resolvedKey.join('\0') : '';
    if (name.startsWith(prefix)) tables.add(name);
  }
  for (const key of entries.keys()) {
    if (!key.startsWith(prefix)) continue;
    const parts = key.split('\0');
    for (let i = 1; i < parts.length; i++) tables.add(parts.slice(0, i).join('\0'));
  }
  return tables;
}

function parseTomlSafely(text: string, offsets: TextOffsets): { program?: AST.TOMLProgram; error?: ManifestError } {
  try {
    return { program: parseTOML(text) };
  } catch (error) {
    const e = error as { message?: string; lineNumber?: number; column?: number; index?: number };
    // A stack overflow is the parser's limit, not a syntax error: say so rather than echo it.
    const message = error instanceof RangeError ? 'nested too deeply to read' : String(e.message ?? error).split('\n')[0];
    const at = typeof e.index === 'number' ? offsets.position(Math.min(e.index, text.length)) : { line: e.lineNumber ?? 1, column: (e.column ?? 0) + 1 };
    return { error: { message: `invalid TOML: ${message}`, range: { start: at, end: at } } };
  }
}

function stringAt(value: TomlValue | undefined): AST.TOMLStringValue | undefined {
  return value?.type === 'TOMLValue' && value.kind === 'string' ? value : undefined;
}

/** Where the characters of a TOML string begin in the file, when they read as written (one line, no escapes). */
function tomlContentStart(node: AST.TOMLStringValue, text: string): number | undefined {
  if (node.multiline) return undefined;
  const start = node.range[0] + 1;
  return text.slice(start, node.range[1] - 1) === node.value ? start : undefined;
}

/** An array of PEP 508 strings (`[project] dependencies`, an extra, a dependency group). */
function requirementArray(value: TomlValue, text: string, offsets: TextOffsets, section: DependencySection, out: Found[], errors: ManifestError[], extra?: string, group?: string): void {
  if (value.type !== 'TOMLArray') {
    errors.push({ message: 'expected an array of requirement strings', range: offsets.range(value.range[0], value.range[1]) });
    return;
  }
  for (const element of value.elements) {
    const node = stringAt(element);
    // PEP 735's `{include-group = "..."}` tables name another group, not a package.
    if (!node) continue;
    const whole = offsets.range(node.range[0], node.range[1]);
    const { entry, error, errorRange, shift } = requirementString(node.value, offsets, whole, tomlContentStart(node, text));
    if (entry) out.push(fromRequirement(entry, shift, whole, section, extra, group));
    else errors.push({ message: `${JSON.stringify(node.value)} is not a valid requirement: ${error}`, range: errorRange ?? whole });
  }
}

const EXACT_PEP440 = /^\s*===?\s*[^\s,*;]+\s*$/;
/** Poetry: a bare version is exact (`1.2.3`), as is `==1.2.3`; `^`, `~`, `*`, ranges and wildcards are not. */
const EXACT_POETRY = /^\s*(?:===?\s*)?v?\d[^\s,*^~<>=!|]*\s*$/;

function specifierReason(specifier: string): string {
  const s = specifier.trim();
  if (s === '' || s === '*') return 'allows any release';
  if (s.startsWith('^') || s.startsWith('~') || s.includes('~=')) return 'allows newer compatible releases';
  if (s.includes('*')) return 'allows any release that matches the wildcard';
  if (/[<]/.test(s) && />/.test(s)) return 'allows a range of releases';
  if (s.includes('>')) return 'allows any newer release';
  if (s.includes('<')) return 'allows any release below the bound';
  return 'does not pin one release';
}

/**
 * A `name = value` dependency of Poetry or a Pipfile: a version string (`"^1.2"`, `"*"`, `"==1.2"`) or a table
 * (`{version = "...", extras = [...]}`, `{path = "..."}`, `{git = "...", rev = "..."}`, `{url = "..."}`, `{file = "..."}`).
 */
function namedDependency(pair: AST.TOMLKeyValue, text: string, offsets: TextOffsets, section: DependencySection, exact: RegExp, group?: string): Found | undefined {
  const keyNode = pair.key.keys[pair.key.keys.length - 1];
  const name = keyNode.type === 'TOMLBare' ? keyNode.name : keyNode.value;
  const nameRange = offsets.range(keyNode.range[0], keyNode.range[1]);
  const whole = offsets.range(pair.range[0], pair.range[1]);
  const field = (key: string) => pair.value.type === 'TOMLInlineTable' ? pair.value.body.find((kv) => kv.key.keys.length === 1 && keyName(kv.key.keys[0]) === key)?.value : undefined;
  const extrasField = field('extras');
  const extras = extrasField?.type === 'TOMLArray' ? extrasField.elements.flatMap((e) => (stringAt(e) ? [stringAt(e)!.value] : [])) : [];
  const flag = (key: string) => {
    const value = field(key);
    return value?.type === 'TOMLValue' && value.kind === 'boolean' && value.value;
  };
  const source = stringAt(field('path')) ?? stringAt(field('file')) ?? stringAt(field('git')) ?? stringAt(field('url'));
  const base = {
    name,
    normalizedName: normalizePackageName(name),
    nameRange,
    range: whole,
    section,
    ...(group !== undefined ? { group } : {}),
    extras,
    marker: stringAt(field('markers'))?.value,
    url: source?.value,
    // Poetry says `develop`, Pipfile `editable`.
    editable: flag('develop') || flag('editable'),
  };
  const versionOf = (node: AST.TOMLStringValue): Found => {
    const pinned = exact.test(node.value);
    return {
      ...base,
      specifier: node.value,
      specifierRange: offsets.range(node.range[0], node.range[1]),
      pinned,
      ...(pinned ? {} : { unpinnedReason: specifierReason(node.value) }),
    };
  };
  const direct = stringAt(pair.value);
  if (direct) return versionOf(direct);
  if (pair.value.type !== 'TOMLInlineTable') {
    // `[tool.poetry.dependencies.foo]` sub-tables are not read; anything else is not a dependency.
    return undefined;
  }
  const extra = flag('optional') ? { extra: name } : {};
  if (field('path') || field('file')) return { ...base, ...extra, specifier: '', specifierRange: undefined, pinned: true, source: 'path' };
  const git = stringAt(field('git'));
  if (git) {
    const ref = stringAt(field('rev')) ?? stringAt(field('tag')) ?? stringAt(field('ref'));
    const pinned = ref !== undefined;
    return {
      ...base,
      ...extra,
      specifier: ref?.value ?? '',
      specifierRange: ref ? offsets.range(ref.range[0], ref.range[1]) : undefined,
      pinned,
      ...(pinned ? {} : { unpinnedReason: "installs whatever the repository's branch holds" }),
      source: 'git',
    };
  }
  if (stringAt(field('url'))) return { ...base, ...extra, specifier: '', specifierRange: undefined, pinned: true, source: 'url' };
  const version = stringAt(field('version'));
  if (version) return { ...versionOf(version), ...extra };
  return { ...base, ...extra, specifier: '', specifierRange: undefined, pinned: false, unpinnedReason: 'allows any release' };
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

/** The key-values directly in each table (`tool.poetry.dependencies`), whatever way the file wrote them: one pass, so that a file of many tables costs no more than its size. */
function pairsByTable(entries: Map<string, AST.TOMLKeyValue>): (table: string) => AST.TOMLKeyValue[] {
  const byTable = new Map<string, AST.TOMLKeyValue[]>();
  for (const [key, pair] of entries) {
    const table = key.slice(0, Math.max(0, key.lastIndexOf('\0')));
    const list = byTable.get(table);
    if (list) list.push(pair);
    else byTable.set(table, [pair]);
  }
  return (table) => byTable.get(table) ?? [];
}

export function parsePyproject(text: string, path: string): PyprojectModel {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const offsets = new TextOffsets(body);
  const lines = linesOf(body);
  const empty = { kind: 'pyproject' as const, path, text, lines, projectName: undefined, optionalGroups: [], defaultGroups: undefined, poetry: false };
  const { program, error } = parseTomlSafely(body, offsets);
  if (!program) return { ...empty, dependencies: [], errors: [], indexSettings: [], syntaxError: error! };
  const entries = tomlEntries(program);
  const tables = tomlTables(entries, program, 'tool\0poetry');
  const pairsUnder = pairsByTable(entries);
  const dependencies: Found[] = [];
  const errors: ManifestError[] = [];
  const get = (...keys: string[]) => entries.get(keys.join('\0'))?.value;

  const projectDeps = get('project', 'dependencies');
  if (projectDeps) requirementArray(projectDeps, body, offsets, 'project', dependencies, errors);
  for (const pair of pairsUnder(['project', 'optional-dependencies'].join('\0'))) {
    requirementArray(pair.value, body, offsets, 'optional', dependencies, errors, keyName(pair.key.keys[pair.key.keys.length - 1]));
  }
  for (const pair of pairsUnder('dependency-groups')) {
    requirementArray(pair.value, body, offsets, 'dependency-group', dependencies, errors, undefined, keyName(pair.key.keys[pair.key.keys.length - 1]));
  }
  const poetryDeps = (table: string, group?: string) => {
    for (const pair of pairsUnder(table)) {
      // `python = "^3.10"` is the interpreter the project supports, not a package.
      if (pair.key.keys.length === 1 && keyName(pair.key.keys[0]).toLowerCase() === 'python') continue;
      const dep = namedDependency(pair, body, offsets, 'poetry', EXACT_POETRY, group);
      if (dep) dependencies.push(dep);
    }
  };
  poetryDeps(['tool', 'poetry', 'dependencies'].join('\0'));
  // Poetry before 1.2 wrote development dependencies in `dev-dependencies`: the `dev` group.
  poetryDeps(['tool', 'poetry', 'dev-dependencies'].join('\0'), 'dev');
  const optionalGroups: string[] = [];
  for (const table of tables) {
    const parts = table.split('\0');
    if (parts.length !== 5 || parts[0] !== 'tool' || parts[1] !== 'poetry' || parts[2] !== 'group' || parts[4] !== 'dependencies') continue;
    poetryDeps(table, parts[3]);
    const optional = get('tool', 'poetry', 'group', parts[3], 'optional');
    if (optional?.type === 'TOMLValue' && optional.kind === 'boolean' && optional.value) optionalGroups.push(parts[3]);
  }
  const name = stringAt(get('project', 'name'))?.value ?? stringAt(get('tool', 'poetry', 'name'))?.value;
  const defaults = get('tool', 'uv', 'default-groups');
  const defaultGroups = defaults?.type === 'TOMLArray' ? defaults.elements.flatMap((e) => (stringAt(e) ? [stringAt(e)!.value] : [])) : undefined;
  return {
    ...empty,
    dependencies: located(path, dependencies),
    errors,
    indexSettings: tomlIndexSettings(entries, offsets),
    projectName: name === undefined ? undefined : normalizePackageName(name),
    optionalGroups,
    defaultGroups,
    poetry: tables.has(['tool', 'poetry'].join('\0')),
  };
}

/**
 * The indexes of uv's `[[tool.uv.index]]` (and its older `index-url`/`extra-index-url` keys) and Poetry's
 * `[[tool.poetry.source]]`: a default index (uv `default = true`, Poetry `priority = "primary"` or `"default"`)
 * stands for `--index-url`, the others for `--extra-index-url`.
 */
function tomlIndexSettings(entries: Map<string, AST.TOMLKeyValue>, offsets: TextOffsets): IndexSetting[] {
  const settings: IndexSetting[] = [];
  const add = (value: TomlValue | undefined, option: IndexSetting['option'], written: (url: string) => string) => {
    const url = stringAt(value);
    if (url) settings.push({ option, url: url.value, range: offsets.range(url.range[0], url.range[1]), written: written(url.value) });
  };
  for (const [key, pair] of entries) {
    const table = /^tool\0(uv\0index|poetry\0source)\0(\d+)\0url$/.exec(key);
    if (table) {
      const sibling = (name: string) => stringAt(entries.get(key.replace(/url$/, name))?.value)?.value;
      const flag = entries.get(key.replace(/url$/, 'default'))?.value;
      const primary = table[1] === 'poetry\0source' ? ['primary', 'default'].includes(sibling('priority') ?? '') : flag?.type === 'TOMLValue' && flag.value === true;
      const where = table[1] === 'poetry\0source' ? '[[tool.poetry.source]]' : '[[tool.uv.index]]';
      add(pair.value, primary ? '--index-url' : '--extra-index-url', (url) => `\`url = "${url}"\` of \`${where}\``);
    } else if (key === 'tool\0uv\0index-url') add(pair.value, '--index-url', (url) => `\`index-url = "${url}"\` of \`[tool.uv]\``);
    else if (key === 'tool\0uv\0extra-index-url' && pair.value.type === 'TOMLArray') {
      for (const element of pair.value.elements) add(element, '--extra-index-url', (url) => `\`extra-index-url\` \`"${url}"\` of \`[tool.uv]\``);
    }
  }
  return settings;
}

export function parsePipfile(text: string, path: string): PipfileModel {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const offsets = new TextOffsets(body);
  const lines = linesOf(body);
  const { program, error } = parseTomlSafely(body, offsets);
  if (!program) return { kind: 'pipfile', path, text, lines, dependencies: [], errors: [], indexSettings: [], syntaxError: error! };
  const pairsUnder = pairsByTable(tomlEntries(program));
  const dependencies: Found[] = [];
  for (const [table, group] of [['packages', undefined], ['dev-packages', 'dev']] as const) {
    for (const pair of pairsUnder(table)) {
      const dep = namedDependency(pair, body, offsets, 'pipfile', EXACT_PEP440, group);
      if (dep) dependencies.push(dep);
    }
  }
  return { kind: 'pipfile', path, text, lines, dependencies: located(path, dependencies), errors: [], indexSettings: [] };
}

// ---------------------------------------------------------------------------------------------
// conda environment.yml.

/** `[channel::]name[ version[ build]]`, `name=1.2=build`, `name>=1.2,<2`, `name[version='>=1.2']`. */
const CONDA_SPEC = /^(?:([^\s:]+)::)?([A-Za-z0-9_][A-Za-z0-9_.+-]*)(.*)$/s;

/** conda: `==1.2.3` and `=1.2.3=build` name one release; `=1.2.3` with three parts names one in practice; `=1.26` is 1.26.*. */
function condaPinned(specifier: string): boolean {
  const s = specifier.trim();
  if (/^==\s*[^\s*,|<>=!]+$/.test(s)) return true;
  const parts = s.replace(/^=/, '').split(/[=\s]+/).filter((p) => p !== '');
  if (parts.length === 0 || /[*<>!,|~]/.test(parts[0]) || (s !== '' && /^[<>!~]/.test(s))) return false;
  if (parts.length >= 2) return true;
  return parts[0].split('.').length >= 3;
}

export function parseCondaEnvironment(text: string, path: string): CondaEnvironmentModel {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const offsets = new TextOffsets(body);
  const lines = linesOf(body);
  const model = { kind: 'conda-environment' as const, path, text, lines };
  const parsed = parseYamlDocument(body);
  if ('error' in parsed) {
    const at = parsed.offset === undefined ? { line: 1, column: 1 } : offsets.position(parsed.offset);
    return { ...model, dependencies: [], errors: [], syntaxError: { message: parsed.error, range: { start: at, end: at } }, includes: [], indexSettings: [] };
  }
  const dependencies: Found[] = [];
  const errors: ManifestError[] = [];
  const includes: RequirementInclude[] = [];
  const indexSettings: IndexSetting[] = [];
  const list = parsed.root?.get('dependencies');
  for (const item of list?.items() ?? []) {
    const pip = item.get('pip');
    if (pip) {
      for (const line of pip.items()) pipLine(line, body, offsets, dependencies, errors, includes, indexSettings);
      continue;
    }
    const value = item.string();
    if (value === undefined) continue;
    const whole = offsets.range(item.start, item.end);
    const start = item.contentStart(body);
    const match = CONDA_SPEC.exec(value.trim());
    if (!match) {
      errors.push({ message: `${JSON.stringify(value)} is not a conda package spec`, range: whole });
      continue;
    }
    const [, channel, name, rest] = match;
    // The interpreter's version is the environment's Python, and `pip` the installer of the `pip:` section:
    // neither is a package of the application.
    if (name.toLowerCase() === 'python' || name.toLowerCase() === 'pip') continue;
    const lead = value.length - value.trimStart().length;
    const nameStart = start === undefined ? undefined : start + lead + (channel === undefined ? 0 : channel.length + 2);
    const specifier = rest.trim();
    const specStart = nameStart === undefined ? undefined : nameStart + name.length + (rest.length - rest.trimStart().length);
    const pinned = condaPinned(specifier);
    dependencies.push({
      name,
      normalizedName: normalizePackageName(name),
      nameRange: nameStart === undefined ? whole : offsets.range(nameStart, nameStart + name.length),
      specifier,
      specifierRange: specifier === '' ? undefined : specStart === undefined ? whole : offsets.range(specStart, specStart + specifier.length),
      range: whole,
      extras: [],
      marker: undefined,
      url: undefined,
      editable: false,
      section: 'conda',
      conda: true,
      pinned,
      ...(pinned ? {} : { unpinnedReason: specifier === '' ? 'allows any release' : /^=?[^=<>!~*]+$/.test(specifier) ? 'allows every release of that series' : specifierReason(specifier) }),
    });
  }
  return { ...model, dependencies: located(path, dependencies), errors, includes, indexSettings };
}

/** A line of the `pip:` section: a requirement, or an option line (`-r requirements.txt`, `-e .`, `--index-url`). */
function pipLine(item: YamlNode, text: string, offsets: TextOffsets, out: Found[], errors: ManifestError[], includes: RequirementInclude[], indexSettings: IndexSetting[]): void {
  const value = item.string();
  if (value === undefined) return;
  const whole = offsets.range(item.start, item.end);
  const parsed = parseRequirements(value, '<pip>');
  const start = item.contentStart(text);
  const shift = (r: Range | undefined): Range | undefined =>
    r === undefined ? undefined : start === undefined || r.start.line !== 1 || r.end.line !== 1 ? whole : offsets.range(start + r.start.column - 1, start + r.end.column - 1);
  for (const include of parsed.includes) includes.push({ ...include, range: shift(include.range)!, line: whole.start.line });
  for (const entry of parsed.entries) out.push(fromRequirement(entry, shift, whole, 'conda-pip'));
  for (const error of parsed.errors) errors.push({ ...error, range: shift(error.range)! });
  for (const setting of indexSettingsOf(parsed.options)) indexSettings.push({ ...setting, range: shift(setting.range)! });
}
