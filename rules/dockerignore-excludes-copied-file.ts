import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import { contextSources } from '../src/model/copies.js';
import type { DockerignorePattern } from '../src/model/dockerignore.js';
import { filesOtherThanBuildFiles, ignoredSource } from '../src/model/ignored-copies.js';

/** How many copies a message names before it says "and N more". */
const LISTED = 3;

export default defineRule({
  meta: {
    id: 'dockerignore-excludes-copied-file',
    aliases: [],
    severity: 'warning',
    category: 'correctness',
    summary: 'A `.dockerignore` pattern that excludes a file a Dockerfile copies',
    fixable: false,
    docs: {
      exampleKind: 'dockerignore',
      rationale: `A pattern that excludes what a \`COPY\` or \`ADD\` names makes that build fail with "not found" (or copy
nothing, for a wildcard or \`.\`). This is the ignore file's side of \`copy-ignored-file\`: the finding is at the pattern,
which is where the fix usually goes (narrow it, or add a \`!\` exception after it), and where a change to the ignore
file is reviewed: a pull request that adds \`*.json\` gets the finding on the line it adds, even though the Dockerfile it
breaks is not part of the change. One pattern that breaks several Dockerfiles is reported once, naming them.`,
      bad: `*.json\n*.md`,
      badFiles: {
        Dockerfile: `FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci`,
        'package.json': `{ "name": "app" }`,
        'package-lock.json': `{ "lockfileVersion": 3 }`,
      },
      good: `*.json\n!package.json\n!package-lock.json\n*.md`,
      goodFiles: {
        Dockerfile: `FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci`,
        'package.json': `{ "name": "app" }`,
        'package-lock.json': `{ "lockfileVersion": 3 }`,
      },
      notes: `The sources and the judgement are \`copy-ignored-file\`'s (exceptions applied, wildcards matched against the
context's files); see there. The Dockerfiles looked at are the linted ones built with this ignore file
(\`<Dockerfile name>.dockerignore\` beside a Dockerfile is used by that Dockerfile only).

Excluding the Dockerfile or the ignore file itself (\`Dockerfile\`, \`**/Dockerfile*\`, \`.dockerignore\`, as \`docker init\`
writes) is not reported: the builder receives both anyway (BuildKit reads the Dockerfile through its own channel, and
the docker CLI adds \`!Dockerfile\` and \`!.dockerignore\` for the classic builder); only a \`COPY\` of the Dockerfile by
name would lose it, and that is reported like any other source.`,
    },
  },
  checkDockerignore(ignore, context) {
    const here = posix.dirname(ignore.path.split('\\').join('/'));
    const byPattern = new Map<DockerignorePattern, string[]>();
    for (const dockerfile of context.project.dockerfilesUsing(ignore)) {
      const buildContext = context.project.contextOf(dockerfile);
      let files: string[] | undefined;
      const contextFiles = () => (files ??= filesOtherThanBuildFiles(buildContext, dockerfile, ignore));
      const where = posix.relative(here, dockerfile.path.split('\\').join('/'));
      for (const copy of dockerfile.instructions) {
        for (const source of contextSources(copy)) {
          const verdict = ignoredSource(source, ignore, buildContext, contextFiles);
          if (!verdict) continue;
          const copies = byPattern.get(verdict.pattern) ?? [];
          copies.push(`\`${copy.rawKeyword} ${source.text}\` (${where}:${copy.line})`);
          byPattern.set(verdict.pattern, copies);
        }
      }
    }
    for (const [pattern, copies] of byPattern) {
      const shown = copies.slice(0, LISTED).join(', ') + (copies.length > LISTED ? ` and ${copies.length - LISTED} more` : '');
      context.report({
        range: pattern.range,
        message: `\`${pattern.pattern}\` excludes the source${copies.length > 1 ? 's' : ''} of ${shown}, which then ${copies.length > 1 ? 'find' : 'finds'} nothing to copy: narrow the pattern or add a \`!\` exception after it`,
      });
    }
  },
});
