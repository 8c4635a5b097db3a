/**
 * The build contexts that Compose and Bake files give Dockerfiles. Each Compose service's `build` (a path, or
 * `context` with `dockerfile`, both relative to the Compose file) names a Dockerfile and the directory it is built
 * from, so a `compose.yaml` at the repository root with `build: { context: ., dockerfile: docker/api.Dockerfile }`
 * makes the root the context of `docker/api.Dockerfile`, and a `deploy/compose.yaml` with `build: ../app` gives
 * `app/Dockerfile` its context. A `docker-bake.json` target's `context` and `dockerfile` do the same.
 *
 * The files read are the ones the discovery walk found anywhere in the linted tree, and those in the Dockerfile's
 * directory and each parent up to its linted tree (a Dockerfile named alone on the command line has no walk).
 * A Dockerfile several files build is given all their contexts, in this order: Compose before Bake; then files in
 * its own directory or above it, nearest first; then the others in path order; within a directory, by name.
 * Every read goes through readInputFile (size cap, regular files only) and stays inside the linted tree; a context
 * outside it, or a remote one (a Git or HTTP URL), is not used.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { readInputFile } from '../io/read-input.js';
import type { ComposeModel } from '../model/compose.js';
import { isInside, isReallyInside, realpathOr } from './inside-tree.js';

/** `compose.yaml`, `docker-compose.yml`, `compose.override.yaml`, `docker-compose.prod.yml`, `docker-compose-dev.yml`... */
export const COMPOSE_FILE = /^(?:docker-)?compose(?:[.-][A-Za-z0-9_-]+)*\.ya?ml$/;
/** `docker-bake.json`, `docker-bake.override.json`. HCL (`docker-bake.hcl`) is not read: see README. */
export const BAKE_FILE = /^docker-bake(?:\.[A-Za-z0-9_-]+)*\.json$/;

/** A context that is not a local directory: a Git or HTTP URL, which the linted tree cannot show. */
const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

/** The local directory a build context written in `file` names, undefined when it is remote or outside `top`. */
export function localContext(file: string, written: string, top: string): string | undefined {
  if (written === '' || REMOTE_CONTEXT.test(written)) return undefined;
  const context = resolve(dirname(file), written);
  return isInside(context, top) ? context : undefined;
}

/** Where a Dockerfile's context comes from: a Compose service or a Bake target. */
export interface BuildOrigin {
  /** Absolute directory. */
  readonly context: string;
  /** The Compose or Bake file, absolute. */
  readonly file: string;
  /** The service or target name. */
  readonly name: string;
}

interface Entry extends BuildOrigin {
  readonly dockerfile: string;
  readonly bake: boolean;
  /** A Compose service with a `develop:` section, and the stage it builds (`target`), if it names one. */
  readonly develop?: { readonly target: string | undefined };
}

export class ComposeContexts {
  /** The entries of each Compose or Bake file read, by its path. */
  private readonly byFile = new Map<string, readonly Entry[]>();
  /** The build files of each directory looked at (above Dockerfiles named alone). */
  private readonly byDirectory = new Map<string, readonly string[]>();
  private readonly known = new Map<string, readonly BuildOrigin[]>();
  private readonly entriesByDockerfile = new Map<string, readonly Entry[]>();
  /** Per linted tree: the entries of the walk's build files, by Dockerfile. */
  private readonly byTree = new Map<string, ReadonlyMap<string, readonly Entry[]>>();

  constructor(
    private readonly note: (text: string) => void,
    private readonly show: (path: string) => string,
    /** The parsed Compose file at a path (the linted file's model when it is one), undefined if it cannot be read. */
    private readonly composeAt: (path: string) => ComposeModel | undefined,
    /** Compose and Bake files the discovery walk found, absolute. */
    private readonly treeFiles: readonly string[] = [],
  ) {}

  /** The first context a Compose or Bake file gives `dockerfile`, if any (`top` is its linted tree). */
  contextOf(dockerfile: string, top: string): string | undefined {
    return this.contextsOf(dockerfile, top)[0]?.context;
  }

  /** Every distinct context Compose and Bake files of `top` give `dockerfile`, in the order of the module comment. */
  contextsOf(dockerfile: string, top: string): readonly BuildOrigin[] {
    const key = `${dockerfile}\0${top}`;
    const known = this.known.get(key);
    if (known) return known;
    const seen = new Set<string>();
    const origins: BuildOrigin[] = [];
    for (const { context, file, name } of this.entriesFor(dockerfile, top)) {
      if (seen.has(context)) continue;
      seen.add(context);
      origins.push({ context, file, name });
    }
    this.known.set(key, origins);
    return origins;
  }

  /** The Compose services with a `develop:` section (Compose Watch) that build `dockerfile`, with the stage each builds. */
  developServicesOf(dockerfile: string, top: string): readonly { readonly name: string; readonly target: string | undefined }[] {
    return this.entriesFor(dockerfile, top).flatMap((entry) => (entry.develop ? [{ name: entry.name, target: entry.develop.target }] : []));
  }

  /** Every entry of the Compose and Bake files of `top` that builds `dockerfile`, in the order of the module comment. */
  private entriesFor(dockerfile: string, top: string): readonly Entry[] {
    const key = `${dockerfile}\0${top}`;
    const known = this.entriesByDockerfile.get(key);
    if (known) return known;
    const files = new Set<string>();
    for (let dir = dirname(dockerfile); isInside(dir, top); dir = dirname(dir)) {
      for (const file of this.buildFilesIn(dir)) files.add(file);
      if (dir === top || dirname(dir) === dir) break;
    }
    const here = dirname(dockerfile);
    const depth = (file: string) => {
      const rel = relative(dirname(file), here);
      // An ancestor's file: how many levels up; any other file after all of them.
      return rel === '' ? 0 : rel.startsWith('..') ? Infinity : rel.split(sep).length;
    };
    // The walk's files are indexed by Dockerfile once per tree, so that the work stays linear in their services.
    const fromTree = this.treeIndex(top).get(dockerfile) ?? [];
    const entries = [...fromTree.filter((entry) => !files.has(entry.file)), ...[...files].flatMap((file) => this.entriesOf(file, top))]
      .filter((entry) => entry.dockerfile === dockerfile)
      .sort((a, b) => Number(a.bake) - Number(b.bake) || depth(a.file) - depth(b.file) || compare(a.file, b.file));
    this.entriesByDockerfile.set(key, entries);
    return entries;
  }

  private treeIndex(top: string): ReadonlyMap<string, readonly Entry[]> {
    let index = this.byTree.get(top);
    if (index) return index;
    const built = new Map<string, Entry[]>();
    for (const file of this.treeFiles) {
      if (!isInside(file, top)) continue;
      for (const entry of this.entriesOf(file, top)) {
        const list = built.get(entry.dockerfile);
        if (list) list.push(entry);
        else built.set(entry.dockerfile, [entry]);
      }
    }
    this.byTree.set(top, built);
    return built;
  }

  private buildFilesIn(dir: string): readonly string[] {
    let files = this.byDirectory.get(dir);
    if (files) return files;
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((name) => COMPOSE_FILE.test(name) || BAKE_FILE.test(name));
    } catch {
      // An unreadable directory has no build file we could use.
    }
    files = names.sort().map((name) => join(dir, name));
    this.byDirectory.set(dir, files);
    return files;
  }

  private entriesOf(file: string, top: string): readonly Entry[] {
    let entries = this.byFile.get(file);
    if (entries) return entries;
    entries = [];
    // A build file linked out of the tree is not the project's: not read.
    if (isReallyInside(file, realpathOr(top))) entries = BAKE_FILE.test(basename(file)) ? this.bakeEntries(file, top) : this.composeEntries(file, top);
    this.byFile.set(file, entries);
    return entries;
  }

  private composeEntries(file: string, top: string): Entry[] {
    const model = this.composeAt(file);
    // A file that is not valid YAML names no context we could trust (the caller says so: a finding or a note).
    if (!model || model.errors.length > 0) return [];
    return model.services.flatMap((service) => {
      const build = service.build;
      // A `dockerfile_inline` build has no Dockerfile on disk to give a context to (the engine lints the inline text).
      if (!build || build.inline) return [];
      const entries = this.entry(file, top, service.name, build.context, build.dockerfile, false);
      return service.develop ? entries.map((entry) => ({ ...entry, develop: { target: build.target } })) : entries;
    });
  }

  private bakeEntries(file: string, top: string): Entry[] {
    const read = readInputFile(file);
    if ('problem' in read) return [];
    let value: unknown;
    try {
      value = JSON.parse(read.text);
    } catch (error) {
      this.note(`${this.show(file)}: invalid JSON: ${String((error as Error).message).split('\n')[0]}: the build contexts it names are not used`);
      return [];
    }
    const targets = field(value, 'target');
    if (!isObject(targets)) return [];
    return Object.entries(targets).flatMap(([name, target]) => {
      if (!isObject(target) || typeof target['dockerfile-inline'] === 'string') return [];
      const context = typeof target.context === 'string' ? target.context : '.';
      const dockerfile = typeof target.dockerfile === 'string' ? target.dockerfile : undefined;
      return this.entry(file, top, name, context, dockerfile, true);
    });
  }

  private entry(file: string, top: string, name: string, written: string, dockerfile: string | undefined, bake: boolean): Entry[] {
    if (written === '' || REMOTE_CONTEXT.test(written)) return [];
    const context = resolve(dirname(file), written);
    if (!isInside(context, top)) {
      this.note(`${this.show(file)}: build context "${written}" is outside the linted tree (${this.show(top)}): not used`);
      return [];
    }
    const path = dockerfile !== undefined && dockerfile !== '' ? resolve(context, dockerfile) : join(context, 'Dockerfile');
    return [{ context, file, name, dockerfile: path, bake }];
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
