/**
 * The files of a build context on disk, as the model's BuildContext asks for them
 * (src/model/context.ts): existence, the inside-the-context test, one bounded walk,
 * and the first bytes of a file, read only when its real path is inside the context.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ContextFiles } from '../model/context.js';
import { isInside, isReallyInside, realpathOr } from './inside-tree.js';
import { readFileHead } from '../io/read-input.js';

/** A context bigger than this is not walked further: rules see the first files only. */
const FILE_LIMIT = 20_000;
/** Never part of a useful answer, and often huge. */
const NEVER_WALKED = new Set(['.git', 'node_modules', '.hg', '.svn']);
/** Enough to see a PEM header or an auth entry in a config file. */
const HEAD_BYTES = 16 * 1024;

export function contextFilesOnDisk(root: string): ContextFiles {
  let realRoot: string | undefined;
  const contains = (relativePath: string): boolean => {
    realRoot ??= realpathOr(root);
    return isInside(join(root, relativePath), root) && isReallyInside(join(root, relativePath), realRoot);
  };
  return {
    exists(relativePath) {
      if (!isInside(join(root, relativePath), root)) return false;
      // Without an exception for a missing path (most of those asked about), which costs more than the stat.
      try {
        return statSync(join(root, relativePath), { throwIfNoEntry: false }) !== undefined;
      } catch {
        return false;
      }
    },
    isDirectory(relativePath) {
      if (!isInside(join(root, relativePath), root)) return false;
      // A name from a hostile Dockerfile may be too long or malformed for the file system: then it is no folder.
      try {
        return statSync(join(root, relativePath), { throwIfNoEntry: false })?.isDirectory() ?? false;
      } catch {
        return false;
      }
    },
    contains,
    list: () => walk(root),
    readHead(relativePath) {
      return contains(relativePath) ? readFileHead(join(root, relativePath), HEAD_BYTES) : undefined;
    },
    sizeOf(relativePath) {
      // lstat: a symlink is sent as a link, so its target's size is not what the build carries.
      if (!contains(posix.dirname(relativePath))) return undefined;
      try {
        return lstatSync(join(root, relativePath)).size;
      } catch {
        return undefined;
      }
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
