import { defineRule } from '../src/engine/rule.js';
import { contextSources } from '../src/model/copies.js';
import { filesOtherThanBuildFiles, ignoredSource } from '../src/model/ignored-copies.js';
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

The finding is at the source word and names the pattern that excludes it; the ignore file's side, at the pattern, is
\`dockerignore-excludes-copied-file\`.`,
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
        const verdict = ignoredSource(source, ignore, buildContext, contextFiles);
        if (!verdict) continue;
        context.report({
          range: source.word.range,
          message: `\`${copy.rawKeyword} ${source.text}\`: ${verdict.reason}`,
          aliases: ignoredSourceAliases(source, ignore),
        });
      }
    }
  },
});
