/**
 * What one package word of an install command asks for: its name, the version it pins and how.
 * The version grammar of each package manager is written here once; unpinned-version, sorted-arguments
 * and the parity explanations ask it. pip words are read by the requirements parser, as a line of a
 * requirements file, so that `"a>=1,<2"`, extras, markers and URLs are read one way everywhere.
 */
import type { Stage } from './dockerfile.js';
import { packageInstalls, type PackageInstall, type PackageManager } from './packages.js';
import type { Range } from './position.js';
import { parseRequirements } from './requirements.js';
import type { ShellWord } from './shell.js';

/** Why a package word does not pin one release. */
export type Unpinned =
  | 'no-version' // `curl`, `flask`
  | 'moving-version' // `typescript@latest`, `golang.org/x/tools@upgrade`
  | 'default-branch' // `git+https://github.com/org/repo`, `github:org/repo` without a ref
  | 'no-stream' // `dnf module install nodejs` without `:stream`
  | 'version-series' // conda `numpy=1.26`, `numpy=1.26.*`: every 1.26.x release
  | 'version-range'; // conda `"numpy>=1.26"`, `"numpy>=1.26,<2"`

export interface PackageSpec {
  readonly manager: PackageManager;
  /** The word the package is written in. */
  readonly word: ShellWord;
  readonly range: Range;
  /** The text judged: the word's value, or one package of the value a variable in it expands to. */
  readonly text: string;
  /** The text as a user would name the package in a message: without a pip environment marker. */
  readonly written: string;
  /** The package's name without version, channel or extras (`Flask[async]==3.0` → `Flask`), as written. */
  readonly name: string;
  /** The operator that introduces the version (`=`, `==`, `>=`, `@`, `:`, `-`, `~`, `/`), `''` without one. */
  readonly operator: string;
  /** What follows the operator: a version, a range (`>=1,<2`), a release, a ref; `''` without one. */
  readonly version: string;
  /**
   * True when the word names one release (a version, a local file, a VCS ref); false when it does not;
   * undefined when this manager's versions are not modelled (cargo, composer...) or the word names
   * something without versions (`yum groupinstall`, `zypper install -t pattern`).
   */
  readonly pinned: boolean | undefined;
  /** Why it is not pinned, when `pinned` is false. */
  readonly unpinned: Unpinned | undefined;
  /** How the word would be written pinned: `curl=<version>`, `flask==<version>`, `@<ref>`. */
  readonly pinnedForm: string;
  /**
   * True when the expansions in the word (if any) cannot change whether it is pinned: none, or only in
   * pip extras (`mosaicml[$EXTRAS]` installs whatever release is newest, whatever the extras are).
   */
  readonly pinKnown: boolean;
}

/** One manager's grammar: the parts of a package word. */
type Reading = Omit<PackageSpec, 'manager' | 'word' | 'range' | 'text' | 'pinKnown'> & { readonly pinKnown?: boolean };
type Grammar = (text: string) => Reading;

/** The spec of every package word of an install, as written. */
export function packageSpecs(install: PackageInstall): readonly PackageSpec[] {
  // Several rules ask it of every install (packageInstalls gives each command one install object): read once, shared.
  let specs = specsByInstall.get(install);
  if (specs === undefined) {
    const grammar = grammarOf(install);
    specsByInstall.set(install, (specs = Object.freeze(install.packages.map((word) => specOf(install, grammar, word, word.value)))));
  }
  return specs;
}

const specsByInstall = new WeakMap<PackageInstall, readonly PackageSpec[]>();

/** The spec of one package named by `text`: a word as written, or one package its variables expand to. */
export function packageSpec(install: PackageInstall, word: ShellWord, text: string): PackageSpec {
  return specOf(install, grammarOf(install), word, text);
}

function specOf(install: PackageInstall, grammar: Grammar, word: ShellWord, text: string): PackageSpec {
  const reading = grammar(text);
  const pinKnown = reading.pinKnown ?? !hasExpansion(text);
  return { ...reading, manager: install.manager, word, range: word.range, text, pinKnown };
}

/** `$NAME`, `${...}`, `$(...)` and backticks in a word's value, and `%NAME%` of Windows' cmd (`SHELL ["cmd", "/S", "/C"]`). */
const EXPANSION = /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]|`[^`]*`|%[A-Za-z_][A-Za-z0-9_]*%/g;

function hasExpansion(text: string): boolean {
  return /[$`]/.test(text);
}

function reading(fields: Partial<Reading> & Pick<Reading, 'name'>, text: string): Reading {
  const unpinned = fields.unpinned;
  return {
    written: text,
    operator: '',
    version: '',
    pinned: unpinned === undefined,
    unpinned,
    pinnedForm: '',
    ...fields,
  };
}

/** The grammar for the packages of one install: the manager's, or a sub-command's (`dnf module install`). */
function grammarOf(install: PackageInstall): Grammar {
  const manager = install.manager;
  if (manager === 'yum' || manager === 'dnf' || manager === 'microdnf') {
    // Groups cannot be pinned; `module install` takes `name:stream`.
    if (install.subcommand.value === 'groupinstall') return unversioned(rpmName);
    const before = install.command.args.slice(0, install.command.args.indexOf(install.subcommand));
    if (before.some((w) => w.value === 'module')) return rpmModule;
  }
  // `zypper install -t pattern x`: patterns and patches have no versions to pin.
  if (manager === 'zypper' && install.args.some((w, i) => (w.value === '-t' || w.value === '--type') && install.args[i + 1]?.value !== 'package')) {
    return unversioned(plainName);
  }
  return GRAMMARS[manager];
}

/** Names that hold no version to pin, and managers whose versions are not modelled. */
function unversioned(name: (text: string) => string): Grammar {
  return (text) => ({ ...reading({ name: name(text) }, text), pinned: undefined });
}

/** apk `curl~8`, zypper `curl>=8`: the name ends at the first operator. */
function plainName(text: string): string {
  return text.split(/[=<>!~;[\s]/)[0] || text;
}

/** Splits `text` at the first of `operators`, or leaves it whole. */
function splitAt(text: string, operators: RegExp): { name: string; operator: string; version: string } {
  const m = operators.exec(text);
  if (!m || m.index === 0) return { name: text, operator: '', version: '' };
  return { name: text.slice(0, m.index), operator: m[0], version: text.slice(m.index + m[0].length) };
}

const apt: Grammar = (v) => {
  // `curl=7.88.1-10`, `curl/bookworm-backports`, `./local.deb`
  const parts = splitAt(v, /[=/]/);
  const pinned = v.includes('=') || v.includes('/') || v.endsWith('.deb');
  return reading({ ...parts, unpinned: pinned ? undefined : 'no-version', pinnedForm: `${v}=<version>` }, v);
};

const apk: Grammar = (v) => {
  // `curl=8.5.0-r0`, `curl~8.5`, `curl>8`, `./local.apk`
  const pinned = /[=~<>]/.test(v) || v.endsWith('.apk');
  return reading({ ...splitAt(v, /[=~<>]+/), name: plainName(v), unpinned: pinned ? undefined : 'no-version', pinnedForm: `${v}=<version>` }, v);
};

/** An expansion replaced by a `${NAME}` the requirements parser reads as pip's environment variable. */
const PLACEHOLDER = '${DOCKERLINT_EXPANSION}';
const VCS_PREFIX = /^(git|hg|svn|bzr)\+/;
/** What pip can fetch: a URL with a scheme, a path, or an archive file. */
const URL_OR_PATH = /^[A-Za-z][A-Za-z0-9+.-]*:|\/|^[.~]|\.(whl|zip|tgz|tar(\.[a-z0-9]+)?|tbz|txz|tlz)$/i;

const pip: Grammar = (text) => {
  // An environment marker (`flask; python_version < "3.9"`) says nothing about the version.
  const v = text.split(';')[0].trim();
  const expanded = text.replace(EXPANSION, PLACEHOLDER);
  const entry = parseRequirements(expanded, '').entries[0];
  const name = entry?.name ?? /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(v)?.[0] ?? v;
  const where = { name: name.includes(PLACEHOLDER) ? v : name, written: v };
  // A word the parser cannot read as a requirement is taken as a URL or path when it looks like one
  // (`dist/*.whl`, `git+https://host/repo#egg=name[extra]`), else as a name without a version (`flask=1.0`).
  const url = entry?.url ?? (URL_OR_PATH.test(v) ? v : undefined);
  if (entry === undefined && url === undefined) return reading({ ...where, unpinned: 'no-version', pinnedForm: `${v}==<version>` }, text);
  if (url !== undefined) {
    if (VCS_PREFIX.test(url)) {
      const ref = vcsRef(url) ?? '';
      return reading({ ...where, name: entry?.name ?? url, operator: ref ? '@' : '', version: ref, unpinned: ref ? undefined : 'default-branch', pinnedForm: '@<ref>' }, text);
    }
    // Paths, URLs, `name @ url` and archives name their code themselves; `name@1.0` names no URL, and no version.
    if (URL_OR_PATH.test(url)) return reading({ ...where, name: entry?.name && !v.startsWith('.') && !v.includes('/') ? entry.name : url }, text);
    return reading({ ...where, unpinned: 'no-version', pinnedForm: `${v}==<version>` }, text);
  }
  const specifier = entry.specifier;
  // Any version operator passes, as in hadolint; requirements files are held to `==`.
  const operator = /^\s*(===|==|!=|~=|<=|>=|<|>)/.exec(specifier)?.[1] ?? '';
  const pinKnown = !entry.name?.includes(PLACEHOLDER) && (specifier !== '' || !expanded.slice(entry.name?.length ?? 0).replace(/\[[^\]]*\]/, '').includes(PLACEHOLDER));
  return {
    ...reading({ ...where, operator, version: specifier, unpinned: specifier === '' ? 'no-version' : undefined, pinnedForm: `${v}==<version>` }, text),
    pinKnown,
  };
};

/**
 * The ref a VCS URL asks for (`git+https://host/repo@v1.2#egg=x` → `v1.2`), undefined without one. The ref
 * follows the last `@` of the path; an `@` before the host is a user name (`git+ssh://git@github.com/org/repo`).
 */
export function vcsRef(url: string): string | undefined {
  const scheme = url.indexOf('://');
  const hostStart = scheme < 0 ? 0 : scheme + 3;
  const slash = url.indexOf('/', hostStart);
  const path = slash < 0 ? '' : url.slice(slash).split(/[#?]/)[0];
  const at = path.lastIndexOf('@');
  return at < 0 ? undefined : path.slice(at + 1);
}

/** `@scope/name@1.2` and `name@1.2`: the version follows an `@` that is not the first character. */
function atVersion(v: string): { name: string; operator: string; version: string } {
  const at = v.indexOf('@', 1);
  return at < 0 ? { name: v, operator: '', version: '' } : { name: v.slice(0, at), operator: '@', version: v.slice(at + 1) };
}

const npm: Grammar = (v) => {
  if (/^(git(\+ssh|\+https?)?|github):/.test(v)) {
    const hash = v.indexOf('#');
    return reading({ name: v, operator: hash < 0 ? '' : '#', version: hash < 0 ? '' : v.slice(hash + 1), unpinned: hash < 0 ? 'default-branch' : undefined, pinnedForm: '#<ref>' }, v);
  }
  const parts = atVersion(v);
  if (/^(\.{0,2}|~)\//.test(v) || /\.(tgz|tar|tar\.gz)$/.test(v) || /^https?:/.test(v)) return reading({ ...parts, name: v }, v);
  const unpinned = parts.version === 'latest' ? 'moving-version' : parts.version === '' ? 'no-version' : undefined;
  return reading({ ...parts, unpinned, pinnedForm: `${parts.name}@<version>` }, v);
};

const gem: Grammar = (v) => {
  const pinned = v.includes(':') || v.endsWith('.gem') || v.includes('/');
  return reading({ ...splitAt(v, /:/), name: v.split(':')[0], unpinned: pinned ? undefined : 'no-version', pinnedForm: `${v}:<version>` }, v);
};

/** `httpd-2.4.6-99.el9`: the name ends before the first `-` part that starts with a digit. */
function rpmName(v: string): string {
  const parts = v.split('-');
  const version = parts.findIndex((p, i) => i > 0 && /^\d/.test(p));
  return version > 0 ? parts.slice(0, version).join('-') : v;
}

/** hadolint's test for `name-version[-release]`: some part after the first `-` is a version. */
function rpmVersioned(v: string): boolean {
  const parts = v.split('-').slice(1);
  return parts.length > 0 && parts.every((p) => /^[A-Za-z0-9.~^_:+]+$/.test(p)) && parts.some((p) => /^\d/.test(p));
}

const rpm: Grammar = (v) => {
  // `@group` names a group of packages; `.rpm` files and paths name their package themselves;
  // `name-${VERSION}` is pinned by its variable, as `name=${VERSION}` is for apt.
  const name = rpmName(v);
  const pinned = v.startsWith('@') || v.includes('/') || v.endsWith('.rpm') || v.includes('-$') || rpmVersioned(v);
  const version = name === v ? '' : v.slice(name.length + 1);
  return reading({ name, operator: version ? '-' : '', version, unpinned: pinned ? undefined : 'no-version', pinnedForm: `${v}-<version>` }, v);
};

const rpmModule: Grammar = (v) => {
  const parts = splitAt(v, /:/);
  return reading({ ...parts, unpinned: v.includes(':') ? undefined : 'no-stream', pinnedForm: `${v}:<stream>` }, v);
};

const zypper: Grammar = (v) => {
  const pinned = /[=<>]/.test(v) || v.endsWith('.rpm') || v.includes('/');
  return reading({ ...splitAt(v, /[=<>]+/), name: plainName(v), unpinned: pinned ? undefined : 'no-version', pinnedForm: `${v}=<version>` }, v);
};

/** Go version queries that do not name one version. */
const GO_MOVING = new Set(['latest', 'upgrade', 'patch', 'master', 'main']);

const go: Grammar = (v) => {
  if (v === '.' || v.startsWith('./') || v.startsWith('../') || v.startsWith('/')) return reading({ name: v }, v);
  const at = v.lastIndexOf('@');
  const path = at < 0 ? v : v.slice(0, at);
  const version = at < 0 ? '' : v.slice(at + 1);
  // `go get pkg@none` removes the package.
  const unpinned = version === 'none' ? undefined : GO_MOVING.has(version) ? 'moving-version' : version === '' ? 'no-version' : undefined;
  return reading({ name: path, operator: at < 0 ? '' : '@', version, unpinned, pinnedForm: `${path}@<version>` }, v);
};

const GRAMMARS: Readonly<Record<PackageManager, Grammar>> = {
  'apt-get': apt,
  apt,
  aptitude: apt,
  apk,
  pip,
  npm,
  yarn: npm,
  pnpm: npm,
  gem,
  yum: rpm,
  dnf: rpm,
  microdnf: rpm,
  zypper,
  go,
  conda: (v) => {
    // A package file's path or URL names its release.
    if (/[/\\]|\.(tar\.bz2|conda)$/.test(v) && !v.includes('::')) return reading({ name: v }, v);
    const spec = condaSpec(v.trim());
    // Not a spec (`$PACKAGES`, `numpy$SUFFIX`): unpinned as written; a variable is judged by its value.
    if (spec === undefined) return reading({ name: v, unpinned: 'no-version', pinnedForm: `${v}=<version>` }, v);
    const channel = spec.channel === undefined ? '' : `${spec.channel}::`;
    // A quoted word may keep spaces around the spec (`'onnx>=1.17.0 '`): the message names it without them.
    return reading({ name: spec.name, operator: spec.operator, version: spec.version, unpinned: spec.unpinned, pinnedForm: `${channel}${spec.name}=<version>` }, v.trim());
  },
  // Versions of these are not modelled: their names are.
  cargo: unversioned((v) => atVersion(v).name),
  composer: unversioned((v) => v.split(':')[0]),
  uv: unversioned(plainName),
  poetry: unversioned(plainName),
  pipenv: unversioned(plainName),
  bundle: unversioned(plainName),
};

/**
 * One conda package spec (conda's MatchSpec) as `conda`/`mamba`/`micromamba install` and `create` read it on the command
 * line, and as an environment file's `dependencies:` list it: `[channel::]name[ version[ build]]`, `name=1.26.4=py311h...`,
 * `name==1.26.4`, `"name>=1.26,<2"`, `name[version='>=1.26']`.
 */
export interface CondaSpec {
  /** `conda-forge` of `conda-forge::numpy`, `conda-forge/linux-64` of `conda-forge/linux-64::numpy`. */
  readonly channel: string | undefined;
  readonly name: string;
  /** Where the name starts in the text (after the channel). */
  readonly nameStart: number;
  /** `=`, `==`, `>=`, ... as written; `' '` for conda's space-separated `name 1.26.4 build`; `''` without a version. */
  readonly operator: string;
  /** What follows the name as written, trimmed (`=1.26.4=py311h...`, `>=1.26,<2`, `[version='>=1.26']`); `''` without one. */
  readonly specifier: string;
  /** The version part alone (`1.26.4`, `>=1.26,<2`); `''` without one. */
  readonly version: string;
  readonly pinned: boolean;
  readonly unpinned: 'no-version' | 'version-series' | 'version-range' | undefined;
}

const CONDA_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*/;
const CONDA_OPERATOR = /^(==|=|>=|<=|!=|~=|>|<)/;
/**
 * Packages whose `=X.Y` is their pin: the interpreter (`python=3.11`, whose patch releases are compatible by Python's
 * policy), and the CUDA selectors whose releases are numbered by the CUDA minor version (`pytorch-cuda=12.1`,
 * conda-forge's `cuda-version=12.4`).
 */
const MINOR_PINS = new Set(['python', 'pytorch-cuda', 'cuda-version']);
/** What makes a conda version match more than one release: wildcards, comparisons, alternatives. */
const CONDA_NOT_EXACT = /[*<>!~,|^$]/;

/**
 * Reads a conda package spec and says whether it pins one release. `==1.26.4`, `=1.26.4=<build>` and the space form
 * `1.26.4` (an exact match in conda) pin; `=1.26.4` is conda's prefix match `1.26.4*`, which in practice names one
 * release, so it pins too, as the custom has it; `=1.26` is every 1.26.x release and does not, except for `python`,
 * whose `python=3.11` is how an environment chooses its interpreter, and the CUDA selectors (`MINOR_PINS`). A version
 * written with a variable (`numpy=${NUMPY_VERSION}`) pins, as pip's `flask==${V}` does. Undefined when the text is
 * not a spec (`$PACKAGES`, a package file's path).
 */
export function condaSpec(text: string): CondaSpec | undefined {
  const sep = text.lastIndexOf('::');
  const channel = sep > 0 ? text.slice(0, sep) : undefined;
  const nameStart = sep > 0 ? sep + 2 : 0;
  const name = CONDA_NAME.exec(text.slice(nameStart))?.[0];
  if (name === undefined || (channel !== undefined && /\s/.test(channel))) return undefined;
  const written = text.slice(nameStart + name.length);
  let rest = written;
  // `name[version='>=1.26', build=...]`: the bracket's version is the version.
  const bracket = /^\[(.*)\]\s*$/s.exec(rest);
  const bracketVersion = bracket ? /(?:^|,)\s*version\s*=\s*['"]?([^'",\]]*)['"]?/.exec(bracket[1])?.[1] : undefined;
  if (bracket) rest = rest.slice(0, bracket.index);
  const specifier = rest.trim();
  const spec = (operator: string, version: string, unpinned: CondaSpec['unpinned']): CondaSpec => ({
    channel,
    name,
    nameStart,
    operator,
    specifier: written.trim(),
    version,
    pinned: unpinned === undefined,
    unpinned,
  });
  const minorPins = MINOR_PINS.has(name.toLowerCase());
  if (bracketVersion !== undefined && specifier === '') return judge(spec, CONDA_OPERATOR.exec(bracketVersion)?.[0] ?? ' ', bracketVersion, minorPins);
  if (specifier === '') return spec('', '', 'no-version');
  const operator = CONDA_OPERATOR.exec(specifier)?.[0] ?? (/^\s/.test(rest) ? ' ' : '');
  if (operator === '') return undefined;
  return judge(spec, operator, specifier.slice(operator.trim().length).trim(), minorPins);
}

function judge(spec: (operator: string, version: string, unpinned: CondaSpec['unpinned']) => CondaSpec, operator: string, version: string, minorPins: boolean): CondaSpec {
  // A version from a variable is pinned as written, whatever it holds.
  if (version.includes('$')) return spec(operator, version, undefined);
  // `1.26.4=py311h...` / `1.26.4 py311h...`: a version and a build.
  const [release, build] = version.replace(/^=+/, '').split(/[=\s]+/);
  // `blas=*=openblas` chooses a build variant, not a version.
  if (release === '*') return spec(operator, version, 'no-version');
  if (operator !== '==' && operator !== '=' && operator !== ' ') return spec(operator, version, 'version-range');
  if (release === undefined || release === '' || /[<>!~,|]/.test(release)) return spec(operator, version, 'version-range');
  // `python=3.11.*` says what `python=3.11` says; `python=3` is every Python 3.
  const series = release.endsWith('.*') ? release.slice(0, -2) : release;
  if (minorPins && operator !== '==' && !CONDA_NOT_EXACT.test(series) && series.split('.').length >= 2) return spec(operator, version, undefined);
  if (CONDA_NOT_EXACT.test(release)) return spec(operator, version, 'version-series');
  // `==` and the space form match exactly; `=` is a prefix match, one release once it names major.minor.patch or a build.
  if (operator !== '=' || build !== undefined || release.split('.').length >= 3) return spec(operator, version, undefined);
  return spec(operator, version, 'version-series');
}

/**
 * The names (lower-case) of the packages the `RUN`s of these stages install, with any package manager: what an image
 * has beside its base (`curl` to probe with, `libgl1` for OpenCV). Words with variables count as written.
 */
export function installedPackageNames(stages: readonly Stage[]): ReadonlySet<string> {
  const names = new Set<string>();
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      for (const install of packageInstalls(instruction.script)) for (const spec of packageSpecs(install)) names.add(spec.name.toLowerCase());
    }
  }
  return names;
}
