/**
 * A build context: the directory a Dockerfile is built from, and the
 * `.dockerignore` that decides which of its files the build sees. The model
 * does no I/O: what is on disk comes in through `ContextFiles`, which the
 * engine reads (src/discover/context-files.ts) and a test can hold in memory.
 */
import type { DockerignoreModel } from './dockerignore.js';

export interface BuildContext {
  /** Absolute path of the context directory. */
  readonly root: string;
  /** The ignore file the build uses: `<Dockerfile name>.dockerignore` beside the Dockerfile, else `.dockerignore` in the root. */
  readonly dockerignore: DockerignoreModel | undefined;
  /** True when the path (relative to the root, `/` separators) exists on disk; false for a `..` path out of the root. */
  exists(relativePath: string): boolean;
  /** True when the path (symlinks followed) is a folder on disk: a named COPY source that is one carries everything below it. */
  isDirectory(relativePath: string): boolean;
  /**
   * True when the path, symlinks followed, is inside the root: only then may its content be read.
   * Docker copies a symlink as a link, so a file outside the context never reaches the build.
   */
  contains(relativePath: string): boolean;
  /** True when the build leaves the path out of the context. */
  isIgnored(relativePath: string): boolean;
  /** Every file of the context on disk, relative, sorted; walked once on first use (bounded by the engine's walk). */
  files(): readonly string[];
  /** The first bytes of a file of the context as text, for rules that judge a file by its content; undefined when it cannot be read or is not inside the context (`contains`). */
  readHead(relativePath: string): string | undefined;
  /** The size in bytes of a file of the context (a symlink's own size, as Docker sends the link); undefined when it is missing or not inside the context. */
  sizeOf(relativePath: string): number | undefined;
}

/** What the engine reads from disk for a build context; paths are relative to the root with `/` separators. */
export interface ContextFiles {
  exists(relativePath: string): boolean;
  isDirectory(relativePath: string): boolean;
  contains(relativePath: string): boolean;
  /** Every file of the context, sorted. */
  list(): readonly string[];
  /** The first bytes of a file as text; undefined when it cannot be read or is outside the context. */
  readHead(relativePath: string): string | undefined;
  /** The size in bytes of a file (lstat); undefined when it is missing or outside the context. */
  sizeOf(relativePath: string): number | undefined;
}

export function createBuildContext(root: string, dockerignore: DockerignoreModel | undefined, disk: ContextFiles): BuildContext {
  let files: readonly string[] | undefined;
  const existence = new Map<string, boolean>();
  return {
    root,
    dockerignore,
    exists(relativePath) {
      let known = existence.get(relativePath);
      if (known === undefined) {
        known = disk.exists(relativePath);
        existence.set(relativePath, known);
      }
      return known;
    },
    isDirectory(relativePath) {
      return disk.isDirectory(relativePath);
    },
    contains(relativePath) {
      return disk.contains(relativePath);
    },
    isIgnored(relativePath) {
      return dockerignore ? dockerignore.isIgnored(relativePath) : false;
    },
    files() {
      if (!files) files = disk.list();
      return files;
    },
    readHead(relativePath) {
      return disk.readHead(relativePath);
    },
    sizeOf(relativePath) {
      return disk.sizeOf(relativePath);
    },
  };
}
