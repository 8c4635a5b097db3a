import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { packageInstalls, type PackageInstall, type PackageManager } from '../src/model/packages.js';
import type { RequirementEntry } from '../src/model/requirements.js';
import { hasFlag, type ShellScript, type ShellWord } from '../src/model/shell.js';
import { runInstructions } from '../src/model/stages.js';

/** How one package manager spells a pinned package, and the hadolint code of its check. */
interface Variant {
  readonly alias: string | undefined;
  /** Why `value` (one package operand) is not pinned, or undefined when it is. */
  problem(value: string): string | undefined;
  /** The whole command pins its packages another way (`gem install x -v 1.2`, `pip install -c constraints.txt`). */
  pinsAll?(install: PackageInstall, instruction: Instruction): boolean;
}

const NO_VERSION = (value: string, pinned: string) => `\`${value}\` is installed without a version: pin it as \`${pinned}\` so that rebuilds get the same release`;
const MOVING_TAG = (value: string, pinned: string) => `\`${value}\` asks for whatever is newest at build time: pin a version, e.g. \`${pinned}\``;

const APT: Variant = {
  alias: 'DL3008',
  // `curl=7.88.1-10`, `curl/bookworm-backports`, `./local.deb`
  problem: (v) => (v.includes('=') || v.includes('/') || v.endsWith('.deb') ? undefined : NO_VERSION(v, `${v}=<version>`)),
};

const APK: Variant = {
  alias: 'DL3018',
  // `curl=8.5.0-r0`, `curl~8.5`, `curl>8`, `./local.apk`
  problem: (v) => (/[=~<>]/.test(v) || v.endsWith('.apk') ? undefined : NO_VERSION(v, `${v}=<version>`)),
};

const VCS_PREFIX = /^(git|hg|svn|bzr)\+/;

const PIP: Variant = {
  alias: 'DL3013',
  problem(value) {
    // An environment marker (`flask; python_version < "3.9"`) says nothing about the version.
    const v = value.split(';')[0].trim();
    if (VCS_PREFIX.test(v)) {
      // The ref follows an `@` in the path; an `@` before the host is a user name (`git@github.com`).
      return urlPath(v).includes('@') ? undefined : `\`${v}\` installs whatever the repository's default branch holds: pin a tag or commit with \`@<ref>\``;
    }
    // Any version operator passes, as in hadolint; requirements files are held to `==`.
    if (/[<>]|[=!~]=/.test(v)) return undefined;
    // Paths, URLs, `name @ url` and archives name their code themselves.
    if (v.includes('/') || v.startsWith('.') || v.startsWith('~') || /\.(whl|tar\.gz|tgz|zip|tar\.bz2)$/.test(v)) return undefined;
    return NO_VERSION(v, `${v}==<version>`);
  },
  pinsAll(install, instruction) {
    // A constraints file decides the versions of everything installed.
    if (install.constraintFiles.length > 0) return true;
    // An empty value (`ARG PIP_CONSTRAINT=`) switches constraints off.
    const constraint = (name: string) =>
      install.command.assignments.some((a) => a.name === name && a.value !== '') || !!instruction.variables.get(name);
    return constraint('PIP_CONSTRAINT') || constraint('UV_CONSTRAINT');
  },
};

const NPM_LIKE = (alias: string | undefined): Variant => ({
  alias,
  problem(v) {
    if (/^(git(\+ssh|\+https?)?|github):/.test(v)) return v.includes('#') ? undefined : `\`${v}\` installs whatever the repository's default branch holds: pin a tag or commit with \`#<ref>\``;
    if (/^(\.{0,2}|~)\//.test(v) || /\.(tgz|tar|tar\.gz)$/.test(v) || /^https?:/.test(v)) return undefined;
    // `@scope/name@1.2` and `name@1.2`: the version follows an `@` that is not the first character.
    const at = v.indexOf('@', 1);
    const name = at < 0 ? v : v.slice(0, at);
    const version = at < 0 ? '' : v.slice(at + 1);
    if (version === 'latest') return MOVING_TAG(v, `${name}@<version>`);
    if (version !== '') return undefined;
    return NO_VERSION(v, `${name}@<version>`);
  },
});

const GEM: Variant = {
  alias: 'DL3028',
  problem: (v) => (v.includes(':') || v.endsWith('.gem') || v.includes('/') ? undefined : NO_VERSION(v, `${v}:<version>`)),
  pinsAll: (install) => hasFlag({ ...install.command, args: install.args }, '-v', '--version'),
};

/** hadolint's test for `name-version[-release]`: some part after the first `-` is a version. */
function rpmVersioned(v: string): boolean {
  const parts = v.split('-').slice(1);
  return parts.length > 0 && parts.every((p) => /^[A-Za-z0-9.~^_:+]+$/.test(p)) && parts.some((p) => /^\d/.test(p));
}

const RPM = (alias: string): Variant => ({
  alias,
  problem(v) {
    // `@group` names a group of packages; `.rpm` files and paths name their package themselves;
    // `name-${VERSION}` is pinned by its variable, as `name=${VERSION}` is for apt.
    if (v.startsWith('@') || v.includes('/') || v.endsWith('.rpm') || v.includes('-$') || rpmVersioned(v)) return undefined;
    return NO_VERSION(v, `${v}-<version>`);
  },
});

const RPM_MODULE = (alias: string): Variant => ({
  alias,
  problem: (v) => (v.includes(':') ? undefined : `Module \`${v}\` is installed without a stream: pin it as \`${v}:<stream>\``),
});

const ZYPPER: Variant = {
  alias: 'DL3037',
  problem: (v) => (/[=<>]/.test(v) || v.endsWith('.rpm') || v.includes('/') ? undefined : NO_VERSION(v, `${v}=<version>`)),
};

/** Go version queries that do not name one version. */
const GO_MOVING = new Set(['latest', 'upgrade', 'patch', 'master', 'main']);

const GO: Variant = {
  alias: 'DL3062',
  problem(v) {
    if (v === '.' || v.startsWith('./') || v.startsWith('../') || v.startsWith('/')) return undefined;
    const at = v.lastIndexOf('@');
    const path = at < 0 ? v : v.slice(0, at);
    const version = at < 0 ? '' : v.slice(at + 1);
    if (version === 'none') return undefined;
    if (GO_MOVING.has(version)) return MOVING_TAG(v, `${path}@<version>`);
    return version === '' ? NO_VERSION(v, `${path}@<version>`) : undefined;
  },
};

const VARIANTS: Partial<Record<PackageManager, Variant>> = {
  'apt-get': APT,
  apt: APT,
  aptitude: APT,
  apk: APK,
  pip: PIP,
  npm: NPM_LIKE('DL3016'),
  yarn: NPM_LIKE(undefined),
  pnpm: NPM_LIKE(undefined),
  gem: GEM,
  yum: RPM('DL3033'),
  dnf: RPM('DL3041'),
  microdnf: RPM('DL3041'),
  zypper: ZYPPER,
  go: GO,
};

export default defineRule({
  meta: {
    id: 'unpinned-version',
    aliases: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028', 'DL3033', 'DL3037', 'DL3041', 'DL3062'],
    severity: 'warning',
    category: 'reproducibility',
    summary: 'Package installed without a version, on a `RUN` line or in a requirements file',
    fixable: false,
    docs: {
      rationale: `\`apt-get install curl\`, \`pip install flask\` or a requirements line \`flask>=2.0\` installs whatever release is newest
on the day of the build. The same Dockerfile then builds a different image from one week to the next: a new major
release breaks the build or, worse, the application, and nobody can tell which versions a running image holds. Pin the
version (\`curl=7.88.1-10+deb12u8\`, \`flask==3.0.3\`) and move it on purpose, in a commit that can be reviewed and
reverted. For Python, pin in a requirements or constraints file (compiled with \`pip-compile\` or \`uv pip compile\`)
rather than on the command line.`,
      bad: `FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir flask gunicorn
RUN npm install -g typescript`,
      good: `FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0
RUN npm install -g typescript@5.6.3`,
      notes: `Each finding points at the package and carries the hadolint code of its package manager:
\`apt-get\`/\`apt\`/\`aptitude install\` (DL3008: \`name=version\`, a \`/release\` suffix or a \`.deb\` file),
\`apk add\` (DL3018: \`=\`, \`~\`, \`<\`, \`>\` or an \`.apk\` file),
\`pip install\`, \`pip3\`, \`python -m pip\`, \`uv pip install\` (DL3013: any version operator, a path, URL, archive, or a
VCS URL with \`@ref\`),
\`npm install\`/\`i\`/\`add\` (DL3016: \`name@version\`, a path, tarball, or git URL with \`#ref\`),
\`gem install\` (DL3028: \`name:version\` or \`-v\`),
\`yum\` (DL3033) and \`dnf\`/\`microdnf\` (DL3041) \`install\` (\`name-version\`, \`.rpm\` files; \`module install\` needs
\`name:stream\`), \`zypper install\` (DL3037: \`=\`, \`<\`, \`>\`), and \`go install\`/\`go get\` (DL3062:
\`path@version\`, local paths). \`yarn add\` and \`pnpm add\` are checked like npm, with no hadolint code.

Commands are found wherever they run: after \`&&\` and \`;\`, behind \`sudo\` or \`env\`, inside \`sh -c "..."\`, in
exec form and in heredocs. A package word with a variable (\`flask==\${FLASK_VERSION}\`) is pinned when its literal part
is; a word that is only a variable (\`$PACKAGES\`) is judged by the value it expands to: the one the script gives it on
every path to the install (\`buildDeps='gcc make'; apt-get install $buildDeps\`, \`PKGS=(curl git)\` with
\`"\${PKGS[@]}"\`, \`P=x set -x\` in \`sh\`, where an assignment before a special builtin stays set), else the
\`ARG\`/\`ENV\` value; it is left alone when that value is not known (set in an \`if\` branch or loop that may not
run, by \`read\` or \`for\`). An assignment after the install, or in a subshell, does not change it. Of a value with a
command substitution (\`P="curl git $(cat extra)"\`), the words outside the substitution are judged. Values of options (\`--virtual .deps\`, \`-t bookworm-backports\`, \`-i https://...\`) are not
packages. \`pip install\` with \`-c constraints.txt\`, or while \`PIP_CONSTRAINT\`/\`UV_CONSTRAINT\` is set, is not
reported: the constraints file decides the versions. \`pip install -r file\` is not itself reported: the requirements file is linted, and so are the files it
includes.

In requirements files, every entry that is not pinned exactly is reported at its name: only \`==\` (without \`.*\`) and
\`===\` pin a version; \`>=\`, \`~=\`, \`<\` and \`!=\` allow other releases. Local projects, archives with a version in
their name, VCS URLs at a commit or tag, and URLs with \`--hash\` count as pinned.`,
      differences: `Each finding carries the hadolint code of its package manager, also where hadolint itself would not
report it, so that \`# hadolint ignore=DL3008\` and \`"DL3008": "off"\` keep working.

Reported here, not by hadolint: commands hadolint does not see, behind \`sudo\`, \`env\` or another wrapper
(\`xargs\`, \`gosu\`), called by a path (\`/usr/bin/apt-get\`, \`/opt/venv/bin/pip\`) or by a variable with a known
\`ARG\`/\`ENV\` value (\`ENV PYTHON=python3.9\` + \`\${PYTHON} -m pip install\`), inside \`sh -c "..."\` (exec form
\`RUN ["/bin/sh", "-c", "..."]\` included) or in a heredoc fed to a shell (\`RUN <<EOF bash\`); \`apt install\` and \`aptitude install\` (DL3008); \`npm i\`, \`npm add\` and
\`npm install pkg@latest\` (DL3016); \`uv pip install\` and \`python -m pip\` with an option before \`install\`
(\`python -m pip --no-cache-dir install flask\`) (DL3013); \`gem install --no-document rails\` (hadolint takes
every option as having a value, so \`rails\` is never looked at); packages next to \`pip install -r file\` or \`.\`
(hadolint skips the whole command); a \`pip\` package whose only comparison is in an environment marker
(\`"flask; python_version<'3.9'"\`); a VCS URL whose only \`@\` is a user name (\`git+ssh://git@github.com/org/repo\`);
go version queries \`@upgrade\`, \`@patch\`, \`@master\`, \`@main\`; and an \`ARG\`/\`ENV\` value that expands to
unpinned packages, reported at the variable.

Reported by hadolint, which reads package words as written, not here: a word with a variable or a command substitution
whose value is not known (\`apt-get install $PACKAGES\`, \`tensorflow\${TF_SUFFIX}\`, \`$(cat packages.txt)\`) or whose
value is pinned (\`ENV CUDNN_PACKAGE=libcudnn8=8.9.7\` then \`apt-get install $CUDNN_PACKAGE\`); \`yum\`/\`dnf\` words \`name-\${VERSION}\` (hadolint accepts only \`ARG\`/\`ENV\` variables there),
\`.rpm\` files, paths and \`@group\`s; \`zypper install -t pattern\`; local \`pip\` projects with extras (\`.[dev]\`);
\`pip install\` while \`PIP_CONSTRAINT\` (or \`UV_CONSTRAINT\`) is set by \`ENV\`, \`ARG\` or on the command, which
makes a constraints file decide the versions, as \`-c\` does;
\`go get pkg@none\` (a removal); \`go run main.go\` (a local source file, which
hadolint takes for a package); and \`pipx install\` (pipx installs tools in their own environments, not packages of
the image's Python). hadolint skips \`go install\` in a \`RUN\` that also has \`go run\`; this rule does not.

On the \`pip\` command line any version operator passes, as in hadolint; in requirements files only \`==\` and \`===\`
do, since those files are where the exact versions of an image are meant to be written down. hadolint does not read
requirements files.`,
    },
  },

  checkDockerfile(file, context) {
    for (const instruction of runInstructions(file)) {
      const script = instruction.script;
      for (const install of packageInstalls(script)) {
        const variant = variantOf(install);
        if (!variant || variant.pinsAll?.(install, instruction)) continue;
        const aliases = variant.alias ? [variant.alias] : [];
        for (const word of install.packages) {
          for (const message of problems(word, variant, instruction, script)) {
            context.report({ range: word.range, message, aliases });
          }
        }
      }
    }
  },

  checkRequirements(file, context) {
    for (const entry of file.entries) {
      if (entry.pinned) continue;
      context.report({ range: entry.nameRange ?? entry.range, message: requirementMessage(entry), aliases: [] });
    }
  },
});

function variantOf(install: PackageInstall): Variant | undefined {
  const manager = install.manager;
  if (manager === 'yum' || manager === 'dnf' || manager === 'microdnf') {
    const alias = manager === 'yum' ? 'DL3033' : 'DL3041';
    // Groups cannot be pinned; `module install` takes `name:stream`.
    if (install.subcommand.value === 'groupinstall') return undefined;
    const before = install.command.args.slice(0, install.command.args.indexOf(install.subcommand));
    if (before.some((w) => w.value === 'module')) return RPM_MODULE(alias);
  }
  // `zypper install -t pattern x`: patterns and patches have no versions to pin.
  if (manager === 'zypper' && install.args.some((w, i) => (w.value === '-t' || w.value === '--type') && install.args[i + 1]?.value !== 'package')) return undefined;
  return VARIANTS[manager];
}

/** The messages for one package word: none when pinned or when what it holds cannot be known. */
function problems(word: ShellWord, variant: Variant, instruction: Instruction, script: ShellScript | undefined): string[] {
  const direct = variant.problem(word.value);
  if (word.literal || direct === undefined) return direct === undefined ? [] : [direct];
  // A word with variables that is not pinned as written (`$PACKAGES`, `python${PY}`): judge what the values
  // expand to, when they are known: the value the script gives at the install, else the ARG/ENV value.
  const names = [...new Set([...word.value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
  if (names.length === 0) return [];
  let value = word.value;
  const fromScript: string[] = [];
  for (const name of names) {
    const known = script?.valueAt(name, word.range.start);
    if (known === undefined) continue;
    if (!known.known) return [];
    // Fields the script cannot know (`P="curl $(echo x)"`) are left out when the word is the variable alone.
    const fields = known.fields.filter((f) => f !== undefined);
    if (fields.length < known.fields.length && !isOnly(word.value, name)) return [];
    fromScript.push(name);
    value = substitute(value, name, fields.join(' '));
  }
  if (fromScript.some((n) => new RegExp(`\\$\\{?${n}\\b`).test(value))) return [];
  const expanded = instruction.expand(value);
  if (/[$`]/.test(expanded)) return [];
  const out: string[] = [];
  for (const value of expanded.split(/\s+/).filter(Boolean)) {
    const problem = variant.problem(value);
    if (problem) out.push(problem.replace(`\`${value}\``, `\`${value}\` (from \`${word.value}\`)`));
  }
  return out;
}

/** `$NAME`, `${NAME}` or `${NAME[@]}` and nothing else. */
function isOnly(text: string, name: string): boolean {
  return text === `$${name}` || text === `\${${name}}` || text === `\${${name}[@]}` || text === `\${${name}[*]}`;
}

/** `$NAME`, `${NAME}` and `${NAME[@]}` replaced by `value`; other forms (`${NAME:-x}`) are left as written. */
function substitute(text: string, name: string, value: string): string {
  return text.replace(new RegExp(`\\$(?:\\{${name}(?:\\[[@*]\\])?\\}|${name}(?![A-Za-z0-9_]))`, 'g'), () => value);
}

/** The path part of a URL: after the scheme and host, before `#` and `?`. */
function urlPath(url: string): string {
  const scheme = url.indexOf('://');
  const hostStart = scheme < 0 ? 0 : scheme + 3;
  const slash = url.indexOf('/', hostStart);
  const path = slash < 0 ? '' : url.slice(slash);
  return path.split(/[#?]/)[0];
}

function requirementMessage(entry: RequirementEntry): string {
  const url = entry.url;
  if (url !== undefined) {
    const label = entry.name === undefined ? `\`${url}\`` : `\`${entry.name}\` (\`${url}\`)`;
    if (VCS_PREFIX.test(url) || /^(git|hg|svn|bzr):/.test(url)) {
      const path = urlPath(url);
      const ref = path.includes('@') ? path.slice(path.lastIndexOf('@') + 1) : undefined;
      const what = ref === undefined ? "installs whatever the repository's default branch holds" : `follows \`${ref}\`, a branch that moves`;
      return `${label} ${what}: pin a tag or commit with \`@<ref>\``;
    }
    return `${label} names no version: point at a versioned archive, or add \`--hash\` so that only this exact file installs`;
  }
  const name = entry.name ?? '';
  const written = `${name}${entry.extras.length > 0 ? `[${entry.extras.join(',')}]` : ''}${entry.specifier}`;
  const fix = `pin it with \`==\`, e.g. \`${name}==<version>\``;
  if (entry.specifier === '') return `\`${written}\` has no version, so any release can be installed: ${fix}`;
  return `\`${written}\` ${specifierAllows(entry.specifier)}: ${fix}`;
}

/** What a version specifier that is not `==` lets through, in words. */
function specifierAllows(specifier: string): string {
  const operators = specifier.split(',').map((c) => /^\s*(===|==|!=|~=|<=|>=|<|>)/.exec(c)?.[1] ?? '');
  const lower = operators.some((o) => o === '>=' || o === '>');
  const upper = operators.some((o) => o === '<=' || o === '<');
  if (operators.includes('~=')) return 'allows newer compatible releases';
  if (operators.every((o) => o === '==' || o === '!=') && operators.includes('==')) return 'allows any release that matches the wildcard';
  if (lower && upper) return 'allows a range of releases';
  if (lower) return 'allows any newer release';
  if (upper) return 'allows any release below the bound';
  if (operators.every((o) => o === '!=')) return 'only excludes releases, any other can be installed';
  return 'does not pin one release';
}
