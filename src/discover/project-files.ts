/**
 * The files of one lint run, read and parsed once each, and the files they reach: the build
 * context of each Dockerfile, its ignore file, and the requirements files that `pip install -r`
 * and `-r`/`-c` includes name. Every read goes through src/io/read-input.ts and stays inside
 * the tree it belongs to (inside-tree.ts).
 */
import { statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { parseDockerfile, type DockerfileModel } from '../model/dockerfile.js';
import { parseRequirements, type RequirementsModel } from '../model/requirements.js';
import { parseDockerignore, type DockerignoreModel } from '../model/dockerignore.js';
import { parseCompose, type ComposeModel } from '../model/compose.js';
import { createBuildContext, type BuildContext } from '../model/context.js';
import { contextPathOf } from '../model/packages.js';
import { parseCondaEnvironment, parsePipfile, parsePyproject, requirementsManifest, type ManifestModel } from '../model/manifests.js';
import { manifestInstallSites, pinnedBeforeEach, type InstalledManifest } from '../model/manifest-installs.js';
import { finalImageStages } from '../model/stages.js';
import { contextForFile, type Config } from '../config/config.js';
import type { IncludedRequirements, ManifestFolder, Project, RequirementsInstaller } from '../engine/rule.js';
import { readInputFile } from '../io/read-input.js';
import { isInside, isReallyInside, realpathOr } from './inside-tree.js';
import { contextFilesOnDisk } from './context-files.js';
import { ComposeContexts } from './compose-contexts.js';
import { displayPath } from './display-path.js';
import { kindFromName, type DiscoveredFile } from './discover.js';

export interface ParsedFile {
  readonly discovered: DiscoveredFile;
  readonly model: DockerfileModel | RequirementsModel | DockerignoreModel | ManifestModel | ComposeModel | undefined;
  /** Why the file was not read (binary, too large, not a regular file...). */
  readonly skipped?: string;
  /** Why the model could not be built from the text that was read. */
  readonly crashed?: string;
  readonly lines: readonly string[];
  /** Real path of the tree whose files it may reach: the build context of the Dockerfile that reached it, else its linted tree. */
  readonly root: string;
}

export function readAndParse(discovered: DiscoveredFile, root = treeRoot(discovered)): ParsedFile {
  if (discovered.notReadable) return { discovered, model: undefined, skipped: discovered.notReadable, lines: [], root };
  const read = readInputFile(discovered.path);
  if ('problem' in read) return { discovered, model: undefined, skipped: read.problem, lines: [], root };
  return parseText(discovered, read.text, root);
}

export function parseText(discovered: DiscoveredFile, text: string, root = treeRoot(discovered)): ParsedFile {
  try {
    const model = parserOf(discovered.kind)(text, discovered.path);
    return { discovered, model, lines: model.lines, root };
  } catch (error) {
    // One file the model cannot read must not cost the other files their results.
    return { discovered, model: undefined, crashed: describeError(error), lines: text.split(/\r?\n/), root };
  }
}

function parserOf(kind: DiscoveredFile['kind']): (text: string, path: string) => NonNullable<ParsedFile['model']> {
  switch (kind) {
    case 'dockerfile':
      return parseDockerfile;
    case 'requirements':
      return parseRequirements;
    case 'dockerignore':
      return parseDockerignore;
    case 'pyproject':
      return parsePyproject;
    case 'pipfile':
      return parsePipfile;
    case 'conda-environment':
      return parseCondaEnvironment;
    case 'compose':
      return parseCompose;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'the file is nested too deeply to analyse';
  return (error as Error)?.message?.split('\n')[0] ?? String(error);
}

/** Real paths of tree roots: every file of a walk has the same one. */
const realRoots = new Map<string, string>();

function treeRoot(discovered: DiscoveredFile): string {
  const root = discovered.root ?? dirname(discovered.path);
  let real = realRoots.get(root);
  if (real === undefined) realRoots.set(root, (real = realpathOr(root)));
  return real;
}

/**
 * The files of one lint run, and the build contexts and requirements files
 * that rules reach through them. Requirements files are parsed once, whether
 * they were discovered or reached from a Dockerfile or an include.
 */
export class ProjectFiles implements Project {
  readonly files: ParsedFile[];
  private readonly byPath = new Map<string, ParsedFile>();
  private readonly contexts = new Map<string, BuildContext>();
  private readonly dockerignores = new Map<string, DockerignoreModel | undefined>();
  private readonly contextByDockerfile = new Map<string, BuildContext>();
  private readonly installedBy = new Map<DockerfileModel, readonly InstalledManifest[]>();
  private installsByPath: Map<string, InstalledManifest[]> | undefined;
  /** Dockerfiles whose context is their own folder because nothing set another one. */
  private readonly defaultContext = new Set<string>();
  /** Ignore file path → the Dockerfiles built with it; worked out once, on first use (all files are read by then). */
  private dockerfilesByIgnore: Map<string, DockerfileModel[]> | undefined;
  /** The contexts Compose and Bake files give the Dockerfiles they build. */
  private readonly compose: ComposeContexts;
  /** Compose files read only for the contexts they give (not linted: outside the run's files). */
  private readonly composeModels = new Map<string, ComposeModel | undefined>();
  /** The contexts of `dockerfile_inline` texts, by the path their model was given. */
  private readonly inlineContexts = new Map<string, string>();
  /** Folder → the dependency manifests of the run in it; worked out again when files were added since. */
  private manifestsByFolder:
    | { readonly count: number; readonly byFolder: Map<string, (RequirementsModel | ManifestModel)[]>; readonly builds: { model: DockerfileModel; roots: string[] }[] }
    | undefined;
  /** Requirements file path → the RUNs that install it; worked out on first use, after every file is read. */
  private installers: Map<string, RequirementsInstaller[]> | undefined;

  constructor(
    private readonly config: Config,
    files: ParsedFile[],
    private readonly note: (text: string) => void,
    private readonly cwd: string,
    /** The build context of the Dockerfiles named on the command line (`--context`), absolute. */
    private readonly namedContext?: string,
    /** Compose and Bake files of the whole run's walks (a worker lints a share of the files, but sees them all). */
    buildFiles: readonly string[] = [],
  ) {
    this.files = files;
    for (const file of files) this.byPath.set(file.discovered.path, file);
    this.compose = new ComposeContexts(note, (p) => displayPath(cwd, p), (p) => this.composeAt(p), buildFiles);
  }

  /** Gives the model of a `dockerfile_inline` text (path `model.path`) the context its service builds it in. */
  setInlineContext(path: string, context: string): void {
    this.inlineContexts.set(path, context);
  }

  private composeAt(path: string): ComposeModel | undefined {
    const linted = this.byPath.get(path)?.model;
    if (linted?.kind === 'compose') return linted;
    if (this.composeModels.has(path)) return this.composeModels.get(path);
    const read = readInputFile(path);
    const model = 'problem' in read ? undefined : parseCompose(read.text, path);
    // A linted Compose file that is not valid YAML gets a finding (compose-invalid); one read only for its contexts, this note.
    if (model && model.errors.length > 0) this.note(`${displayPath(this.cwd, path)}: ${model.errors[0]!.message}: the build contexts it names are not used`);
    this.composeModels.set(path, model);
    return model;
  }

  contextOf(dockerfile: DockerfileModel): BuildContext {
    const path = dockerfile.path;
    const pinned = this.pinned.get(path);
    if (pinned) return pinned;
    this.contextQueries++;
    // Rules ask for it many times per Dockerfile; working out its root walks the Compose files above it.
    const known = this.contextByDockerfile.get(path);
    if (known) return known;
    const set = this.chosenRoot(path) ?? this.composeRoots(path)[0];
    if (set === undefined) this.defaultContext.add(path);
    const context = this.contextAt(set ?? dirname(path), path);
    this.contextByDockerfile.set(path, context);
    return context;
  }

  /**
   * Every build context the Dockerfile is built in, the one contextOf gives first: one unless Compose or Bake files
   * build it from several directories (`--context` and the config's mapping choose one).
   */
  contextsOf(dockerfile: DockerfileModel): readonly BuildContext[] {
    const first = this.contextOf(dockerfile);
    if (this.chosenRoot(dockerfile.path) !== undefined) return [first];
    const roots = this.composeRoots(dockerfile.path);
    return [first, ...roots.slice(1).map((root) => this.contextAt(root, dockerfile.path))];
  }

  /** How many times rules asked for a context (not a pinned one): the engine tells from it which rules depend on the context. */
  contextQueries = 0;
  private readonly pinned = new Map<string, BuildContext>();

  /** Runs `work` with contextOf giving `context` for the Dockerfile at `path`. */
  withContext<T>(path: string, context: BuildContext, work: () => T): T {
    this.pinned.set(path, context);
    try {
      return work();
    } finally {
      this.pinned.delete(path);
    }
  }

  /** The context the user chose (`--context`, the config's mapping) or an inline Dockerfile's, if any. */
  private chosenRoot(path: string): string | undefined {
    const named = this.namedContext !== undefined && this.byPath.get(path)?.discovered.explicit === true;
    if (named) return this.namedContext!;
    const inline = this.inlineContexts.get(path);
    if (inline !== undefined) return inline;
    const rel = relative(this.config.baseDir, path).split(sep).join('/');
    return (!rel.startsWith('..') && contextForFile(this.config, rel)) || undefined;
  }

  developServicesOf(dockerfile: DockerfileModel): readonly { readonly name: string; readonly target: string | undefined }[] {
    const top = this.byPath.get(dockerfile.path)?.discovered.root;
    return top === undefined ? [] : this.compose.developServicesOf(dockerfile.path, top);
  }

  private composeRoots(path: string): string[] {
    const top = this.byPath.get(path)?.discovered.root;
    return top === undefined ? [] : this.compose.contextsOf(path, top).map((origin) => origin.context);
  }

  private contextAt(root: string, path: string): BuildContext {
    // BuildKit reads `<Dockerfile name>.dockerignore` beside the Dockerfile before the context's `.dockerignore`.
    const specific = `${path}.dockerignore`;
    const ignorePath = this.exists(specific) ? specific : join(root, '.dockerignore');
    const key = `${root}\0${ignorePath}`;
    let context = this.contexts.get(key);
    if (!context) {
      context = createBuildContext(root, this.dockerignore(ignorePath), contextFilesOnDisk(root));
      this.contexts.set(key, context);
    }
    return context;
  }

  parentContexts(dockerfile: DockerfileModel): BuildContext[] {
    const own = dirname(dockerfile.path);
    const top = this.byPath.get(dockerfile.path)?.discovered.root;
    this.contextOf(dockerfile); // works out, once, whether anything set its context
    if (top === undefined || !this.defaultContext.has(dockerfile.path)) return [];
    const parents: BuildContext[] = [];
    // Only folders inside the linted tree: nothing above it may be read.
    for (let dir = dirname(own); dir !== own && isInside(dir, top); dir = dirname(dir)) {
      parents.push(this.contextAt(dir, dockerfile.path));
      if (dir === resolve(top) || dirname(dir) === dir) break;
    }
    return parents;
  }

  requirementsIn(dockerfile: DockerfileModel, contextPath: string): RequirementsModel | undefined {
    // Only files already reached: a rule must not add files to the run while the run lints them.
    const model = this.byPath.get(resolve(this.contextOf(dockerfile).root, contextPath))?.model;
    return model?.kind === 'requirements' ? model : undefined;
  }

  dockerfilesUsing(dockerignore: DockerignoreModel): readonly DockerfileModel[] {
    if (!this.dockerfilesByIgnore) {
      this.dockerfilesByIgnore = new Map();
      for (const file of this.files) {
        if (file.model?.kind !== 'dockerfile') continue;
        const ignore = this.contextOf(file.model).dockerignore;
        if (!ignore) continue;
        const using = this.dockerfilesByIgnore.get(ignore.path) ?? [];
        using.push(file.model);
        this.dockerfilesByIgnore.set(ignore.path, using);
      }
    }
    return this.dockerfilesByIgnore.get(dockerignore.path) ?? [];
  }

  /** Adds the requirements files reached by `pip install -r` in Dockerfiles and by `-r`/`-c` includes, until none is new. */
  addReachedRequirements(): void {
    // Each path is read only if its real path is inside the tree of the file that reaches it.
    const queue: { path: string; root: string; via: string }[] = [];
    const includesOf = (model: RequirementsModel | { readonly path: string; readonly includes: RequirementsModel['includes'] }, root: string) =>
      model.includes.map((include) => ({
        path: resolve(dirname(model.path), include.path),
        root,
        via: `${displayPath(this.cwd, model.path)}:${include.line}: requirements include ${JSON.stringify(include.path)}`,
      }));
    for (const file of this.files) {
      const model = file.model;
      if (model?.kind === 'dockerfile') {
        const context = this.contextOf(model);
        const root = realpathOr(context.root);
        // The one mapping of installs to files; it reads what it finds, and the includes of those are followed below.
        for (const installed of this.manifestsInstalledBy(model)) {
          if (installed.model?.kind === 'conda-environment' || installed.model?.kind === 'requirements') queue.push(...includesOf(installed.model, root));
        }
      } else if (model?.kind === 'requirements' || model?.kind === 'conda-environment') {
        queue.push(...includesOf(model, file.root));
      }
    }
    while (queue.length > 0) {
      const { path, root, via } = queue.shift()!;
      if (this.byPath.has(path) || path.includes('$')) continue;
      const model = this.requirementsAt(path, root, via);
      if (model) queue.push(...includesOf(model, root));
    }
  }

  /**
   * The dependency manifests a Dockerfile installs, found in its build context through the COPY/ADD or bind
   * mount that put them where the command reads them (`contextPathOf`). Manifests not yet read are read here,
   * under the same rules as requirements files: inside the context only.
   */
  manifestsInstalledBy(dockerfile: DockerfileModel): readonly InstalledManifest[] {
    const known = this.installedBy.get(dockerfile);
    if (known) return known;
    const context = this.contextOf(dockerfile);
    const root = realpathOr(context.root);
    const final = new Set(finalImageStages(dockerfile));
    const found: Omit<InstalledManifest, 'pinnedBefore'>[] = [];
    // Bounded by the commands of the file: one lookup per install.
    for (const site of manifestInstallSites(dockerfile)) {
      const contextPath = contextPathOf(site.instruction, site.containerPath, context);
      if (contextPath === undefined) continue;
      const path = resolve(context.root, contextPath);
      const via = `${displayPath(this.cwd, dockerfile.path)}: ${site.installer} ${site.kind === 'requirements' ? 'requirements file' : 'manifest'} ${JSON.stringify(contextPath)}`;
      const model = site.kind === 'requirements' ? this.requirementsAt(path, root, via) : this.manifestAt(path, site.kind, root, via);
      const lock = site.lockFile === undefined ? undefined : posix.join(posix.dirname(contextPath), site.lockFile);
      found.push({
        site,
        contextPath,
        model,
        manifest: model === undefined ? undefined : model.kind === 'requirements' ? requirementsManifest(model) : model,
        locked: site.constrained || (lock !== undefined && context.exists(lock)),
        inFinalImage: site.instruction.stage !== undefined && final.has(site.instruction.stage),
      });
    }
    const pinned = pinnedBeforeEach(found);
    const result = found.map((installed, i) => ({ ...installed, pinnedBefore: pinned[i] }));
    this.installedBy.set(dockerfile, result);
    return result;
  }

  installsOf(path: string): readonly InstalledManifest[] {
    if (!this.installsByPath) {
      this.installsByPath = new Map();
      for (const file of [...this.files]) {
        if (file.model?.kind !== 'dockerfile') continue;
        for (const installed of ProjectFiles.distinctInstalls(this.manifestsInstalledBy(file.model))) {
          const at = installed.model?.path;
          if (at === undefined) continue;
          const list = this.installsByPath.get(at) ?? [];
          list.push(installed);
          this.installsByPath.set(at, list);
        }
      }
    }
    return this.installsByPath.get(path) ?? [];
  }

  /** Installs that read the same file the same way in the same stage add nothing: the first stands for them all. */
  private static distinctInstalls(installs: readonly InstalledManifest[]): InstalledManifest[] {
    const seen = new Set<string>();
    return installs.filter((i) => {
      const key = JSON.stringify([i.site.instruction.stage?.index, i.site.installer, i.locked, i.site.selection]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** A pyproject.toml, Pipfile or conda environment file at `path`, read only when its real path is inside `root`. */
  private manifestAt(path: string, kind: ManifestModel['kind'], root: string, via: string): ManifestModel | undefined {
    const known = this.byPath.get(path);
    if (known) return known.model?.kind === kind ? (known.model as ManifestModel) : undefined;
    if (!this.exists(path)) return undefined;
    if (!isReallyInside(path, root)) {
      this.note(`${via} is outside the build context (${displayPath(this.cwd, root)}): not read`);
      return undefined;
    }
    const file = readAndParse({ path, kind, explicit: false }, root);
    this.byPath.set(path, file);
    this.files.push(file);
    return file.model?.kind === kind ? (file.model as ManifestModel) : undefined;
  }

  manifestFolder(path: string): ManifestFolder | undefined {
    const file = this.byPath.get(path);
    const kind = file?.model?.kind;
    if (!file || (kind !== 'requirements' && kind !== 'pyproject' && kind !== 'pipfile' && kind !== 'conda-environment')) return undefined;
    const folder = dirname(path);
    // The tree the manifest was read in (a reached file: the build context that reached it); nothing above it.
    if (!isReallyInside(folder, file.root)) return undefined;
    if (this.manifestsByFolder?.count !== this.files.length) {
      const byFolder = new Map<string, (RequirementsModel | ManifestModel)[]>();
      const builds: { model: DockerfileModel; roots: string[] }[] = [];
      for (const other of this.files) {
        const model = other.model;
        if (model?.kind === 'dockerfile') builds.push({ model, roots: this.contextsOf(model).map((c) => c.root) });
        if (model?.kind !== 'requirements' && model?.kind !== 'pyproject' && model?.kind !== 'pipfile' && model?.kind !== 'conda-environment') continue;
        const list = byFolder.get(dirname(model.path)) ?? [];
        list.push(model);
        byFolder.set(dirname(model.path), list);
      }
      this.manifestsByFolder = { count: this.files.length, byFolder, builds };
    }
    // Keyed apart from build contexts: no ignore file applies to a folder that no Dockerfile builds.
    const key = `${folder}\0`;
    let files = this.contexts.get(key);
    if (!files) this.contexts.set(key, (files = createBuildContext(folder, undefined, contextFilesOnDisk(folder))));
    const dockerfiles = this.manifestsByFolder.builds.filter((b) => b.roots.some((root) => isInside(folder, root))).map((b) => b.model);
    // A Dockerfile beside the manifest that this run does not hold (another worker's share, or left out by the config).
    const unseenDockerfile = files.files().some((f) => !f.includes('/') && kindFromName(f) === 'dockerfile' && !this.byPath.has(join(folder, f)));
    return { files, manifests: this.manifestsByFolder.byFolder.get(folder) ?? [], dockerfiles, unseenDockerfile };
  }

  includesOf(requirements: RequirementsModel): readonly IncludedRequirements[] {
    // Only files already read: addReachedRequirements read every include that may be read.
    const found: IncludedRequirements[] = [];
    for (const include of requirements.includes) {
      if (include.path.includes('$')) continue;
      const model = this.byPath.get(resolve(dirname(requirements.path), include.path))?.model;
      if (model?.kind === 'requirements') found.push({ include, model });
    }
    return found;
  }

  installersOf(requirements: RequirementsModel): readonly RequirementsInstaller[] {
    this.installers ??= this.findInstallers();
    return this.installers.get(requirements.path) ?? [];
  }

  /** Every RUN that installs a requirements file (`pip install -r`, `pip-sync`, `uv pip sync`), and the `-r` includes it reaches. */
  private findInstallers(): Map<string, RequirementsInstaller[]> {
    const installers = new Map<string, RequirementsInstaller[]>();
    for (const file of [...this.files]) {
      const dockerfile = file.model;
      if (dockerfile?.kind !== 'dockerfile') continue;
      // The one mapping of install commands to files (manifestsInstalledBy), followed through `-r` includes.
      for (const installed of this.manifestsInstalledBy(dockerfile)) {
        if (installed.model?.kind !== 'requirements') continue;
        this.addInstaller(installers, installed.model.path, { dockerfile, instruction: installed.site.instruction });
      }
    }
    return installers;
  }

  /** Records `installer` for the file at `path` and, once per file (includes may loop), for what it includes with `-r`. */
  private addInstaller(installers: Map<string, RequirementsInstaller[]>, path: string, installer: RequirementsInstaller): void {
    const pending = [path];
    while (pending.length > 0) {
      const next = pending.pop()!;
      const list = installers.get(next) ?? [];
      if (list.includes(installer) || list.some((i) => i.instruction === installer.instruction)) continue;
      list.push(installer);
      installers.set(next, list);
      const model = this.byPath.get(next)?.model;
      if (model?.kind !== 'requirements') continue;
      for (const { include, model: included } of this.includesOf(model)) if (include.kind === 'requirement') pending.push(included.path);
    }
  }

  /** The requirements file at `path`, read only when its real path is inside `root` (a real path); `via` names what reached it, for the note. */
  private requirementsAt(path: string, root: string, via?: string): RequirementsModel | undefined {
    const known = this.byPath.get(path);
    if (known) return known.model?.kind === 'requirements' ? known.model : undefined;
    if (!this.exists(path)) return undefined;
    if (!isReallyInside(path, root)) {
      // Docker cannot COPY it either; and its content must not reach a report (snippets, SARIF).
      if (via) this.note(`${via} is outside the build context (${displayPath(this.cwd, root)}): not read`);
      return undefined;
    }
    const file = readAndParse({ path, kind: 'requirements', explicit: false }, root);
    this.byPath.set(path, file);
    this.files.push(file);
    return file.model?.kind === 'requirements' ? file.model : undefined;
  }

  private dockerignore(path: string): DockerignoreModel | undefined {
    if (this.dockerignores.has(path)) return this.dockerignores.get(path);
    let file = this.byPath.get(path);
    if (!file && this.exists(path) && !isReallyInside(path, realpathOr(dirname(path)))) {
      // An ignore file linked out of its directory is not the context's own: not read.
      this.note(`${displayPath(this.cwd, path)}: symlink to a file outside the build context: not read`);
    } else if (!file && this.exists(path)) {
      // Read under the same policy as a linted file; one that cannot be read is reported, not taken as missing.
      file = readAndParse({ path, kind: 'dockerignore', explicit: false });
      this.byPath.set(path, file);
      if (!file.model) this.files.push(file);
    }
    let model: DockerignoreModel | undefined;
    if (file) model = file.model?.kind === 'dockerignore' ? file.model : parseDockerignore('', path);
    this.dockerignores.set(path, model);
    return model;
  }

  private exists(path: string): boolean {
    // Most paths asked about are missing: without an exception for each, which costs more than the stat.
    try {
      return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return false;
    }
  }
}
