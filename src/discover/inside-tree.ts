/**
 * The linted tree, and whether a path stays inside it. Everything dockerlint reads comes from the
 * linted repository, so a path it reaches (an include, a symlink, a configured context) is read
 * only when its real path is inside the tree it belongs to; `..` and symlinks cannot leave it.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The tree a path named by the user belongs to (`dir` is the path, or a named file's directory):
 * the repository holding it (the nearest directory upward with `.git`), else the working
 * directory when `dir` is inside it, else `dir` itself. Directories above the one the person
 * chose (a shared /tmp, a home directory, the runner's work folder) were vouched for by nobody.
 * The config search stops there too.
 */
export function lintedTreeRoot(dir: string, cwd: string): string {
  const start = resolve(dir);
  return repositoryRoot(start) ?? (isInside(start, resolve(cwd)) ? resolve(cwd) : start);
}

/** The nearest directory at or above `dir` that holds `.git` (a directory, or a file in worktrees and submodules). */
export function repositoryRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (statSync(join(current, '.git'), { throwIfNoEntry: false })) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Whether `path` is `root` or below it, by their names (resolve both first; see `isReallyInside`). */
export function isInside(path: string, root: string): boolean {
  // Both absolute POSIX paths without `.`, `..` or empty segments, as resolve() and join() give them: a prefix that
  // ends at a separator says it, without path.relative's two resolves (its cost was a tenth of a corpus run).
  if (sep === '/' && isPlainAbsolute(path) && isPlainAbsolute(root)) {
    return path === root || (path.startsWith(root) && (root === '/' || path.charCodeAt(root.length) === SLASH));
  }
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !rel.startsWith('..\\') && !isAbsolute(rel));
}

const SLASH = 0x2f;
/** `.` or `..` as a whole segment, an empty segment (`//`), or a final `/`. */
const NOT_PLAIN = /\/\.{0,2}(\/|$)/;

function isPlainAbsolute(path: string): boolean {
  return path.charCodeAt(0) === SLASH && (path.length === 1 || !NOT_PLAIN.test(path));
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
