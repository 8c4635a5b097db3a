/**
 * The Python packages an image installs, wherever they are named: on the command line of a `RUN`
 * (`pip install torch==2.3.1`, `uv add`, `conda install`), or in a manifest a `RUN` installs (a requirements file
 * with its `-r` includes, pyproject.toml, Pipfile, environment.yml), each with the package indexes in effect.
 * The ML rules ask this (CUDA wheels in a CPU image, a CUDA build that does not match the base, a release without
 * wheels for the image's Python, OpenCV's GUI build), so it is answered once per Dockerfile and build context.
 */
import type { Project, ReportTarget } from '../engine/rule.js';
import type { DockerfileModel, Instruction, Stage } from './dockerfile.js';
import { isSelected, type InstalledManifest, type ManifestInstaller } from './manifest-installs.js';
import type { DeclaredDependency, DependencyManifest } from './manifests.js';
import { requirementsManifest } from './manifests.js';
import { condaSpec, packageSpecs, type CondaSpec } from './package-spec.js';
import { flagOperands, packageInstall, type PackageInstall } from './packages.js';
import type { Range } from './position.js';
import { normalizePackageName, parseRequirements, type RequirementsModel } from './requirements.js';
import { expandWord, type ShellCommand, type ShellWord } from './shell.js';
import { finalImageStages, runInstructions } from './stages.js';

export interface ImagePackage {
  /** As written: `torch`, `opencv-python`. */
  readonly name: string;
  /** PEP 503 normalized (conda names the same way). */
  readonly normalizedName: string;
  /** `jax[cuda12]` → `cuda12`. */
  readonly extras: readonly string[];
  /** The version constraint as written: `==2.3.1+cu118`, `>=1.26`, conda's `=1.26.4`; `''` when none. */
  readonly specifier: string;
  /** The URL or path it is installed from, when it is one (a wheel file, `git+https://...`). */
  readonly url: string | undefined;
  /** The one release it pins exactly (pip `==`/`===`, conda `=`/`==`, a wheel file's version), local part kept: `2.3.1+cu118`. */
  readonly version: string | undefined;
  readonly manager: ManifestInstaller;
  /** A conda package, not a PyPI distribution. */
  readonly conda: boolean;
  /** The `RUN` that installs it. */
  readonly run: Instruction;
  /** The command of that `RUN` that installs it (names it, or reads the manifest that does). */
  readonly command: ShellCommand;
  /** That `RUN`'s stage. */
  readonly stage: Stage;
  /** The stage's files reach the final image. */
  readonly inFinalImage: boolean;
  /**
   * The package indexes and link locations in effect for its install: the command's `--index-url`,
   * `--extra-index-url` and `--find-links`, those of the requirements files it reads, `PIP_INDEX_URL`-style
   * variables, and uv's `--torch-backend=cpu` as the index it stands for.
   */
  readonly indexUrls: readonly string[];
  /** The file it is named in: the Dockerfile, or the manifest. */
  readonly target: ReportTarget;
  /** The package word of the `RUN`, or the manifest's name and version constraint. */
  readonly range: Range;
  /** The other packages of the same install (one command, or one manifest with its includes), itself included. */
  readonly siblings: readonly ImagePackage[];
}

/** pip's and uv's index options, on the command line. */
const INDEX_OPTIONS = ['-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--index', '--default-index'];
/** The variables pip and uv read for the same settings. */
const INDEX_VARIABLES = ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS', 'UV_INDEX_URL', 'UV_EXTRA_INDEX_URL', 'UV_INDEX', 'UV_DEFAULT_INDEX', 'UV_FIND_LINKS'];
/** Managers whose package words are Python packages. */
const PYTHON_MANAGERS = new Set(['pip', 'uv', 'poetry', 'pipenv', 'conda']);
/** Requirements files followed through `-r` at most this deep (each is read once anyway). */
const MAX_INCLUDES = 50;

/** Memoized on the manifests the project found for the file, which differ from one build context to another. */
const known = new WeakMap<readonly InstalledManifest[], readonly ImagePackage[]>();

/** Every Python package the Dockerfile's `RUN`s install, in file order: named on the command, or in a manifest they install. */
export function imagePythonPackages(dockerfile: DockerfileModel, project: Pick<Project, 'manifestsInstalledBy' | 'includesOf'>): readonly ImagePackage[] {
  const installed = project.manifestsInstalledBy(dockerfile);
  const cached = known.get(installed);
  if (cached) return cached;
  const final = new Set(finalImageStages(dockerfile));
  const self: ReportTarget = { path: dockerfile.path, kind: 'dockerfile', lines: dockerfile.lines };
  const byCommand = new Map<unknown, InstalledManifest[]>();
  for (const manifest of installed) byCommand.set(manifest.site.command, [...(byCommand.get(manifest.site.command) ?? []), manifest]);
  const packages: ImagePackage[] = [];
  for (const run of runInstructions(dockerfile)) {
    const stage = run.stage;
    if (!stage) continue;
    const inFinalImage = final.has(stage);
    for (const command of run.script?.commands ?? []) {
      const install = packageInstall(command);
      const python = install !== undefined && PYTHON_MANAGERS.has(install.manager);
      const manifests = byCommand.get(command) ?? [];
      // Only a Python install has indexes to look up: most commands of a RUN are not one.
      if (!python && manifests.length === 0) continue;
      const fromVariables = environmentIndexes(run, command);
      const commandIndexes = install ? commandIndexUrls(install, run) : [];
      if (install && python) {
        const group: ImagePackage[] = [];
        for (const spec of packageSpecs(install)) {
          for (const text of wordValues(spec.word, run)) {
            const read = install.manager === 'conda' ? condaPackage(text) : pipPackage(text);
            if (!read) continue;
            group.push({
              ...read,
              manager: install.manager === 'conda' ? 'conda' : install.manager === 'pip' && command.name === 'uv' ? 'uv' : (install.manager as ManifestInstaller),
              conda: install.manager === 'conda',
              run,
              command,
              stage,
              inFinalImage,
              // conda reads channels, not pip's indexes.
              indexUrls: install.manager === 'conda' ? [] : [...commandIndexes, ...fromVariables],
              target: self,
              range: spec.range,
              siblings: group,
            });
          }
        }
        packages.push(...group);
      }
      for (const manifest of manifests) {
        if (!manifest.manifest) continue;
        const files = manifestWithIncludes(manifest, project);
        const indexes = [...commandIndexes, ...files.flatMap((f) => f.indexSettings.map((s) => s.url)), ...fromVariables];
        const group: ImagePackage[] = [];
        for (const file of files) {
          const target: ReportTarget = { path: file.path, kind: file.kind, lines: file.lines };
          for (const dependency of file.dependencies) {
            if (!isSelected(dependency, manifest.site.selection, file)) continue;
            const read = declaredPackage(dependency);
            if (!read) continue;
            group.push({
              ...read,
              manager: dependency.conda ? 'conda' : manifest.site.installer,
              conda: dependency.conda === true,
              run,
              command,
              stage,
              inFinalImage,
              indexUrls: indexes,
              target,
              range: declarationRange(dependency),
              siblings: group,
            });
          }
        }
        packages.push(...group);
      }
    }
  }
  known.set(installed, packages);
  return packages;
}

type Read = Pick<ImagePackage, 'name' | 'normalizedName' | 'extras' | 'specifier' | 'version' | 'url'>;

/** The values a package word stands for: as written, or what its variables expand to when that is known. */
function wordValues(word: ShellWord, run: Instruction): string[] {
  if (!/[$`]/.test(word.value)) return [word.value];
  return expandWord(word, run.script, (text) => run.expand(text)) ?? [];
}

/** A pip requirement (`torch==2.3.1+cu118`, `jax[cuda12]`), or a wheel's URL or path, whose file name says name and version. */
function pipPackage(text: string): Read | undefined {
  const wheel = /(?:^|\/)([A-Za-z0-9_.]+)-([^-/]+)(?:-[^-/]+)?-[^-/]+-[^-/]+-[^-/]+\.whl$/.exec(decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25')));
  if (wheel) {
    const name = wheel[1];
    return { name, normalizedName: normalizePackageName(name), extras: [], specifier: `==${wheel[2]}`, version: wheel[2], url: text };
  }
  const entry = parseRequirements(text, '').entries[0];
  if (!entry?.name || entry.normalizedName === undefined) return undefined;
  return { name: entry.name, normalizedName: entry.normalizedName, extras: entry.extras, specifier: entry.specifier, version: exactVersion(entry.specifier), url: entry.url };
}

/** A conda package word: `pytorch`, `conda-forge::numpy=1.26.4=py311h...`, `"numpy>=1.26"`, `"numpy 1.26.4"`. */
function condaPackage(text: string): Read | undefined {
  const spec = condaSpec(text);
  if (!spec) return undefined;
  return { name: spec.name, normalizedName: normalizePackageName(spec.name), extras: [], specifier: spec.specifier, version: condaVersion(spec), url: undefined };
}

/** The release a conda spec names exactly (`=1.26.4`, `==1.26.4`, `1.26.4 py311h...`), without its build string. */
function condaVersion(spec: CondaSpec): string | undefined {
  if (!spec.pinned || !['=', '==', ' '].includes(spec.operator)) return undefined;
  const version = spec.version.split(/[=\s]/)[0];
  return /^[\w.+!]+$/.test(version) ? version : undefined;
}

/** A manifest's dependency; one without a name (a path, a URL without `#egg=`) is left out. */
function declaredPackage(dependency: DeclaredDependency): Read | undefined {
  if (dependency.name === undefined || dependency.normalizedName === undefined) {
    return dependency.url === undefined ? undefined : pipPackage(dependency.url);
  }
  const specifier = dependency.specifier;
  const conda = dependency.conda ? condaSpec(`${dependency.name}${specifier}`) : undefined;
  const version = conda ? condaVersion(conda) : dependency.pinned ? (exactVersion(specifier) ?? exactVersion(`==${specifier}`)) : undefined;
  return { name: dependency.name, normalizedName: dependency.normalizedName, extras: dependency.extras, specifier, version, url: dependency.url };
}

/** `==2.3.1+cu118` → `2.3.1+cu118`; a range, a wildcard or several clauses → undefined. */
function exactVersion(specifier: string): string | undefined {
  const m = /^\s*===?\s*([A-Za-z0-9.+!_-]+)\s*$/.exec(specifier);
  return m && !m[1].includes('*') ? m[1] : undefined;
}

/** From the name to the end of the version constraint: what a finding about the package points at. */
function declarationRange(dependency: DeclaredDependency): Range {
  const start = dependency.nameRange?.start;
  const end = (dependency.specifierRange ?? dependency.nameRange)?.end;
  return start && end ? { start, end } : dependency.range;
}

/** The manifest, and for a requirements file the files it includes with `-r`, each once. */
function manifestWithIncludes(installed: InstalledManifest, project: Pick<Project, 'includesOf'>): DependencyManifest[] {
  const files: DependencyManifest[] = [installed.manifest!];
  if (installed.model?.kind !== 'requirements') return files;
  const seen = new Set<RequirementsModel>([installed.model]);
  const queue: RequirementsModel[] = [installed.model];
  while (queue.length > 0 && seen.size <= MAX_INCLUDES) {
    for (const { include, model } of project.includesOf(queue.shift()!)) {
      if (include.kind !== 'requirement' || seen.has(model)) continue;
      seen.add(model);
      queue.push(model);
      files.push(requirementsManifest(model));
    }
  }
  return files;
}

/** The index options of an install command, with ARG and ENV values expanded; uv's `--torch-backend` as the index it selects. */
function commandIndexUrls(install: PackageInstall, run: Instruction): string[] {
  const urls = flagOperands(install.args, INDEX_OPTIONS).map((w) => run.expand(w.value));
  for (const backend of flagOperands(install.args, ['--torch-backend'])) urls.push(torchBackendIndex(run.expand(backend.value)));
  return urls;
}

/** The index a uv torch backend stands for: `cpu` → the CPU wheels' index. */
function torchBackendIndex(backend: string): string {
  return `https://download.pytorch.org/whl/${backend}`;
}

/** The index settings in the environment of a command: its `NAME=value` prefixes, the script's exports, ARG and ENV. */
function environmentIndexes(run: Instruction, command: { readonly assignments: readonly { name: string; value: string }[]; readonly range: Range }): string[] {
  const urls: string[] = [];
  for (const name of [...INDEX_VARIABLES, 'UV_TORCH_BACKEND']) {
    const prefixed = command.assignments.find((a) => a.name === name)?.value;
    const scripted = run.script?.valueAt(name, command.range.start);
    const value = prefixed ?? (scripted?.known ? scripted.fields.filter((f) => f !== undefined).join(' ') : undefined) ?? run.variables.get(name);
    if (value === undefined || value === '') continue;
    for (const url of value.split(/\s+/).filter(Boolean)) urls.push(name === 'UV_TORCH_BACKEND' ? torchBackendIndex(url) : url);
  }
  return urls;
}
