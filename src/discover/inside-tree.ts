/**
 * Whether a path stays inside a tree. Everything dockerlint reads comes from the linted
 * repository, so a path it reaches (an include, a symlink, a configured context) is read only
 * when its real path is inside the tree it belongs to; `..` and symlinks cannot leave it.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

/** Whether `path` is `root` or below it, by their names (resolve both first; see `isReallyInside`). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !rel.startsWith('..\\') && !isAbsolute(rel));
}

/** Whether `path`, with symlinks followed, is inside `realRoot` (a real path). A missing path is judged by its name. */
export function isReallyInside(path: string, realRoot: string): boolean {
  return isInside(realpathOr(resolve(path)), realRoot);
}

/** The real path, or the path itself when it cannot be resolved (a missing file: nothing is read through it). */
export function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
