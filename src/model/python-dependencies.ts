/**
 * The Python dependencies of an image, as `undeclared-import` needs them: which distributions the image's
 * manifests and install commands declare, which distribution an import name needs, and whether an import
 * is the standard library's or the project's own code.
 */
import { posix } from 'node:path';
import type { BuildContext } from './context.js';
import type { DockerfileModel, Stage } from './dockerfile.js';
import { contextPathOf, flagOperands, manifestInstall, packageCommand, packageInstalls } from './packages.js';
import { packageSpecs } from './package-spec.js';
import { BRINGS_IN, IMPORT_DISTRIBUTIONS, NAMESPACE_PREFIXES, NAMESPACES } from './python-distributions.js';
import type { PythonImport } from './python-imports.js';
import { stdlibModules } from './python-stdlib.js';
import { normalizePackageName, parseRequirements, type RequirementsModel } from './requirements.js';
import { runInstructions } from './stages.js';
import { isSelected, type InstalledManifest } from './manifest-installs.js';
import type { DependencyManifest, PyprojectModel } from './manifests.js';

export interface DeclaredDistributions {
  /** PEP 503 normalized names: those the manifests and commands name, and what they are known to bring in. */
  readonly names: ReadonlySet<string>;
  /** The manifests the image installs (`pip install -r`, `pip install .`, `uv sync`...), context-relative, as named in the RUN first. */
  readonly manifests: readonly string[];
  /**
   * Why the declared set cannot be known in full, if so: an install of a manifest that could not be read, a local
   * path, `setup.py`, a variable, a file too big to read whole.
   */
  readonly unknown: string | undefined;
}

/** A requirements file longer than what `readHead` returns may lose its last lines: its declared set is not known. */
const READ_LIMIT = 16 * 1024;
/** `-r` chains deeper than this are not followed (each file is read once anyway). */
const MAX_REQUIREMENTS_FILES = 50;

/**
 * What the image declares: the requirements files that `pip install -r` / `uv pip install -r` read, with their `-r`
 * includes, and the packages named on install commands (`pip install flask`, `conda install numpy`,
 * `apt-get install python3-yaml`) in any stage, since builder stages often install into a prefix or wheels that the
 * final stage copies. pyproject.toml, Pipfile and environment.yml come from the project's query ("which manifests
 * does this image install", `installed`), with the groups and extras the install selects.
 */
export function declaredDistributions(
  dockerfile: DockerfileModel,
  context: BuildContext,
  installed: readonly InstalledManifest[] = [],
  /** The requirements file at a context path as the run already parsed it, if it did: read and parsed again only if not. */
  reached: (contextPath: string) => RequirementsModel | undefined = () => undefined,
): DeclaredDistributions {
  const names = new Set<string>();
  const manifests: string[] = [];
  let unknown: string | undefined;
  const queue: string[] = [];
  // pyproject.toml, Pipfile and environment.yml as the project reads them (Project.manifestsInstalledBy), by the command that installs them.
  const byCommand = new Map<unknown, InstalledManifest[]>();
  for (const manifest of installed) {
    if (manifest.site.kind === 'requirements') continue;
    byCommand.set(manifest.site.command, [...(byCommand.get(manifest.site.command) ?? []), manifest]);
  }
  for (const run of runInstructions(dockerfile)) {
    for (const command of run.script?.commands ?? []) {
      // `pip wheel -r` / `pip download -r` in a builder stage fetch what a later `pip install /wheels/*` installs.
      const fetched = pipCommandOf(command);
      const fetches = fetched && ['wheel', 'download'].includes(fetched.operands[0]?.value ?? '');
      const manifest = fetches ? { ecosystem: 'python', namedFiles: true, manifests: flagOperands(fetched.args, ['-r', '--requirement']).map((w) => w.value) } : manifestInstall(command);
      if (command.name.startsWith('python') && command.args[0]?.value.endsWith('setup.py')) unknown ??= 'it runs setup.py';
      if (manifest?.ecosystem !== 'python') continue;
      // pip, `python -m pip` and `uv pip` read requirements files (`-r`, `uv pip sync`); the other manifests are not read here.
      const read = byCommand.get(command);
      if (read) {
        for (const { contextPath, manifest: declared, site } of read) {
          if (!declared) unknown ??= `\`${contextPath}\` cannot be read`;
          else {
            if (!manifests.includes(contextPath)) manifests.push(contextPath);
            if (declared.kind === 'pyproject' && (declared as PyprojectModel).projectName === undefined && declared.dependencies.length === 0) {
              unknown ??= `\`${contextPath}\` declares its dependencies in a form not read here`;
            }
            for (const dependency of declared.dependencies) {
              if (!isSelected(dependency, site.selection, declared)) continue;
              if (dependency.normalizedName === undefined) unknown ??= `\`${contextPath}\` line ${dependency.range.start.line} installs a local path`;
              else names.add(dependency.normalizedName);
            }
          }
        }
        continue;
      }
      if (!manifest.namedFiles || fetched === undefined) {
        unknown ??= `it installs ${manifest.manifests.join(', ')}, which is not read here`;
        continue;
      }
      for (const file of manifest.manifests) {
        const rel = file.includes('$') ? undefined : contextPathOf(run, file, context);
        if (rel === undefined) unknown ??= `the requirements file \`${file}\` is not in the build context`;
        else if (!manifests.includes(rel)) {
          manifests.push(rel);
          queue.push(rel);
        }
      }
    }
    for (const install of packageInstalls(run.script)) {
      if (!['pip', 'uv', 'conda', 'apt-get', 'apt', 'apk', 'poetry', 'pipenv'].includes(install.manager)) continue;
      for (const spec of packageSpecs(install)) {
        if (spec.word.value.includes('$')) {
          if (['pip', 'uv', 'conda', 'poetry', 'pipenv'].includes(install.manager)) unknown ??= `\`${spec.word.value}\` is a variable`;
          continue;
        }
        const name = distributionOfPackage(install.manager, spec.name);
        if (name) names.add(name);
        for (const extra of /\[([^\]]*)\]/.exec(spec.text)?.[1].split(',') ?? []) if (name) names.add(`${name}[${extra.trim().toLowerCase()}]`);
      }
    }
  }
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_REQUIREMENTS_FILES) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    let model = reached(path);
    if (!model) {
      const text = context.readHead(path);
      if (text === undefined || text.length >= READ_LIMIT) {
        unknown ??= `\`${path}\` cannot be read whole`;
        continue;
      }
      model = parseRequirements(text, path);
    }
    unknown ??= addRequirementNames(model, path, names);
    for (const include of model.includes) {
      if (include.kind !== 'requirement') continue;
      const rel = posix.normalize(posix.join(posix.dirname(path), include.path));
      if (rel.startsWith('..') || include.path.includes('$')) unknown ??= `\`${path}\` includes \`${include.path}\``;
      else queue.push(rel);
    }
  }
  return { names: withBroughtIn(names), manifests, unknown };
}

/** Adds the distributions a requirements file names to `names`; says why the set is not known in full, if so (a local path). */
function addRequirementNames(model: RequirementsModel, path: string, names: Set<string>): string | undefined {
  let unknown: string | undefined;
  for (const entry of model.entries) {
    const name = entry.normalizedName ?? (entry.url ? nameFromUrl(entry.url) : undefined);
    if (name === undefined) unknown ??= `\`${path}\` line ${entry.line} installs a local path`;
    else {
      names.add(name);
      for (const extra of entry.extras) names.add(`${name}[${extra.toLowerCase()}]`);
    }
  }
  return unknown;
}

/**
 * What a project's own manifests declare, with no Dockerfile to say which parts are installed: every dependency of
 * every section (requirements files with the includes already followed), and what those bring in. `manifests` are
 * the paths as the caller names them; a local path (`-e .`), whose dependencies are declared elsewhere, makes the
 * set unknown.
 */
export function declaredByManifests(manifests: readonly { readonly name: string; readonly model: RequirementsModel | DependencyManifest }[]): DeclaredDistributions {
  const names = new Set<string>();
  let unknown: string | undefined;
  for (const { name, model } of manifests) {
    if ('entries' in model) {
      unknown ??= addRequirementNames(model, name, names);
      continue;
    }
    for (const dependency of model.dependencies) {
      if (dependency.normalizedName !== undefined) names.add(dependency.normalizedName);
      else if (dependency.source === 'path') unknown ??= `\`${name}\` line ${dependency.range.start.line} installs a local path`;
    }
  }
  return { names: withBroughtIn(names), manifests: manifests.map((m) => m.name), unknown };
}

/** The pip-family command (`pip`, `python -m pip`, `uv pip`) that a command is, if it is one. */
function pipCommandOf(command: Parameters<typeof packageCommand>[0]) {
  const found = packageCommand(command);
  return found?.manager === 'pip' ? found : undefined;
}

/** The Python distribution a package word of an install names: `flask` for pip, `yaml` from Debian's `python3-yaml`. */
function distributionOfPackage(manager: string, name: string): string | undefined {
  if (manager === 'apt-get' || manager === 'apt' || manager === 'apk') {
    const python = /^(?:python3?-|py3-)(.+)$/.exec(name);
    return python ? normalizePackageName(python[1]) : undefined;
  }
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return normalizePackageName(name);
  return nameFromUrl(name);
}

/**
 * The distribution a URL most likely installs: `#egg=name`, else the repository or archive name
 * (`git+https://github.com/google/maxdiffusion.git@v1` → `maxdiffusion`); undefined for a local path.
 */
function nameFromUrl(url: string): string | undefined {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url)?.[1];
  if (egg) return normalizePackageName(egg);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^file:/i.test(url)) return undefined;
  const last = url.replace(/[#?].*$/, '').replace(/@[^/]*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
  const name = /^[A-Za-z0-9][A-Za-z0-9._]*?(?=(-\d[^/]*)?(\.git|\.zip|\.tar\.gz|\.tgz|\.whl)?$)/.exec(last)?.[0];
  return name ? normalizePackageName(name) : undefined;
}

function withBroughtIn(names: Set<string>): Set<string> {
  const more = (name: string): readonly string[] => {
    // Names come from untrusted files: `constructor` must not find Object's.
    const known = Object.hasOwn(BRINGS_IN, name) ? BRINGS_IN[name] : [];
    // Whole families share their core: every `google-cloud-*` client needs google-api-core, every `azure-*` azure-core.
    if (name.startsWith('google-cloud-')) return [...known, 'google-api-core', 'google-auth', 'protobuf', 'proto-plus', 'grpcio', 'googleapis-common-protos'];
    if (name.startsWith('azure-') && name !== 'azure-core') return [...known, 'azure-core'];
    if (name.startsWith('opentelemetry-') && name !== 'opentelemetry-api') return [...known, 'opentelemetry-api'];
    return known;
  };
  const pending = [...names];
  while (pending.length > 0) {
    for (const brought of more(pending.pop()!)) {
      const name = normalizePackageName(brought);
      if (!names.has(name)) {
        names.add(name);
        pending.push(name);
      }
    }
  }
  return names;
}

/** What an import needs: distributions that can provide it (any one will do, the usual one first), or any distribution of a namespace. */
export interface ImportNeeds {
  /** The module to name in a message: `google.cloud.pubsub_v1` for `from google.cloud import pubsub_v1`. */
  readonly module: string;
  readonly distributions: readonly string[];
  /** For an import of a namespace itself (`from google.cloud import *`): the prefix its distributions share (`google-cloud`). */
  readonly namespaces: readonly string[];
}

export function distributionsOf(imported: PythonImport): ImportNeeds {
  const distributions: string[] = [];
  const namespaces: string[] = [];
  let shown = imported.module;
  const own = needsOf(imported.module);
  for (const module of [...imported.submodules, imported.module]) {
    const found = module === imported.module ? own : needsOf(module);
    if (typeof found === 'string') namespaces.push(found);
    else {
      if (distributions.length === 0 && typeof own === 'string') shown = module;
      distributions.push(...found);
    }
  }
  // `from google.cloud import storage` needs what `google.cloud.storage` names; the namespace alone says nothing.
  return { module: shown, distributions: [...new Set(distributions)], namespaces: distributions.length > 0 ? [] : [...new Set(namespaces)] };
}

/** The distributions of one dotted module, or the namespace prefix when the module is a namespace itself. */
function needsOf(module: string): readonly string[] | string {
  const parts = module.split('.');
  for (let n = Math.min(parts.length, 4); n >= 1; n--) {
    const prefix = parts.slice(0, n).join('.');
    if (Object.hasOwn(IMPORT_DISTRIBUTIONS, prefix)) return IMPORT_DISTRIBUTIONS[prefix];
  }
  for (let n = Math.min(parts.length, 3); n >= 1; n--) {
    const root = parts.slice(0, n).join('.');
    if (!Object.hasOwn(NAMESPACES, root)) continue;
    const depth = NAMESPACES[root];
    const prefix = NAMESPACE_PREFIXES[root] ?? '';
    // `pubsub_v1`, `speech_v1p1beta1`: versioned modules of one distribution.
    if (parts.length >= depth) return [normalizePackageName(`${prefix}${parts.slice(0, depth).join('-')}`.replace(/_v\d+(p\d+)?((alpha|beta)\d*)?$/, ''))];
    return normalizePackageName(`${prefix}${root.replace(/\./g, '-')}`);
  }
  return [parts[0]];
}

/** True when a declared distribution can provide the import, allowing the usual spellings (`python-magic` for `magic`). */
export function isDeclared(needs: ImportNeeds, declared: ReadonlySet<string>): boolean {
  if (needs.namespaces.some((ns) => [...declared].some((d) => d.startsWith(`${ns}-`)))) return true;
  return needs.distributions.some((c) => {
    const name = normalizePackageName(c);
    return [name, `python-${name}`, `py${name}`, `py-${name}`, `${name}-python`, `${name}-py`, `${name}-binary`, `${name}-headless`].some((n) => declared.has(n));
  });
}

/** The distribution to name in a message: the usual one, or `google-cloud-*` for a namespace. */
export function suggestedDistribution(needs: ImportNeeds): string {
  return needs.distributions[0] ?? `${needs.namespaces[0]}-*`;
}

/**
 * Images whose Python packages are known: Python itself and plain operating systems, which bring none (or, for
 * AWS Lambda's and Azure Functions' Python images, the listed ones). Framework images (`pytorch/pytorch`,
 * `nvcr.io/nvidia/tensorflow`, `jupyter/scipy-notebook`, conda distributions) bring many that no manifest lists, so
 * imports are not judged against the manifests in them.
 */
const BASE_IMAGES: readonly { readonly image: RegExp; readonly brings: readonly string[] }[] = [
  { image: /^((docker\.io|index\.docker\.io|mirror\.gcr\.io|public\.ecr\.aws\/docker)\/)?(library\/)?(python|debian|ubuntu|alpine|fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux|busybox|buildpack-deps)$/, brings: [] },
  { image: /^(registry\.access\.redhat\.com\/|redhat\/)?ubi\d*(\/|-)?(python-\d+|ubi|ubi-minimal|minimal)?$|^registry\.access\.redhat\.com\/ubi\d+\/[\w-]+$/, brings: [] },
  { image: /^(gcr\.io\/distroless\/python3[\w-]*|cgr\.dev\/chainguard\/python|gcr\.io\/google[_-]appengine\/python|(nvcr\.io\/)?nvidia\/cuda|ghcr\.io\/astral-sh\/uv|mcr\.microsoft\.com\/devcontainers\/python|circleci\/python|cimg\/python|bitnami\/python)$/, brings: [] },
  { image: /^public\.ecr\.aws\/lambda\/python$|^amazon\/aws-lambda-python$/, brings: ['boto3', 'botocore', 'awslambdaric', 's3transfer', 'jmespath', 'python-dateutil', 'urllib3', 'six', 'simplejson'] },
  { image: /^mcr\.microsoft\.com\/azure-functions\/python$/, brings: ['azure-functions', 'azure-functions-worker'] },
  // tiangolo's server images (their Dockerfiles' `pip install` lines).
  { image: /^tiangolo\/uvicorn-gunicorn$/, brings: ['uvicorn', 'gunicorn'] },
  { image: /^tiangolo\/uvicorn-gunicorn-fastapi$/, brings: ['uvicorn', 'gunicorn', 'fastapi'] },
  { image: /^tiangolo\/uwsgi-nginx$/, brings: ['uwsgi'] },
  { image: /^tiangolo\/uwsgi-nginx-flask$/, brings: ['uwsgi', 'flask'] },
  { image: /^tiangolo\/meinheld-gunicorn(-flask)?$/, brings: ['meinheld', 'gunicorn', 'flask'] },
];

/** The Python distributions the image of `stage` brings before any install, or undefined when they are not known. */
export function baseImagePackages(stage: Stage): readonly string[] | undefined {
  if (stage.isScratch || stage.imageHasUnresolvedVariables) return stage.isScratch ? [] : undefined;
  const ref = stage.image;
  const name = (ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository).toLowerCase();
  return BASE_IMAGES.find((b) => b.image.test(name))?.brings;
}

/** The Python of an image: `3.9` for `python:3.9-slim` or `uv:python3.9-bookworm`, undefined when the image does not say. */
export function pythonVersionOf(stage: Stage): string | undefined {
  const repository = stage.image.repository.toLowerCase();
  const tag = stage.image.tag ?? '';
  if (/(^|\/)python3?$/.test(repository)) return /^(3\.\d+)(?!\d)/.exec(tag)?.[1];
  return /(?:^|[^a-z])python(3\.\d+)(?!\d)/i.exec(tag)?.[1];
}

/** True for a module of the standard library of `version` (any known version when undefined), or a module every image has. */
export function isStandardLibrary(module: string, version: string | undefined): boolean {
  const top = module.split('.')[0];
  return ALWAYS_PRESENT.has(top) || stdlibModules(version).has(top);
}

/** Installed beside Python in the official images and by every virtualenv: importing them needs no declaration. */
const ALWAYS_PRESENT = new Set(['__main__', 'pip', 'setuptools', 'pkg_resources', '_distutils_hack', 'wheel']);

/** Never the code a project ships: other trees' files do not make a name the project's own. */
const FOREIGN = /(^|\/)(site-packages|dist-packages|node_modules|\.?venv|\.tox|\.nox|__pycache__)(\/|$)/;

/**
 * The names a file of the project can import as the project's own: every folder on the way to a Python file and every
 * Python module of the context (`app`, `app/utils.py` → `utils`, `src/pkg` → `pkg`). A file imports its siblings when
 * run as a script, a package when the WORKDIR or `PYTHONPATH` is its parent, and a `src/` layout once installed; which
 * one holds is not known, so any of them is taken.
 */
export function ownModuleNames(context: BuildContext): ReadonlySet<string> {
  let known = ownNames.get(context);
  if (known) return known;
  const names = new Set<string>();
  for (const file of context.files()) {
    if (FOREIGN.test(file)) continue;
    const match = /\.(py|pyi|so|pyd)$/.exec(file);
    if (!match) continue;
    const parts = file.split('/');
    const base = parts.pop()!;
    names.add(base.split('.')[0]);
    for (const folder of parts) names.add(folder);
  }
  ownNames.set(context, (known = names));
  return known;
}

const ownNames = new WeakMap<BuildContext, ReadonlySet<string>>();
