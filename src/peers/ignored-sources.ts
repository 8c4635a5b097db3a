/**
 * Which peers report a `COPY`/`ADD` source that `.dockerignore` leaves out (copy-ignored-file), so that a finding
 * carries BuildKit's code only where BuildKit reports it too.
 */
import type { ContextSource } from '../model/copies.js';
import { excludesEverything, type DockerignoreModel } from '../model/dockerignore.js';

/**
 * BuildKit's CopyIgnoredFile (dockerfile/1.26): skipped as soon as the `.dockerignore` has a `!` exception;
 * otherwise MatchesOrParentMatches on the cleaned source as written (a wildcard is tested as a literal path), and
 * `.` only against a pattern that excludes everything.
 */
function buildkitReports(source: ContextSource, ignore: DockerignoreModel): boolean {
  if (ignore.patterns.some((p) => p.negated)) return false;
  if (source.path === '') return ignore.patterns.some(excludesEverything);
  return ignore.isIgnored(source.path);
}

/** The peer codes whose check reports `source` as left out of the context by `ignore`. */
export function ignoredSourceAliases(source: ContextSource, ignore: DockerignoreModel): string[] {
  return buildkitReports(source, ignore) ? ['CopyIgnoredFile'] : [];
}
