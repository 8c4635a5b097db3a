/**
 * The files of one lint run, read and parsed once each, and the files they reach: the build
 * context of each Dockerfile, its ignore file, and the requirements files that `pip install -r`
 * and `-r`/`-c` includes name. Every read goes through src/io/read-input.ts and stays inside
 * the tree it belongs to (inside-tree.ts).
 */
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseDockerfile, type DockerfileModel } from '../model/dockerfile.js';
import { parseRequirements, type RequirementsModel } from '../model/requirements.js';
import { parseDockerignore, type DockerignoreModel } from '../model/dockerignore.js';
import { createBuildContext, type BuildContext } from '../model/context.js';
import { requirementsReferencedBy } from '../model/packages.js';
import { contextForFile, type Config } from '../config/config.js';
import type { Project } from '../engine/rule.js';
import { readInputFile } from '../io/read-input.js';
import { isReallyInside, realpathOr } from './inside-tree.js';
import { contextFilesOnDisk } from './context-files.js';
import { ComposeContexts } from './compose-contexts.js';
import { displayPath } from './display-path.js';
import type { DiscoveredFile } from './discover.js';

export interface ParsedFile {
  readonly discovered: DiscoveredFile;
  readonly model: DockerfileModel | RequirementsModel | DockerignoreModel | undefined;
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
    const model =
      discovered.kind === 'dockerfile'
        ? parseDockerfile(text, discovered.path)
        : discovered.kind === 'requirements'
          ? parseRequirements(text, discovered.path)
          : parseDockerignore(text, discovered.path);
    return { discovered, model, lines: model.lines, root };
  } catch (error) {
    // One file the model cannot read must not cost the other files their results.
    return { discovered, model: undefined, crashed: describeError(error), lines: text.split(/\r?\n/), root };
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
  /** Ignore file path → the Dockerfiles built with it; worked out once, on first use (all files are read by then). */
  private dockerfilesByIgnore: Map<string, DockerfileModel[]> | undefined;
  /** The contexts Compose files give the Dockerfiles they build. */
  private readonly compose: ComposeContexts;

  constructor(
    private readonly config: Config,
    files: ParsedFile[],
    private readonly note: (text: string) => void,
    private readonly cwd: string,
    /** The build context of the Dockerfiles named on the command line (`--context`), absolute. */
    private readonly namedContext?: string,
  ) {
    this.files = files;
    for (const file of files) this.byPath.set(file.discovered.path, file);
    this.compose = new ComposeContexts(note, (p) => displayPath(cwd, p));
  }

  contextOf(dockerfile: DockerfileModel): BuildContext {
    const path = dockerfile.path;
    // Rules ask for it many times per Dockerfile; working out its root walks the Compose files above it.
    const known = this.contextByDockerfile.get(path);
    if (known) return known;
    const rel = relative(this.config.baseDir, path).split(sep).join('/');
    const named = this.namedContext !== undefined && this.byPath.get(path)?.discovered.explicit === true;
    const top = this.byPath.get(path)?.discovered.root;
    const root = named
      ? this.namedContext!
      : (!rel.startsWith('..') && contextForFile(this.config, rel)) || (top !== undefined && this.compose.contextOf(path, top)) || dirname(path);
    // BuildKit reads `<Dockerfile name>.dockerignore` beside the Dockerfile before the context's `.dockerignore`.
    const specific = `${path}.dockerignore`;
    const ignorePath = this.exists(specific) ? specific : join(root, '.dockerignore');
    const key = `${root}\0${ignorePath}`;
    let context = this.contexts.get(key);
    if (!context) {
      context = createBuildContext(root, this.dockerignore(ignorePath), contextFilesOnDisk(root));
      this.contexts.set(key, context);
    }
    this.contextByDockerfile.set(path, context);
    return context;
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
    const includesOf = (model: RequirementsModel, root: string) =>
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
        for (const rel of requirementsReferencedBy(model, context)) {
          queue.push({ path: resolve(context.root, rel), root, via: `${displayPath(this.cwd, model.path)}: pip requirements file ${JSON.stringify(rel)}` });
        }
      } else if (model?.kind === 'requirements') {
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
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  }
}
