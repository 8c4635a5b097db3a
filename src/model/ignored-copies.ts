/**
 * Which `COPY`/`ADD` sources `.dockerignore` leaves without anything to copy, and by which pattern. Both sides
 * ask it: the Dockerfile's source (copy-ignored-file) and the ignore file's pattern (dockerignore-excludes-copied-file).
 */
import { posix } from 'node:path';
import type { BuildContext } from './context.js';
import { pathPrefixes, type ContextSource } from './copies.js';
import type { DockerfileModel } from './dockerfile.js';
import { excludesEverything, type DockerignoreModel, type DockerignorePattern } from './dockerignore.js';

export interface IgnoredSource {
  /** Why the source copies nothing, naming the pattern; for a message after the source. */
  readonly reason: string;
  /** The pattern that leaves it out. */
  readonly pattern: DockerignorePattern;
}

/**
 * What the source loses to the ignore file, or undefined when the build sees it. `files` is the context's files
 * without the Dockerfile and the ignore file (`filesOtherThanBuildFiles`), asked for only when needed.
 */
export function ignoredSource(source: ContextSource, ignore: DockerignoreModel, context: BuildContext, files: () => readonly string[]): IgnoredSource | undefined {
  const named = (path: string) => {
    const p = ignore.matchingPattern(path);
    return p ? { text: `\`${p.pattern}\` (line ${p.line})`, pattern: p } : undefined;
  };
  if (source.path === '') {
    // The allowlist idiom (`*` then `!src`) copies what it allows; only a match-everything pattern without exceptions empties `.`.
    const all = ignore.patterns.find(excludesEverything);
    if (!all || ignore.patterns.some((p) => p.negated)) return undefined;
    return {
      reason: `\`.dockerignore\` pattern \`${all.pattern}\` (line ${all.line}) excludes every file of the build context, so this copies nothing: narrow the pattern or add \`!\` exceptions for what the image needs`,
      pattern: all,
    };
  }
  if (source.glob) {
    const matches = files().filter((f) => pathPrefixes(f).some((p) => source.glob!.test(p)));
    if (matches.length > 0) {
      if (matches.some((f) => !context.isIgnored(f))) return undefined;
      const by = named(matches[0]);
      if (!by) return undefined;
      const shown = matches.slice(0, 3).map((f) => `\`${f}\``).join(', ');
      return {
        reason: `every file it matches (${shown}${matches.length > 3 ? ` and ${matches.length - 3} more` : ''}) is excluded by \`.dockerignore\` pattern ${by.text}, so the build finds no source files: narrow the pattern or add a \`!\` exception`,
        pattern: by.pattern,
      };
    }
    const by = ignore.isIgnored(source.path) ? named(source.path) : undefined;
    if (!by) return undefined;
    return { reason: `\`.dockerignore\` pattern ${by.text} excludes it, so the build finds no source files: narrow the pattern or add a \`!\` exception`, pattern: by.pattern };
  }
  if (!ignore.isIgnored(source.path)) return undefined;
  const all = files();
  const below = all.filter((f) => f.startsWith(`${source.path}/`));
  // A folder that an exception partly brings back still copies those files.
  if (below.some((f) => !context.isIgnored(f))) return undefined;
  if (below.length === 0 && !all.includes(source.path) && mayComeBack(source.path, ignore)) return undefined;
  const by = named(source.path);
  if (!by) return undefined;
  return {
    reason: `\`.dockerignore\` pattern ${by.text} excludes it from the build context, so the build cannot find it: narrow the pattern, add the exception \`!${source.path}\`, or drop this source`,
    pattern: by.pattern,
  };
}

/**
 * For a path the context does not show (a folder whose files we cannot see): true when an exception
 * could bring back something below it (`!dir/keep.txt`, or a wildcard exception such as `!src/*.go`).
 */
function mayComeBack(path: string, ignore: DockerignoreModel): boolean {
  return ignore.patterns.some((p) => {
    if (!p.negated) return false;
    const wildcard = p.pattern.search(/[*?[\\]/);
    if (wildcard < 0) return p.pattern.startsWith(`${path}/`) && !ignore.isIgnored(p.pattern);
    const literal = p.pattern.slice(0, wildcard);
    return `${path}/`.startsWith(literal) || literal.startsWith(`${path}/`);
  });
}

/** The context's files, without the Dockerfile and the ignore file (the builder receives those anyway). */
export function filesOtherThanBuildFiles(context: BuildContext, file: DockerfileModel, ignore: DockerignoreModel): string[] {
  const skip = new Set([file.path, ignore.path].map((p) => p.split('\\').join('/')));
  return context.files().filter((f) => !skip.has(posix.join(context.root, f)));
}
