/**
 * Package-manager commands in a shell script: which command installs which
 * packages. Several rules ask this (unpinned versions, sorted arguments, cache
 * order, cache cleanup), so the knowledge of each tool's syntax lives here once.
 */
import { posix } from 'node:path';
import type { BuildContext } from './context.js';
import { copySourcesOf } from './copies.js';
import type { Instruction } from './dockerfile.js';
import { workdirAt } from './stages.js';
import { operands, type ShellCommand, type ShellScript, type ShellWord } from './shell.js';

export type PackageManager =
  | 'apt-get'
  | 'apt'
  | 'aptitude'
  | 'apk'
  | 'pip'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'gem'
  | 'yum'
  | 'dnf'
  | 'microdnf'
  | 'zypper'
  | 'conda'
  | 'uv'
  | 'poetry'
  | 'pipenv'
  | 'bundle'
  | 'go'
  | 'cargo'
  | 'composer';

export interface PackageInstall {
  readonly manager: PackageManager;
  /** The command as written (`pip3`, `python -m pip`, `micromamba` report as pip and conda). */
  readonly command: ShellCommand;
  /** The package operands: `curl`, `flask==2.0`, `git+https://...`. */
  readonly packages: readonly ShellWord[];
  /** `-r file` / `--requirement file` operands (pip, uv pip). */
  readonly requirementFiles: readonly ShellWord[];
  /** `-c file` / `--constraint file` operands (pip, uv pip). */
  readonly constraintFiles: readonly ShellWord[];
  /** The operand after the subcommand, e.g. `install` or `add`. */
  readonly subcommand: ShellWord;
  /** The words after the manager's subcommand (options included), e.g. for `pip install -U x`: `-U`, `x`. */
  readonly args: readonly ShellWord[];
}

interface ManagerSyntax {
  readonly manager: PackageManager;
  readonly subcommands: readonly string[];
  /** Options that take the next word as their value. */
  readonly valueFlags: readonly string[];
}

const APT_VALUE_FLAGS = ['-t', '--target-release', '-o', '--option', '-c', '--config-file', '-a', '--host-architecture'];
const PIP_VALUE_FLAGS = [
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-e', '--editable', '-t', '--target', '--prefix', '--root',
  '-b', '--build', '--src', '--python', '--python-version', '--platform', '--abi', '--implementation', '--no-binary',
  '--only-binary', '--progress-bar', '--proxy', '--root-user-action', '--trusted-host', '--upgrade-strategy', '-r',
  '--requirement', '-c', '--constraint', '--cache-dir', '--log', '--timeout', '--retries', '--exists-action', '--cert',
  '--client-cert', '--config-settings', '-C', '--global-option', '--report', '--group', '--use-feature', '--use-deprecated',
  '--keyring-provider',
  // Options of pip before 10 that still turn up.
  '--allow-external', '--allow-unverified',
  // `uv pip install` reads the same syntax, with a few options of its own.
  '-p', '-P', '--upgrade-package', '--reinstall-package', '--index', '--default-index', '--index-strategy', '--extra',
  '--resolution', '--prerelease', '--exclude-newer', '--link-mode', '--python-platform', '--torch-backend',
  '--no-build-isolation-package', '--config-file',
];
const NPM_VALUE_FLAGS = ['--loglevel', '--registry', '--prefix', '-w', '--workspace', '--omit', '--include', '--cache', '--tag'];
// `--nodocs` and `--override-channels` are switches: they take no value.
const RPM_VALUE_FLAGS = [
  '--enablerepo', '--disablerepo', '--setopt', '--installroot', '--releasever', '-x', '--exclude', '--repo', '--repofrompath',
  '-d', '--debuglevel', '-e', '--errorlevel', '--rpmverbosity', '--downloaddir', '--destdir', '--forcearch',
];
// `-f` is micromamba's and mamba's `--file` (an environment file or a spec list), not a package.
const CONDA_VALUE_FLAGS = [
  '-c', '--channel', '-n', '--name', '-p', '--prefix', '--file', '-f', '--clone', '--solver', '--repodata-fn', '--platform', '--subdir',
  '--revision', '--experimental', '-r', '--root-prefix', '--rc-file', '--log-level', '--category', '--channel-priority',
];
/** `conda install -yn env`: a cluster of short switches ending in one that takes a value (`-n`, `-c`, `-p`, `-f`). */
const CONDA_VALUE_CLUSTER = /^-[A-Za-z]+[ncpf]$/;

const SYNTAX: Readonly<Record<string, ManagerSyntax>> = {
  'apt-get': { manager: 'apt-get', subcommands: ['install'], valueFlags: APT_VALUE_FLAGS },
  apt: { manager: 'apt', subcommands: ['install'], valueFlags: APT_VALUE_FLAGS },
  aptitude: { manager: 'aptitude', subcommands: ['install'], valueFlags: APT_VALUE_FLAGS },
  apk: { manager: 'apk', subcommands: ['add'], valueFlags: ['-t', '--virtual', '--repository', '-X', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file'] },
  pip: { manager: 'pip', subcommands: ['install'], valueFlags: PIP_VALUE_FLAGS },
  npm: { manager: 'npm', subcommands: ['install', 'i', 'add', 'ci'], valueFlags: NPM_VALUE_FLAGS },
  yarn: { manager: 'yarn', subcommands: ['add', 'install', 'global'], valueFlags: ['--cache-folder', '--modules-folder', '--network-timeout', '--registry'] },
  pnpm: { manager: 'pnpm', subcommands: ['add', 'install', 'i'], valueFlags: ['--filter', '-F', '--store-dir', '--registry'] },
  gem: { manager: 'gem', subcommands: ['install', 'i'], valueFlags: ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s', '--platform', '-P', '--trust-policy', '--build-root'] },
  yum: { manager: 'yum', subcommands: ['install', 'groupinstall', 'localinstall'], valueFlags: RPM_VALUE_FLAGS },
  dnf: { manager: 'dnf', subcommands: ['install', 'groupinstall', 'localinstall'], valueFlags: RPM_VALUE_FLAGS },
  microdnf: { manager: 'microdnf', subcommands: ['install'], valueFlags: RPM_VALUE_FLAGS },
  zypper: { manager: 'zypper', subcommands: ['install', 'in'], valueFlags: ['-r', '--repo', '--from', '-t', '--type', '-R', '--root', '--reposd-dir', '--cache-dir'] },
  conda: { manager: 'conda', subcommands: ['install', 'create'], valueFlags: CONDA_VALUE_FLAGS },
  uv: { manager: 'uv', subcommands: ['add', 'sync', 'pip'], valueFlags: ['--python', '-p', '--index-url', '--extra-index-url', '--group', '--extra'] },
  poetry: { manager: 'poetry', subcommands: ['install', 'add'], valueFlags: ['--with', '--without', '--only', '-E', '--extras', '-G', '--group'] },
  pipenv: { manager: 'pipenv', subcommands: ['install', 'sync'], valueFlags: ['--python', '-r', '--requirements'] },
  bundle: { manager: 'bundle', subcommands: ['install'], valueFlags: ['--path', '--jobs', '-j', '--without', '--with'] },
  go: {
    manager: 'go',
    subcommands: ['install', 'get'],
    valueFlags: ['-C', '-o', '-tags', '-ldflags', '-gcflags', '-asmflags', '-mod', '-modfile', '-p', '-pkgdir', '-buildmode', '-compiler', '-gccgoflags', '-installsuffix', '-overlay', '-pgo', '-toolexec'],
  },
  cargo: { manager: 'cargo', subcommands: ['install'], valueFlags: ['--version', '--git', '--branch', '--tag', '--rev', '--path', '--root', '--features'] },
  composer: { manager: 'composer', subcommands: ['install', 'require'], valueFlags: ['--working-dir', '-d'] },
};

const CONDA_NAMES = new Set(['conda', 'mamba', 'micromamba']);
const PIP_NAME = /^pip(\d+(\.\d+)*)?$/;
const PYTHON_NAME = /^python(\d+(\.\d+)*)?$/;

/** The manager a command belongs to and the words after its name (`python -m pip install x` → pip, `install x`). */
export function managerOf(command: ShellCommand): { syntax: ManagerSyntax; args: readonly ShellWord[] } | undefined {
  const name = command.name || literalBasename(command.nameWord.value);
  if (PIP_NAME.test(name)) return { syntax: SYNTAX.pip, args: command.args };
  if (PYTHON_NAME.test(name)) {
    const m = command.args.findIndex((w) => w.value === '-m');
    if (m >= 0 && PIP_NAME.test(command.args[m + 1]?.value ?? '')) return { syntax: SYNTAX.pip, args: command.args.slice(m + 2) };
    return undefined;
  }
  if (name === 'uv' && command.args[0]?.value === 'pip') return { syntax: SYNTAX.pip, args: command.args.slice(1) };
  if (CONDA_NAMES.has(name)) return { syntax: SYNTAX.conda, args: command.args };
  const syntax = Object.hasOwn(SYNTAX, name) ? SYNTAX[name] : undefined;
  return syntax ? { syntax, args: command.args } : undefined;
}

/** `${VENV}/bin/pip` → `pip`: the program's name when only its directory is a variable. */
function literalBasename(word: string): string {
  const base = word.slice(word.lastIndexOf('/') + 1);
  return base === word || /[$`]/.test(base) ? '' : base;
}

/**
 * Every package-installing command of a script, with its packages. A dozen rules and model queries ask this of every
 * RUN: worked out once per script (scripts never change) and shared, so the array is frozen.
 */
export function packageInstalls(script: ShellScript | undefined): readonly PackageInstall[] {
  if (!script) return [];
  let installs = installsByScript.get(script);
  if (installs === undefined) {
    const found: PackageInstall[] = [];
    for (const command of script.commands) {
      const install = packageInstall(command);
      if (install) found.push(install);
    }
    installsByScript.set(script, (installs = Object.freeze(found)));
  }
  return installs;
}

const installsByScript = new WeakMap<ShellScript, readonly PackageInstall[]>();
const installByCommand = new WeakMap<ShellCommand, PackageInstall | null>();

/** The install a command is, if it is one; worked out once per command. */
export function packageInstall(command: ShellCommand): PackageInstall | undefined {
  let install = installByCommand.get(command);
  if (install === undefined) installByCommand.set(command, (install = readInstall(command) ?? null));
  return install ?? undefined;
}

function readInstall(command: ShellCommand): PackageInstall | undefined {
  const found = managerOf(command);
  if (!found) return undefined;
  const { syntax, args } = found;
  const view = { ...command, args } as ShellCommand;
  const clusters = syntax.manager === 'conda' ? args.filter((w) => CONDA_VALUE_CLUSTER.test(w.value)).map((w) => w.value) : [];
  const ops = operands(view, [...syntax.valueFlags, ...clusters]);
  let subIndex = 0;
  // `yarn global add x`, `dnf module install x`: the subcommand is the second operand.
  if ((syntax.manager === 'yarn' && ops[0]?.value === 'global') || (ops[0]?.value === 'module' && ops[1]?.value === 'install')) subIndex = 1;
  const subcommand = ops[subIndex];
  if (!subcommand) return undefined;
  const wanted = syntax.manager === 'yarn' && subIndex === 1 ? ['add'] : syntax.subcommands;
  if (!wanted.includes(subcommand.value) && !(subIndex === 1 && subcommand.value === 'install')) return undefined;
  const after = args.slice(args.indexOf(subcommand) + 1);
  const packages = ops.slice(subIndex + 1);
  return {
    manager: syntax.manager,
    command,
    packages,
    requirementFiles: flagOperands(after, ['-r', '--requirement']),
    constraintFiles: flagOperands(after, ['-c', '--constraint']),
    subcommand,
    args: after,
  };
}

/** The values of a repeatable option: `-r a.txt -r b.txt`, `--requirement=c.txt`. */
export function flagOperands(args: readonly ShellWord[], names: readonly string[]): ShellWord[] {
  const values: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (names.includes(value) && args[i + 1]) {
      values.push(args[i + 1]);
      i++;
      continue;
    }
    for (const name of names) {
      if (name.startsWith('--') && value.startsWith(`${name}=`)) {
        const start = args[i].range.start;
        values.push({ ...args[i], value: value.slice(name.length + 1), range: { start: { line: start.line, column: start.column + name.length + 1 }, end: args[i].range.end } });
      }
    }
  }
  return values;
}

/**
 * Where a file the container reads at `containerPath` came from in the build context, if that can be told:
 * the latest COPY/ADD or bind mount that can have put it there and whose source the context holds
 * (`copySourcesOf`); failing that, the same path, then the same name at the context's root.
 */
export function contextPathOf(instruction: Instruction, containerPath: string, context: BuildContext): string | undefined {
  for (const origin of copySourcesOf(instruction, containerPath)) {
    if (origin.contextPath && context.exists(origin.contextPath)) return origin.contextPath;
  }
  const direct = normalizeContextPath(containerPath);
  if (context.exists(direct)) return direct;
  const name = posix.basename(posix.resolve(workdirAt(instruction), containerPath));
  if (context.exists(name)) return name;
  return undefined;
}

function normalizeContextPath(path: string): string {
  const clean = posix.normalize(path.replace(/^\/+/, ''));
  return clean === '.' ? '' : clean.replace(/\/$/, '');
}

/** Installs of one ecosystem put the same kind of dependencies in the image. */
export type Ecosystem = 'python' | 'node' | 'ruby' | 'go' | 'php' | 'rust';

/** An install that reads a project's dependency manifest (`pip install -r`, `npm ci`, `go mod download`) rather than naming packages. */
export interface ManifestInstall {
  readonly command: ShellCommand;
  readonly ecosystem: Ecosystem;
  /**
   * What it reads: the files named on the command line (`-r requirements/dev.txt`, `-f environment.yml`),
   * else the tool's own manifest and lock file (`package.json`, `package-lock.json`).
   */
  readonly manifests: readonly string[];
  /** True when `manifests` were named on the command line. */
  readonly namedFiles: boolean;
}

/** The manifest-driven dependency install a command runs, if any. */
export function manifestInstall(command: ShellCommand): ManifestInstall | undefined {
  const result = (ecosystem: Ecosystem, manifests: readonly string[], namedFiles = false): ManifestInstall => ({ command, ecosystem, manifests, namedFiles });
  const found = managerOf(command);
  const manager = found?.syntax.manager;
  const name = command.name;
  if (manager === 'pip') {
    // pip, pip3, python -m pip, uv pip.
    const view = { ...command, args: found!.args } as ShellCommand;
    const ops = operands(view, PIP_VALUE_FLAGS);
    if (ops[0]?.value === 'sync' && ops.length > 1) return result('python', ops.slice(1).map((w) => w.value), true);
    if (ops[0]?.value !== 'install') return undefined;
    const after = found!.args.slice(found!.args.indexOf(ops[0]) + 1);
    const files = flagOperands(after, ['-r', '--requirement']);
    if (files.length > 0) return result('python', files.map((w) => w.value), true);
    if (after.some((w) => w.value === '--no-deps')) return undefined;
    // The project in the working directory (`.`, `./`, `.[dev]`), not a sub-folder or a wheel.
    const local = [...ops.slice(1), ...flagOperands(after, ['-e', '--editable'])].some((w) => /^\.\/?(\[.*\])?$/.test(w.value));
    return local ? result('python', ['pyproject.toml']) : undefined;
  }
  const ops = operands(command, found?.syntax.valueFlags ?? ['--cwd']);
  const sub = ops[0]?.value;
  const only = ops.length === 1;
  switch (manager ?? name) {
    case 'uv':
      return sub === 'sync' ? result('python', ['pyproject.toml', 'uv.lock']) : undefined;
    case 'poetry':
      return sub === 'install' || sub === 'sync' ? result('python', ['pyproject.toml', 'poetry.lock']) : undefined;
    case 'pipenv':
      return (sub === 'install' && only) || sub === 'sync' ? result('python', ['Pipfile', 'Pipfile.lock']) : undefined;
    case 'pip-sync':
      return result('python', ops.length > 0 ? ops.map((w) => w.value) : ['requirements.txt'], ops.length > 0);
    case 'pdm':
      return sub === 'install' || sub === 'sync' ? result('python', ['pyproject.toml', 'pdm.lock']) : undefined;
    case 'conda': {
      const envFile = sub === 'env' && (ops[1]?.value === 'create' || ops[1]?.value === 'update');
      const file = flagOperands(command.args, envFile || name === 'micromamba' ? ['-f', '--file'] : ['--file'])[0]?.value;
      if (envFile) return result('python', [file ?? 'environment.yml'], true);
      return file && (sub === 'install' || sub === 'create' || sub === 'update') ? result('python', [file], true) : undefined;
    }
    case 'npm':
      return (sub === 'ci' || sub === 'install' || sub === 'i') && only ? result('node', ['package.json', 'package-lock.json']) : undefined;
    case 'yarn':
      return ops.length === 0 || (sub === 'install' && only) ? result('node', ['package.json', 'yarn.lock']) : undefined;
    case 'pnpm':
      return ((sub === 'install' || sub === 'i') && only) || sub === 'fetch' ? result('node', ['package.json', 'pnpm-lock.yaml']) : undefined;
    case 'bun':
      return (sub === 'install' || sub === 'i') && only ? result('node', ['package.json', 'bun.lock']) : undefined;
    case 'bundle':
      return ops.length === 0 || sub === 'install' ? result('ruby', ['Gemfile', 'Gemfile.lock']) : undefined;
    case 'go':
      return sub === 'mod' && ops[1]?.value === 'download' ? result('go', ['go.mod', 'go.sum']) : undefined;
    case 'composer':
      return sub === 'install' ? result('php', ['composer.json', 'composer.lock']) : undefined;
    case 'cargo':
      return sub === 'fetch' ? result('rust', ['Cargo.toml', 'Cargo.lock']) : undefined;
    default:
      return undefined;
  }
}

/** A package manager's command, whatever it does: `apt-get update`, `yum clean all`, `apk upgrade`, `uv pip install`. */
export interface PackageCommand {
  /** `uv pip ...` and `python -m pip ...` report as pip, `mamba`/`micromamba` as conda. */
  readonly manager: PackageManager;
  readonly command: ShellCommand;
  /** The words that are neither options nor option values, the subcommand first (`clean`, `all`). */
  readonly operands: readonly ShellWord[];
  /** The words after the manager's name, options included (after `pip` in `python -m pip` and `uv pip`). */
  readonly args: readonly ShellWord[];
}

/** The package manager a command runs and its operands, whatever the subcommand. */
export function packageCommand(command: ShellCommand): PackageCommand | undefined {
  const found = managerOf(command);
  if (!found) return undefined;
  const view = { ...command, args: found.args } as ShellCommand;
  return { manager: found.syntax.manager, command, operands: operands(view, found.syntax.valueFlags), args: found.args };
}

/** A file an install reads, named on its command line. */
export interface InstallFileArgument {
  /** The word naming the file, as written (`requirements.txt`, `$REQ`, `--requirement=dev.txt` gives `dev.txt`). */
  readonly word: ShellWord;
  /** pip's `requirements` (`-r`, `pip-sync`, `uv pip sync`) and `constraints` (`-c`); a conda `environment` file; a conda `spec-list` (`conda install --file`). */
  readonly format: 'requirements' | 'constraints' | 'environment' | 'spec-list';
}

/**
 * The files an install reads by name: `pip install -r/-c` (also `pip3`, `python -m pip`, `uv pip`, and `pip download`/`wheel`,
 * which read them the same way), `pip-sync FILE...`, `uv pip sync FILE...`, `conda env create/update -f`, `mamba`/`micromamba`
 * `install`/`create`/`update -f`, `conda install --file`. Files a tool reads by default (`environment.yml`, `pyproject.toml`) are
 * not named, so not listed: `manifestInstall` says which those are.
 */
export function installFileArguments(command: ShellCommand): InstallFileArgument[] {
  const of = (words: readonly ShellWord[], format: InstallFileArgument['format']) => words.map((word) => ({ word, format }));
  if (command.name === 'pip-sync') return of(operands(command, PIP_VALUE_FLAGS), 'requirements');
  const found = managerOf(command);
  if (!found) return [];
  const view = { ...command, args: found.args } as ShellCommand;
  const ops = operands(view, found.syntax.valueFlags);
  const sub = ops[0]?.value;
  const after = found.args.slice(found.args.indexOf(ops[0]) + 1);
  if (found.syntax.manager === 'pip') {
    if (sub === 'sync') return of(ops.slice(1), 'requirements');
    if (sub !== 'install' && sub !== 'download' && sub !== 'wheel') return [];
    return [...of(flagOperands(after, ['-r', '--requirement']), 'requirements'), ...of(flagOperands(after, ['-c', '--constraint']), 'constraints')];
  }
  if (found.syntax.manager !== 'conda') return [];
  if (sub === 'env' && (ops[1]?.value === 'create' || ops[1]?.value === 'update')) return of(flagOperands(after, ['-f', '--file']), 'environment');
  if (sub !== 'install' && sub !== 'create' && sub !== 'update') return [];
  // `conda install --file` reads a list of specs; micromamba's `-f` takes an environment file or a spec list alike.
  const files = flagOperands(after, command.name === 'micromamba' ? ['-f', '--file'] : ['--file']);
  return files.map((word) => ({ word, format: /\.ya?ml$/i.test(word.value) ? 'environment' : 'spec-list' }));
}
