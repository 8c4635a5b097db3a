import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { packageSpec, packageSpecs, vcsRef, type PackageSpec } from '../src/model/package-spec.js';
import { packageInstalls, type PackageInstall, type PackageManager } from '../src/model/packages.js';
import { specifierOperators, type RequirementEntry } from '../src/model/requirements.js';
import { expandWord, hasFlag, type ShellScript } from '../src/model/shell.js';
import { runInstructions } from '../src/model/stages.js';
import type { DeclaredDependency } from '../src/model/manifests.js';
import { isSelected } from '../src/model/manifest-installs.js';

/** The hadolint code of each package manager's check; a manager not listed here is not checked. */
const ALIASES: Partial<Record<PackageManager, string | undefined>> = {
  'apt-get': 'DL3008',
  apt: 'DL3008',
  aptitude: 'DL3008',
  apk: 'DL3018',
  pip: 'DL3013',
  npm: 'DL3016',
  yarn: undefined,
  pnpm: undefined,
  gem: 'DL3028',
  yum: 'DL3033',
  dnf: 'DL3041',
  microdnf: 'DL3041',
  zypper: 'DL3037',
  go: 'DL3062',
  // hadolint has no conda check: conda words carry no peer code.
  conda: undefined,
};

export default defineRule({
  meta: {
    id: 'unpinned-version',
    aliases: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028', 'DL3033', 'DL3037', 'DL3041', 'DL3062'],
    severity: 'warning',
    category: 'reproducibility',
    summary: 'Package installed without a version, on a `RUN` line, in a requirements file or in a manifest an image installs',
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
      notes: `A command reports once, at its first unpinned package, and names the others (hadolint reports once per \`RUN\`):
one fix, one place. Each finding carries the hadolint code of its package manager:
\`apt-get\`/\`apt\`/\`aptitude install\` (DL3008: \`name=version\`, a \`/release\` suffix or a \`.deb\` file),
\`apk add\` (DL3018: \`=\`, \`~\`, \`<\`, \`>\` or an \`.apk\` file),
\`pip install\`, \`pip3\`, \`python -m pip\`, \`uv pip install\` (DL3013: any version operator, a path, URL, archive, or a
VCS URL with \`@ref\`),
\`npm install\`/\`i\`/\`add\` (DL3016: \`name@version\`, a path, tarball, or git URL with \`#ref\`),
\`gem install\` (DL3028: \`name:version\` or \`-v\`),
\`yum\` (DL3033) and \`dnf\`/\`microdnf\` (DL3041) \`install\` (\`name-version\`, \`.rpm\` files; \`module install\` needs
\`name:stream\`), \`zypper install\` (DL3037: \`=\`, \`<\`, \`>\`), and \`go install\`/\`go get\` (DL3062:
\`path@version\`, local paths). \`yarn add\` and \`pnpm add\` are checked like npm, with no hadolint code.

\`conda\`, \`mamba\` and \`micromamba\` \`install\`/\`create\` are checked with no hadolint code (hadolint has no conda
check). conda reads a version after \`=\` as a prefix (\`numpy=1.26\` is every 1.26.x release, like \`numpy=1.26.*\`), so
a spec pins when it names one release: \`numpy==1.26.4\`, \`numpy=1.26.4\` (with three parts, one release in practice, as
the custom has it), \`numpy=1.26.4=<build>\`, \`"numpy 1.26.4"\` (an exact match), a version from a variable
(\`numpy=\${NUMPY_VERSION}\`) and a package file (\`./pkg-1.0-0.tar.bz2\`). \`numpy\`, \`conda-forge::numpy\`,
\`"numpy>=1.26"\`, \`numpy=1.26\`, \`"numpy 1.26.*"\` and \`blas=*=openblas\` do not; a two-part version after \`=\`
is reported even for a package that has no patch releases (\`pip=24.2\`: write \`pip==24.2\`). \`python=3.11\` is not
reported: choosing the interpreter's minor release is the custom, and its patch releases are compatible; nor are the
CUDA selectors \`pytorch-cuda=12.1\` and \`cuda-version=12.4\`, whose releases are CUDA minor versions. The values
of \`-c\`, \`-n\`, \`-p\`, \`-f\`/\`--file\`, \`--solver\`, \`--clone\` and the env name of \`-yn env\` are not packages; a
\`--file\` spec list is not read. An \`environment.yml\` is judged by the same grammar, reported on that file: its conda
entries (its \`python\` and \`pip\` lines too) like command words, its \`pip:\` entries like a requirements file's.

Commands are found wherever they run: after \`&&\` and \`;\`, behind \`sudo\` or \`env\`, inside \`sh -c "..."\`, in
exec form and in heredocs. A package word with a variable (\`flask==\${FLASK_VERSION}\`) is pinned when its literal part
is; a word that is only a variable (\`$PACKAGES\`) is judged by the value it expands to: the one the script gives it on
every path to the install (\`buildDeps='gcc make'; apt-get install $buildDeps\`, \`PKGS=(curl git)\` with
\`"\${PKGS[@]}"\`, \`P=x set -x\` in \`sh\`, where an assignment before a special builtin stays set), else the
\`ARG\`/\`ENV\` value; it is left alone when that value is not known (set in an \`if\` branch or loop that may not
run, by \`read\` or \`for\`). An assignment after the install, or in a subshell, does not change it. Of a value with a
command substitution (\`P="curl git $(cat extra)"\`), the words outside the substitution are judged. A variable that cannot give the package a version leaves it unpinned whatever it holds: one inside pip extras (\`"mosaicml[$EXTRAS]"\`). Values of options (\`--virtual .deps\`, \`-t bookworm-backports\`, \`-i https://...\`) are not
packages. \`pip install\` with \`-c constraints.txt\`, or while \`PIP_CONSTRAINT\`/\`UV_CONSTRAINT\` is set, is not
reported: the constraints file decides the versions. \`pip install -r file\` is not itself reported: the requirements file is linted, and so are the files it
includes.

In requirements files, every entry that is not pinned exactly is reported at its name: only \`==\` (without \`.*\`) and
\`===\` pin a version; \`>=\`, \`~=\`, \`<\` and \`!=\` allow other releases. Local projects, archives with a version in
their name, VCS URLs at a commit or tag, and URLs with \`--hash\` count as pinned.

\`pyproject.toml\`, \`Pipfile\` and conda environment files are judged differently, because ranges there are
normal: a library declares what it works with, and a lock file (\`uv.lock\`, \`poetry.lock\`, \`Pipfile.lock\`,
\`pdm.lock\`) pins the versions an application installs. So a dependency of such a manifest is reported, at its
name, only when a Dockerfile of the run installs that manifest without a lock: \`pip install .\` or \`uv pip install
-r pyproject.toml\` without \`-c\` (pip reads no lock file), \`uv sync\` without \`uv.lock\` beside the
\`pyproject.toml\` in the build context, \`poetry install\` without \`poetry.lock\`, \`pipenv install\`/\`sync\`
without \`Pipfile.lock\`, \`pdm install\` without \`pdm.lock\`, \`conda env create -f\` and \`micromamba
create\`/\`install -f\` (conda has no lock file of its own). Only the parts the install selects count: the main
dependencies, the extras it names (\`.[ml]\`, \`--extra\`, \`-E\`, \`--all-extras\`) and the groups it installs
(uv's \`dev\` group or \`[tool.uv] default-groups\` unless \`--no-dev\`/\`--no-default-groups\`, \`--group\`,
\`--only-group\`; Poetry's groups not marked \`optional\`, \`--with\`, \`--without\`, \`--only\`; Pipfile
\`[dev-packages]\` with \`--dev\`; pdm's groups unless \`--prod\`). For \`pip install .\`, a dependency that an
earlier \`pip install\` of the same stage pinned exactly (\`-r requirements.txt\` with \`flask==3.0.3\`) is not
reported: pip keeps the installed release. Poetry's bare \`1.2.3\` and \`==1.2.3\`, a Pipfile's \`==1.2.3\`, and
conda's \`==1.2.3\`, \`=1.2.3\` and \`=1.2.3=build\` pin; \`^\`, \`~\`, \`*\`, ranges and conda's \`=1.26\`
(every 1.26.x) do not. Local paths and VCS sources at a \`rev\`/\`tag\` count as pinned. A \`pyproject.toml\` that no
Dockerfile of the run installs is not reported.`,
      differences: `Each finding carries the hadolint code of its package manager, also where hadolint itself would not
report it, so that \`# hadolint ignore=DL3008\` and \`"DL3008": "off"\` keep working.

conda, mamba and micromamba words are checked here and by no peer: their findings carry no peer code.

Reported here, not by hadolint: commands hadolint does not see, behind \`sudo\`, \`env\` or another wrapper
(\`xargs\`, \`gosu\`), called by a path (\`/usr/bin/apt-get\`, \`/opt/venv/bin/pip\`) or by a variable with a known
\`ARG\`/\`ENV\` value (\`ENV PYTHON=python3.9\` + \`\${PYTHON} -m pip install\`), inside \`sh -c "..."\` (exec form
\`RUN ["/bin/sh", "-c", "..."]\` included) or in a heredoc fed to a shell (\`RUN <<EOF bash\`); \`apt install\` and \`aptitude install\` (DL3008); \`npm i\`, \`npm add\` and
\`npm install pkg@latest\` (DL3016); \`uv pip install\` and \`python -m pip\` with an option before \`install\`
(\`python -m pip --no-cache-dir install flask\`) (DL3013); \`gem install --no-document rails\` (hadolint takes
every option as having a value, so \`rails\` is never looked at); packages next to \`pip install -r file\` or \`.\`
(hadolint skips the whole command); a \`pip\` package whose only comparison is in an environment marker
(\`"flask; python_version<'3.9'"\`); a \`name @ git+https://...\` URL without a ref (hadolint takes its \`@\` for a pin); a VCS URL whose only \`@\` is a user name (\`git+ssh://git@github.com/org/repo\`);
go version queries \`@upgrade\`, \`@patch\`, \`@master\`, \`@main\`; and an \`ARG\`/\`ENV\` value that expands to
unpinned packages, reported at the variable.

Reported by hadolint, which reads package words as written, not here: a word with a variable or a command substitution
whose value is not known (\`apt-get install $PACKAGES\`, \`tensorflow\${TF_SUFFIX}\`, \`$(cat packages.txt)\`) or whose
value is pinned (\`ENV CUDNN_PACKAGE=libcudnn8=8.9.7\` then \`apt-get install $CUDNN_PACKAGE\`); \`yum\`/\`dnf\` words \`name-\${VERSION}\` (hadolint accepts only \`ARG\`/\`ENV\` variables there),
\`.rpm\` files, paths and \`@group\`s; \`zypper install -t pattern\`; local \`pip\` projects and versioned wheels with extras (\`.[dev]\`, \`x-1.0-py3-none-any.whl[all]\`);
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
        if (!Object.hasOwn(ALIASES, install.manager) || pinsAll(install, instruction)) continue;
        const alias = ALIASES[install.manager];
        const aliases = alias ? [alias] : [];
        // One finding per command, at its first unpinned package, naming the others: one fix, one place.
        const found = packageSpecs(install).flatMap((spec) => problems(spec, install, instruction, script).map((message) => ({ spec, message })));
        if (found.length === 0) continue;
        context.report({ range: found[0].spec.range, message: commandMessage(found.map((f) => f.message)), aliases });
      }
    }
  },

  checkRequirements(file, context) {
    for (const entry of file.entries) {
      if (entry.pinned) continue;
      context.report({ range: entry.nameRange ?? entry.range, message: requirementMessage(entry), aliases: [] });
    }
  },

  checkManifest(file, context) {
    // A project's ranges are normal for a library, and a lock file pins them for an image: only the parts that a
    // Dockerfile of this run installs without a lock are the image's versions.
    const installs = context.project.installsOf(file.path).filter((i) => !i.locked);
    if (installs.length === 0) return;
    // An environment file's `python` and `pip` lines are no dependency of the application, but they are installed.
    for (const dependency of file.kind === 'conda-environment' ? [...file.dependencies, ...file.tools] : file.dependencies) {
      if (dependency.pinned) continue;
      // An install that selects it, where no earlier install of the stage pinned it already.
      const install = installs.find((i) => isSelected(dependency, i.site.selection, file) && !i.pinnedBefore(dependency.normalizedName ?? ''));
      if (!install) continue;
      context.report({ range: dependency.nameRange ?? dependency.range, message: manifestMessage(dependency, install.site.installer, install.site.lockFile), aliases: [] });
    }
  },
});

/** What to say about a manifest's dependency that an image installs unpinned, and what pins it. */
function manifestMessage(dependency: DeclaredDependency, installer: string, lockFile: string | undefined): string {
  const name = dependency.name ?? '';
  const spec = dependency.specifier.replace(/^"(.*)"$/, '$1');
  const written = spec === '' || dependency.source !== undefined ? `\`${name}\`` : dependency.section === 'poetry' || dependency.section === 'pipfile' ? `\`${name} = "${spec}"\`` : `\`${name}${spec}\``;
  const why =
    dependency.unpinnedReason ??
    (dependency.source === 'git' ? "installs whatever the repository's default branch holds" : dependency.source === 'url' ? 'names no version' : spec === '' ? 'has no version, so any release can be installed' : specifierAllows(spec));
  const fix =
    lockFile !== undefined
      ? `add \`${lockFile}\` beside it in the build context (${installer} then installs the locked versions), or pin an exact version`
      : dependency.conda
        ? `pin one release, e.g. \`${name}=<version>\` (\`conda env export\` lists them)`
        : dependency.section === 'conda-pip'
          ? `pin it with \`==\`, e.g. \`${name}==<version>\``
          : `install with a constraints file (\`${installer === 'uv' ? 'uv pip' : installer} install -c constraints.txt\`) or pin an exact version`;
  return `${written} ${why}: ${installer} installs what is newest on the day of the build; ${fix}`;
}

/** The whole command pins its packages another way (`gem install x -v 1.2`, `pip install -c constraints.txt`). */
function pinsAll(install: PackageInstall, instruction: Instruction): boolean {
  if (install.manager === 'gem') return hasFlag({ ...install.command, args: install.args }, '-v', '--version');
  if (install.manager !== 'pip') return false;
  // A constraints file decides the versions of everything installed.
  if (install.constraintFiles.length > 0) return true;
  // An empty value (`ARG PIP_CONSTRAINT=`) switches constraints off.
  const constraint = (name: string) => install.command.assignments.some((a) => a.name === name && a.value !== '') || !!instruction.variables.get(name);
  return constraint('PIP_CONSTRAINT') || constraint('UV_CONSTRAINT');
}

/** The finding of one command: the first package's message, and the other packages of the command that float. */
function commandMessage(messages: readonly string[]): string {
  if (messages.length === 1) return messages[0];
  // Each message names its package first, in backticks.
  const names = messages.slice(1).map((m) => /`[^`]*`/.exec(m)?.[0] ?? '');
  const shown = names.length > 4 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
  const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return `${messages[0]}; so ${shown.length === 1 && names.length === 1 ? 'is' : 'are'} ${list} of the same command`;
}

/** What to say about a package that does not pin one release. */
function message(spec: PackageSpec): string | undefined {
  const shown = spec.written;
  switch (spec.unpinned) {
    case undefined:
      return undefined;
    case 'no-version':
      return `\`${shown}\` is installed without a version: pin it as \`${spec.pinnedForm}\` so that rebuilds get the same release`;
    case 'moving-version':
      return `\`${shown}\` asks for whatever is newest at build time: pin a version, e.g. \`${spec.pinnedForm}\``;
    case 'default-branch':
      return `\`${shown}\` installs whatever the repository's default branch holds: pin a tag or commit with \`${spec.pinnedForm}\``;
    case 'no-stream':
      return `Module \`${shown}\` is installed without a stream: pin it as \`${spec.pinnedForm}\``;
    case 'version-series':
      return `\`${shown}\` matches every release of that series, so the newest is installed at build time: pin one release, e.g. \`${spec.pinnedForm}\``;
    case 'version-range':
      return `\`${shown}\` allows a range of releases, so the newest is installed at build time: pin one release, e.g. \`${spec.pinnedForm}\``;
  }
}

/** The messages for one package word: none when pinned or when what it holds cannot be known. */
function problems(spec: PackageSpec, install: PackageInstall, instruction: Instruction, script: ShellScript | undefined): string[] {
  const direct = spec.pinned === false ? message(spec) : undefined;
  if (spec.word.literal || direct === undefined) return direct === undefined ? [] : [direct];
  // A word with variables that is not pinned as written (`$PACKAGES`, `python${PY}`): judge what the values
  // expand to, when they are known: what the script sets on every path to the install (`buildDeps='gcc make'`), else ARG/ENV.
  const values = expandWord(spec.word, script, (text) => instruction.expand(text));
  // Not known: still unpinned when the variables cannot give it a version (`"mosaicml[$EXTRAS]"`).
  if (values === undefined) return spec.pinKnown ? [direct] : [];
  const out: string[] = [];
  for (const value of values) {
    const problem = message(packageSpec(install, spec.word, value));
    if (problem) out.push(problem.replace(`\`${value}\``, `\`${value}\` (from \`${spec.word.value}\`)`));
  }
  return out;
}

function requirementMessage(entry: RequirementEntry): string {
  const url = entry.url;
  if (url !== undefined) {
    const label = entry.name === undefined ? `\`${url}\`` : `\`${entry.name}\` (\`${url}\`)`;
    if (/^(git|hg|svn|bzr)[+:]/.test(url)) {
      const ref = vcsRef(url);
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
  const operators = specifierOperators(specifier);
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
