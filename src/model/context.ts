/**
 * A build context: the directory a Dockerfile is built from, and the
 * `.dockerignore` that decides which of its files the build sees.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerignoreModel } from './dockerignore.js';
import { isInside, isReallyInside, realpathOr } from '../discover/inside-tree.js';

export interface BuildContext {
  /** Absolute path of the context directory. */
  readonly root: string;
  /** The ignore file the build uses: `<Dockerfile name>.dockerignore` beside the Dockerfile, else `.dockerignore` in the root. */
  readonly dockerignore: DockerignoreModel | undefined;
  /** True when the path (relative to the root, `/` separators) exists on disk; false for a `..` path out of the root. */
  exists(relativePath: string): boolean;
  /**
   * True when the path, symlinks followed, is inside the root: only then may its content be read.
   * Docker copies a symlink as a link, so a file outside the context never reaches the build.
   */
  contains(relativePath: string): boolean;
  /** True when the build leaves the path out of the context. */
  isIgnored(relativePath: string): boolean;
  /** Every file of the context on disk, relative, sorted; walked once on first use (at most `FILE_LIMIT`). */
  files(): readonly string[];
}

/** A context bigger than this is not walked further: rules see the first files only. */
export const FILE_LIMIT = 20_000;
/** Never part of a useful answer, and often huge. */
const NEVER_WALKED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export function createBuildContext(root: string, dockerignore: DockerignoreModel | undefined): BuildContext {
  let files: string[] | undefined;
  let realRoot: string | undefined;
  const existence = new Map<string, boolean>();
  return {
    root,
    dockerignore,
    exists(relativePath) {
      let known = existence.get(relativePath);
      if (known === undefined) {
        if (!isInside(join(root, relativePath), root)) return false;
        try {
          statSync(join(root, relativePath));
          known = true;
        } catch {
          known = false;
        }
        existence.set(relativePath, known);
      }
      return known;
    },
    contains(relativePath) {
      realRoot ??= realpathOr(root);
      return isInside(join(root, relativePath), root) && isReallyInside(join(root, relativePath), realRoot);
    },
    isIgnored(relativePath) {
      return dockerignore ? dockerignore.isIgnored(relativePath) : false;
    },
    files() {
      if (!files) files = walk(root);
      return files;
    },
  };
}

function walk(root: string): string[] {
  const out: string[] = [];
  const pending: string[] = [''];
  while (pending.length > 0 && out.length < FILE_LIMIT) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!NEVER_WALKED.has(entry.name)) pending.push(rel);
      } else if (entry.isFile()) {
        out.push(rel);
      }
    }
  }
  return out.sort();
}
