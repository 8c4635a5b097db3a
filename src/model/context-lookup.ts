/**
 * Which context paths a COPY/ADD source names, the way BuildKit resolves it: a plain path is looked up as is; a
 * wildcard is matched one path segment at a time with Go's filepath.Match (`*` never crosses a `/`), so `src/*.py`
 * matches `src/app.py` and `*` matches folders too; with `COPY --parents` every source is an include pattern, where
 * `**` crosses folders. Asked of the BuildContext only; its listing is indexed by folder once per context, and that
 * index is also what a "did you mean" for a missing path looks through.
 */
import { posix } from 'node:path';
import type { BuildContext } from './context.js';
import { globPattern, type ContextSource } from './copies.js';
import type { Instruction } from './dockerfile.js';
import { parseDockerignore } from './dockerignore.js';

/** The context's folders (`''` for the root) with the names directly inside each, from its file listing. */
interface FolderIndex {
  readonly children: Map<string, Set<string>>;
  /** Every file and folder path of the listing. */
  readonly paths: string[];
}

const indexes = new WeakMap<BuildContext, FolderIndex>();

function folderIndex(context: BuildContext): FolderIndex {
  let index = indexes.get(context);
  if (index) return index;
  const children = new Map<string, Set<string>>([['', new Set()]]);
  const paths: string[] = [];
  for (const file of context.files()) {
    paths.push(file);
    let path = file;
    // Walk up until a folder already known: each folder is added once, so this is linear in the listing.
    for (;;) {
      const parent = posix.dirname(path) === '.' ? '' : posix.dirname(path);
      let names = children.get(parent);
      const known = names !== undefined;
      if (!names) children.set(parent, (names = new Set()));
      names.add(posix.basename(path));
      if (known || parent === '') break;
      paths.push(parent);
      path = parent;
    }
  }
  index = { children, paths };
  indexes.set(context, index);
  return index;
}

/**
 * True when the source names something in the context: the path itself (a file or a folder), or at least one
 * match of its wildcard or `--parents` pattern. The whole context (`.`) is always there.
 */
export function sourceInContext(source: ContextSource, copy: Instruction, context: BuildContext): boolean {
  if (source.path === '') return true;
  if (copy.flag('parents') && /\*\*/.test(source.path)) {
    const pattern = parseDockerignore(source.path, '--parents');
    return folderIndex(context).paths.some((p) => pattern.isIgnored(p));
  }
  if (!source.glob) return context.exists(source.path);
  return segmentMatch(source.path.split('/'), context);
}

/** Go's filepath.Match over the context, one segment at a time from the root; bounded by the context's listing. */
function segmentMatch(segments: string[], context: BuildContext): boolean {
  const { children } = folderIndex(context);
  let current = [''];
  for (let i = 0; i < segments.length && current.length > 0; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const next: string[] = [];
    if (!/[*?[\\]/.test(segment)) {
      for (const folder of current) {
        const path = folder ? `${folder}/${segment}` : segment;
        // A folder the listing does not show (empty, or never walked such as node_modules) is still on disk.
        if (children.get(folder)?.has(segment) || (last ? context.exists(path) : context.isDirectory(path))) next.push(path);
      }
    } else {
      const match = globPattern(segment);
      for (const folder of current) {
        for (const name of children.get(folder) ?? []) {
          if (match.test(name)) next.push(folder ? `${folder}/${name}` : name);
        }
      }
    }
    current = next;
  }
  return current.length > 0;
}

/** What "did you mean" looks through: the names directly inside a folder of the context, and every file and folder path. */
export interface ContextListing {
  namesIn(folder: string): Iterable<string>;
  readonly paths: readonly string[];
}

/** The context's listing by folder (`''` for the root), built once per context. */
export function contextListing(context: BuildContext): ContextListing {
  const { children, paths } = folderIndex(context);
  return { namesIn: (folder) => children.get(folder) ?? [], paths };
}
