import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { contextSources, pathPrefixes, type ContextSource } from '../src/model/copies.js';
import type { DockerfileModel } from '../src/model/dockerfile.js';
import { excludesEverything, type DockerignoreModel } from '../src/model/dockerignore.js';
import { ignoredSourceAliases } from '../src/peers/ignored-sources.js';

export default defineRule({
  meta: {
    id: 'copy-ignored-file',
    aliases: ['CopyIgnoredFile'],
    severity: 'warning',
    category: 'correctness',
    summary: '`COPY`/`ADD` of a file that `.dockerignore` leaves out of the build context',
    fixable: false,
    docs: {
      rationale: `\`.dockerignore\` decides which files the builder receives. A \`COPY\` or \`ADD\` of a path it excludes cannot find the
file: the build fails with "not found" (or, for a wildcard whose every match is excluded, "no source files were
specified"), or a whole-context copy copies nothing. It usually means the \`.dockerignore\` is too broad (\`*.json\`
also excluding \`package.json\`) or an old \`COPY\` line was forgotten. Narrow the pattern, add an exception
(\`!package.json\`), or remove the source from the \`COPY\`.`,
      bad: `FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci`,
      badFiles: { '.dockerignore': `*.json` },
      good: `FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci`,
      goodFiles: { '.dockerignore': `*.json\n!package.json\n!package-lock.json` },
      notes: `Only sources taken from the build context are checked: not \`COPY --from\`, URLs in \`ADD\`, heredocs, or sources
whose variables have no value. The \`.dockerignore\` is the one BuildKit reads (\`<Dockerfile name>.dockerignore\` beside
the Dockerfile first), matched as BuildKit matches it. A source is reported when:
- it is a path the \`.dockerignore\` excludes (itself or a folder above it), and no \`!\` exception brings back a file below it;
- it is a wildcard (\`*.py\`, \`src/*.json\`) whose every match in the context is excluded (when nothing in the context
  matches, the wildcard itself is tested, as BuildKit does);
- it is the whole context (\`.\`) and a pattern excludes everything (\`*\`, \`**\`, \`**/*\`) with no \`!\` exception.

When the context on disk does not show what is below an excluded folder, an exception that may bring back something
below it (\`!dir/keep.txt\`, or a wildcard exception) keeps the folder from being reported.

The finding is at the source word and names the pattern that excludes it.`,
      differences: `BuildKit (CopyIgnoredFile) skips the whole check as soon as the \`.dockerignore\` has a \`!\` exception, tests a
wildcard source as a literal path, and checks \`.\` only against the patterns \`*\`, \`**\` and \`**/*\`. We apply the
exceptions instead (a folder with an excepted file inside is not reported) and look at the context's files for
wildcards. Findings that BuildKit also reports carry its code.`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    const ignore = buildContext.dockerignore;
    if (!ignore || ignore.patterns.length === 0) return;
    let files: string[] | undefined;
    const contextFiles = () => (files ??= filesOtherThanBuildFiles(buildContext, file, ignore));

    for (const copy of file.instructions) {
      for (const source of contextSources(copy)) {
        const verdict = judge(source, ignore, buildContext, contextFiles);
        if (!verdict) continue;
        context.report({
          range: source.word.range,
          message: `\`${copy.rawKeyword} ${source.text}\`: ${verdict}`,
          aliases: ignoredSourceAliases(source, ignore),
        });
      }
    }
  },
});

/** Why the source copies nothing, or undefined when the build sees it. */
function judge(source: ContextSource, ignore: DockerignoreModel, context: BuildContext, files: () => string[]): string | undefined {
  const pattern = (path: string) => {
    const p = ignore.matchingPattern(path);
    return p ? `\`${p.pattern}\` (line ${p.line})` : 'a pattern';
  };
  if (source.path === '') {
    // The allowlist idiom (`*` then `!src`) copies what it allows; only a match-everything pattern without exceptions empties `.`.
    const all = ignore.patterns.find(excludesEverything);
    if (!all || ignore.patterns.some((p) => p.negated)) return undefined;
    return `\`.dockerignore\` pattern \`${all.pattern}\` (line ${all.line}) excludes every file of the build context, so this copies nothing: narrow the pattern or add \`!\` exceptions for what the image needs`;
  }
  if (source.glob) {
    const matches = files().filter((f) => pathPrefixes(f).some((p) => source.glob!.test(p)));
    if (matches.length > 0) {
      if (matches.some((f) => !context.isIgnored(f))) return undefined;
      const shown = matches.slice(0, 3).map((f) => `\`${f}\``).join(', ');
      return `every file it matches (${shown}${matches.length > 3 ? ` and ${matches.length - 3} more` : ''}) is excluded by \`.dockerignore\` pattern ${pattern(matches[0])}, so the build finds no source files: narrow the pattern or add a \`!\` exception`;
    }
    if (!ignore.isIgnored(source.path)) return undefined;
    return `\`.dockerignore\` pattern ${pattern(source.path)} excludes it, so the build finds no source files: narrow the pattern or add a \`!\` exception`;
  }
  if (!ignore.isIgnored(source.path)) return undefined;
  const all = files();
  const below = all.filter((f) => f.startsWith(`${source.path}/`));
  // A folder that an exception partly brings back still copies those files.
  if (below.some((f) => !context.isIgnored(f))) return undefined;
  if (below.length === 0 && !all.includes(source.path) && mayComeBack(source.path, ignore)) return undefined;
  return `\`.dockerignore\` pattern ${pattern(source.path)} excludes it from the build context, so the build cannot find it: narrow the pattern, add the exception \`!${source.path}\`, or drop this source`;
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
function filesOtherThanBuildFiles(context: BuildContext, file: DockerfileModel, ignore: DockerignoreModel): string[] {
  const skip = new Set([file.path, ignore.path].map((p) => p.split('\\').join('/')));
  return context.files().filter((f) => !skip.has(posix.join(context.root, f)));
}
