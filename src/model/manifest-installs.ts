/**
 * Which Python dependency manifests a Dockerfile's RUN commands install, and which parts of them: `pip install -r`,
 * `pip install .[extra]`, `uv sync --group`, `poetry install --with`, `pipenv install --dev`, `pdm install -G`,
 * `conda env create -f`, `micromamba create -f`. This is the one place that maps install commands to manifests;
 * ProjectFiles.manifestsInstalledBy turns the paths into the context's files (src/discover/project-files.ts).
 */
import { posix } from 'node:path';
import type { DockerfileModel, Instruction } from './dockerfile.js';
import type { DeclaredDependency, DependencyManifest, ManifestKind, ManifestModel, PyprojectModel } from './manifests.js';
import type { RequirementsModel } from './requirements.js';
import { flagOperands, packageCommand } from './packages.js';
import type { ShellCommand, ShellWord } from './shell.js';
import { runInstructions, stageLineage } from './stages.js';

export type ManifestInstaller = 'pip' | 'uv' | 'poetry' | 'pipenv' | 'pdm' | 'conda';

/**
 * The parts of a manifest an install puts in the image. Dependencies outside any group or extra are the main
 * ones; `defaults` says which groups the tool installs unasked: uv the `dev` group (or `[tool.uv] default-groups`),
 * Poetry every group not marked optional, pdm all of them.
 */
export interface DependencySelection {
  readonly main: boolean;
  readonly extras: readonly string[] | 'all';
  readonly groups: readonly string[] | 'all';
  readonly excludedGroups: readonly string[];
  readonly defaults: 'none' | 'uv' | 'poetry' | 'all';
}

export interface ManifestInstallSite {
  readonly instruction: Instruction;
  readonly command: ShellCommand;
  readonly installer: ManifestInstaller;
  readonly kind: ManifestKind | 'requirements';
  /** Where the manifest is in the container (absolute, or relative to the WORKDIR of the RUN). */
  readonly containerPath: string;
  /** The word that names it, when the command names it (`-r requirements.txt`, `-f environment.yml`, `.[dev]`). */
  readonly word: ShellWord | undefined;
  readonly selection: DependencySelection;
  /** The lock file this installer follows when it sits beside the manifest (`uv.lock`), if the installer has one. */
  readonly lockFile: string | undefined;
  /** A constraints file decides the versions (`-c constraints.txt`, `PIP_CONSTRAINT`). */
  readonly constrained: boolean;
}

/** A manifest of the build context that a Dockerfile installs: the answer of `Project.manifestsInstalledBy`. */
export interface InstalledManifest {
  readonly site: ManifestInstallSite;
  /** Relative to the build context. */
  readonly contextPath: string;
  /** The parsed file; undefined when it could not be read (it then has its own finding). */
  readonly model: RequirementsModel | ManifestModel | undefined;
  /** The same file in the common shape (requirements adapted). */
  readonly manifest: DependencyManifest | undefined;
  /** The installer's lock file (`uv.lock`, `poetry.lock`, `Pipfile.lock`, `pdm.lock`) is beside it in the context, or a constraints file decides the versions. */
  readonly locked: boolean;
  /** The install runs in a stage whose files are in the final image. */
  readonly inFinalImage: boolean;
  /**
   * For pip and `uv pip`: distributions (normalized names) that an earlier install of the same stage (or a stage it
   * is built on) pinned exactly. pip keeps an installed release that satisfies a range, so `pip install -r requirements.txt` with
   * `flask==3.0.3` before `pip install .` decides flask's version for the project's `flask>=2`.
   */
  pinnedBefore(normalizedName: string): boolean;
}

/**
 * The `pinnedBefore` of each install, in the order of `installs` (file order). Each stage records the first
 * install that pinned each name; a stage's parents come before it in the file, so a lookup walks the lineage
 * and the work stays linear in the installs and their dependencies.
 */
export function pinnedBeforeEach(installs: readonly Omit<InstalledManifest, 'pinnedBefore'>[]): ((normalizedName: string) => boolean)[] {
  const firstPin = new Map<unknown, Map<string, number>>();
  const lookups = installs.map((install, index) => {
    // Only pip and `uv pip` keep what is installed; uv sync, Poetry, pipenv, pdm and conda resolve on their own.
    if (install.site.lockFile !== undefined || install.site.kind === 'conda-environment') return () => false;
    const lineage = stageLineage(install.site.instruction.stage);
    return (name: string) => lineage.some((stage) => (firstPin.get(stage)?.get(name) ?? Infinity) < index);
  });
  installs.forEach((install, index) => {
    if (!install.manifest) return;
    const stage = install.site.instruction.stage;
    let pins = firstPin.get(stage);
    if (!pins) firstPin.set(stage, (pins = new Map()));
    for (const dependency of install.manifest.dependencies) {
      const name = dependency.normalizedName;
      if (dependency.pinned && name !== undefined && !pins.has(name) && isSelected(dependency, install.site.selection, install.manifest)) pins.set(name, index);
    }
  });
  return lookups;
}

const MAIN: DependencySelection = { main: true, extras: [], groups: [], excludedGroups: [], defaults: 'none' };
const EVERYTHING: DependencySelection = { main: true, extras: 'all', groups: 'all', excludedGroups: [], defaults: 'all' };

/** Whether an install that selects `selection` puts `dependency` of `manifest` in the image. */
export function isSelected(dependency: DeclaredDependency, selection: DependencySelection, manifest?: { readonly kind: string }): boolean {
  const { extra, group } = dependency;
  if (group !== undefined) {
    if (selection.excludedGroups.includes(group)) return false;
    if (selection.groups === 'all' || selection.groups.includes(group)) return true;
    switch (selection.defaults) {
      case 'all':
        return true;
      case 'uv':
        return ((manifest as PyprojectModel | undefined)?.defaultGroups ?? ['dev']).includes(group);
      case 'poetry':
        return dependency.section === 'poetry' && !((manifest as PyprojectModel | undefined)?.optionalGroups ?? []).includes(group);
      default:
        return false;
    }
  }
  if (extra !== undefined) return selection.extras === 'all' || selection.extras.includes(extra);
  return selection.main;
}

/** Every manifest install of the Dockerfile's RUN instructions, in file order. */
export function manifestInstallSites(dockerfile: DockerfileModel): ManifestInstallSite[] {
  const sites: ManifestInstallSite[] = [];
  for (const instruction of runInstructions(dockerfile)) {
    for (const command of instruction.script?.commands ?? []) sites.push(...sitesOf(command, instruction));
  }
  return sites;
}

function kindOfPath(path: string, fallback: ManifestKind | 'requirements'): ManifestKind | 'requirements' {
  const name = posix.basename(path);
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'Pipfile') return 'pipfile';
  return fallback;
}

/** `a,b` and repeated options: `--with a,b --with c` → a, b, c. */
function listValues(args: readonly ShellWord[], names: readonly string[]): string[] {
  return flagOperands(args, names).flatMap((w) => w.value.split(',')).filter((v) => v !== '');
}

function has(args: readonly ShellWord[], ...names: string[]): boolean {
  return args.some((w) => names.includes(w.value));
}

function sitesOf(command: ShellCommand, instruction: Instruction): ManifestInstallSite[] {
  const found = packageCommand(command);
  const name = command.name;
  const manager = found?.manager ?? name;
  const args = found?.args ?? command.args;
  const ops = found?.operands ?? args.filter((w) => !w.value.startsWith('-'));
  const sub = ops[0]?.value;
  const after = ops[0] ? args.slice(args.indexOf(ops[0]) + 1) : [];
  const site = (installer: ManifestInstaller, kind: ManifestKind | 'requirements', containerPath: string, word: ShellWord | undefined, selection: DependencySelection, lockFile?: string, constrained = false): ManifestInstallSite => ({
    instruction,
    command,
    installer,
    kind: kindOfPath(containerPath, kind),
    containerPath,
    word,
    selection,
    lockFile,
    constrained,
  });
  const named = (word: ShellWord) => word.literal || !word.value.includes('$');
  const directory = (names: string[]) => flagOperands(after, names)[0]?.value ?? '.';
  switch (manager) {
    case 'pip': {
      const isUv = name === 'uv';
      if (sub === 'sync' || name === 'pip-sync') {
        return ops.slice(1).filter(named).map((w) => site(isUv ? 'uv' : 'pip', 'requirements', w.value, w, MAIN));
      }
      if (sub !== 'install') return [];
      const constraint = (v: string) => command.assignments.some((a) => a.name === v && a.value !== '') || !!instruction.variables.get(v);
      const constrained = flagOperands(after, ['-c', '--constraint']).length > 0 || constraint('PIP_CONSTRAINT') || constraint('UV_CONSTRAINT');
      const extras = has(after, '--all-extras') ? 'all' : listValues(after, ['--extra']);
      const groups = flagOperands(after, ['--group']).map((w) => w.value.slice(w.value.lastIndexOf(':') + 1));
      const out: ManifestInstallSite[] = [];
      for (const word of flagOperands(after, ['-r', '--requirement']).filter(named)) {
        out.push(site(isUv ? 'uv' : 'pip', 'requirements', word.value, word, { ...MAIN, extras, groups }, undefined, constrained));
      }
      if (has(after, '--no-deps')) return out;
      // A local project: `.`, `./sub`, `.[dev]`, `-e .`; not a wheel, an archive or a package name.
      const operandsAfter = ops.slice(1);
      for (const word of [...operandsAfter, ...flagOperands(after, ['-e', '--editable'])]) {
        const match = /^(\.{1,2}(?:\/[^[\]]*)?)(?:\[([^\]]*)\])?$/.exec(word.value);
        if (!match || !named(word) || /\.(whl|zip|tar\.gz|tgz)$/.test(match[1])) continue;
        const wordExtras = (match[2] ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
        const selection: DependencySelection = { ...MAIN, extras: extras === 'all' ? 'all' : [...extras, ...wordExtras], groups };
        out.push(site(isUv ? 'uv' : 'pip', 'pyproject', posix.join(match[1], 'pyproject.toml'), word, selection, undefined, constrained));
      }
      // pip 25.1: `pip install --group dev` reads the groups of ./pyproject.toml.
      if (groups.length > 0 && !out.some((s) => s.kind === 'pyproject')) {
        const file = flagOperands(after, ['--group'])[0].value;
        const path = file.includes(':') ? file.slice(0, file.lastIndexOf(':')) : 'pyproject.toml';
        out.push(site(isUv ? 'uv' : 'pip', 'pyproject', path, undefined, { ...MAIN, main: false, groups }, undefined, constrained));
      }
      return out;
    }
    case 'uv': {
      if (sub !== 'sync') return [];
      const only = listValues(after, ['--only-group']);
      const selection: DependencySelection = {
        main: only.length === 0 && !has(after, '--only-dev'),
        extras: has(after, '--all-extras') ? 'all' : listValues(after, ['--extra']),
        groups: has(after, '--all-groups') ? 'all' : [...listValues(after, ['--group']), ...only, ...(has(after, '--only-dev') ? ['dev'] : [])],
        excludedGroups: [...listValues(after, ['--no-group']), ...(has(after, '--no-dev') ? ['dev'] : [])],
        defaults: only.length > 0 || has(after, '--no-default-groups', '--only-dev') ? 'none' : 'uv',
      };
      return [site('uv', 'pyproject', posix.join(directory(['--project', '--directory']), 'pyproject.toml'), undefined, selection, 'uv.lock')];
    }
    case 'poetry': {
      if (sub !== 'install' && sub !== 'sync') return [];
      const only = listValues(after, ['--only']);
      const onlyRoot = has(after, '--only-root');
      const selection: DependencySelection = {
        main: !onlyRoot && (only.length === 0 || only.includes('main')),
        extras: has(after, '--all-extras') ? 'all' : listValues(after, ['-E', '--extras']),
        groups: only.length > 0 ? only.filter((g) => g !== 'main') : listValues(after, ['--with']),
        excludedGroups: listValues(after, ['--without']),
        defaults: onlyRoot || only.length > 0 || has(after, '--no-dev') ? 'none' : 'poetry',
      };
      return [site('poetry', 'pyproject', posix.join(directory(['-C', '--directory']), 'pyproject.toml'), undefined, selection, 'poetry.lock')];
    }
    case 'pipenv': {
      // `pipenv install flask` adds a package; without one it installs the Pipfile.
      if (!((sub === 'install' && ops.length === 1) || sub === 'sync')) return [];
      const dev = has(after, '--dev', '-d');
      return [site('pipenv', 'pipfile', 'Pipfile', undefined, { ...MAIN, groups: dev ? ['dev'] : [] }, 'Pipfile.lock')];
    }
    case 'pdm': {
      if (sub !== 'install' && sub !== 'sync') return [];
      const chosen = listValues(after, ['-G', '--group']);
      const prod = has(after, '--prod', '--production');
      const selection: DependencySelection = {
        main: !has(after, '--no-default'),
        extras: chosen.includes(':all') ? 'all' : chosen,
        groups: chosen.includes(':all') ? 'all' : chosen,
        excludedGroups: [],
        defaults: prod || chosen.length > 0 ? 'none' : 'all',
      };
      return [site('pdm', 'pyproject', posix.join(directory(['-p', '--project']), 'pyproject.toml'), undefined, selection, 'pdm.lock')];
    }
    case 'conda': {
      const envCommand = sub === 'env' && (ops[1]?.value === 'create' || ops[1]?.value === 'update');
      // `conda install --file specs.txt` reads a list of conda specs, not an environment file.
      const fileFlags = envCommand || name === 'micromamba' || name === 'mamba' ? ['-f', '--file'] : [];
      const word = flagOperands(command.args, fileFlags).find(named);
      if (envCommand) return [site('conda', 'conda-environment', word?.value ?? 'environment.yml', word, EVERYTHING)];
      if (word && (sub === 'install' || sub === 'create' || sub === 'update') && /\.ya?ml$/.test(word.value)) {
        return [site('conda', 'conda-environment', word.value, word, EVERYTHING)];
      }
      return [];
    }
    default:
      return [];
  }
}
