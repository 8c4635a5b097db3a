import { posix } from 'node:path';
import { closestName } from '../src/engine/closest-name.js';
import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { contextListing, sourceInContext } from '../src/model/context-lookup.js';
import { contextSources, type ContextSource } from '../src/model/copies.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';

/** Whole-context "did you mean" searches per Dockerfile: each looks through every path of the context. */
const WIDE_SEARCHES = 20;

/** Edits a suggested file name may be away: tighter than for words, since `jupyter-requirements.txt` is not a typo of `requirements.txt`. */
const nameDistance = (name: string) => Math.max(2, Math.floor(name.length / 4));

export default defineRule({
  meta: {
    id: 'copy-missing-source',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    summary: '`COPY`/`ADD` of a path that is not in the build context',
    fixable: false,
    docs: {
      rationale: `A \`COPY\` or \`ADD\` source is looked up in the build context, and a path that is not there fails the
build ("not found") only when the builder reaches that step, after the steps before it have run. The usual causes
are a typo (\`requirments.txt\`), a file that was renamed or never committed, and a Dockerfile built from another
folder than the one it sits in (\`docker/Dockerfile\` built from the repository root). A wildcard that matches
nothing does not fail a BuildKit build: it copies nothing, and a later step breaks instead (the legacy builder
fails with "no source files were specified").`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirments.txt .\nRUN pip install --no-cache-dir -r requirments.txt`,
      badFiles: { 'requirements.txt': 'flask==3.0.3' },
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt`,
      goodFiles: { 'requirements.txt': 'flask==3.0.3' },
      notes: `Only sources taken from the build context are checked: not \`COPY --from\`, URLs and git remotes in \`ADD\`,
heredocs, or sources whose variables have no value (\`ARG\` and \`ENV\` values are expanded). The build context is the
one dockerlint uses for the Dockerfile (its folder, \`--context\`, the config's \`context\` mapping, or a Compose file).
A wildcard is matched as BuildKit matches it (Go's \`filepath.Match\` per path segment, so \`*\` does not cross a
\`/\`; with \`COPY --parents\`, \`**\` does). A missing path is an error; a wildcard, or any \`COPY --parents\` source,
that matches nothing is a warning, since BuildKit then copies nothing instead of failing. The optional-file idiom
(\`COPY pyproject.toml poetry.lock* ./\`, a whole name followed by \`*\`) is not reported.

The message suggests a close name: one in the same folder first, then the nearest path of the whole context. When
every missing path of a Dockerfile (wildcards aside) exists in a folder above it, inside the linted tree, and nothing
set its context, the message says so: the image is then most likely built from there, and dockerlint should be told
with \`--context\` or the config's \`context\` mapping (a Compose file that builds it is read by itself).

A source that exists, or is missing, but that \`.dockerignore\` excludes is reported by
[\`copy-ignored-file\`](copy-ignored-file.md), never by both. In Windows Dockerfiles (whose escape directive is a
backtick), sources written with \`\\\` separators are not checked.`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    const missing: { copy: Instruction; source: ContextSource }[] = [];
    for (const copy of file.instructions) {
      for (const source of contextSources(copy)) {
        if (file.escapeChar === '`' && source.text.includes('\\')) continue;
        if (optionalFileIdiom(source) || sourceInContext(source, copy, buildContext)) continue;
        // A path .dockerignore excludes is copy-ignored-file's, found or not.
        if (buildContext.isIgnored(source.path)) continue;
        missing.push({ copy, source });
      }
    }
    if (missing.length === 0) return;

    const builtFrom = ancestorWithAll(file, missing, context.project.parentContexts?.(file) ?? []);
    let wideSearches = 0;
    for (const { copy, source } of missing) {
      const pattern = source.glob !== undefined || copy.flag('parents') !== undefined;
      if (pattern) {
        context.report({
          range: source.word.range,
          severity: 'warning',
          message: `\`${source.text}\` matches nothing in the build context, so BuildKit copies nothing here (the legacy builder fails with "no source files were specified"): fix the pattern or add the files`,
        });
        continue;
      }
      let fix: string;
      if (builtFrom) {
        fix = `it exists in \`${builtFrom}\` (relative to the Dockerfile): if the image is built from there, set that build context with \`--context\` or the config's \`context\` mapping`;
      } else {
        const near = nearestPath(source.path, buildContext, wideSearches++ < WIDE_SEARCHES);
        const written = near !== undefined && source.text.endsWith('/') ? `${near}/` : near;
        fix = written !== undefined ? `did you mean \`${written}\`?` : 'add it to the build context or fix the path';
      }
      context.report({
        range: source.word.range,
        message: `\`${source.text}\` is not in the build context, so the build fails at this \`${copy.rawKeyword}\`: ${fix}`,
      });
    }
  },
});

/** `poetry.lock*`: a whole file name then `*`, the way to copy a file only when it exists. */
function optionalFileIdiom(source: ContextSource): boolean {
  return source.glob !== undefined && /^[^*?[\\]*\.[^*?[\\]*[^*?[\\.\-_]\*$/.test(posix.basename(source.path));
}

/**
 * The nearest folder above the Dockerfile (as a path from its folder, `..`) where every missing named source is, and
 * is not excluded: the context the image is most likely built from. Wildcards are left out of the test, since
 * matching them would walk each folder above.
 */
function ancestorWithAll(file: DockerfileModel, missing: { copy: Instruction; source: ContextSource }[], parents: BuildContext[]): string | undefined {
  const named = missing.filter((m) => m.source.glob === undefined && !m.copy.flag('parents'));
  if (named.length === 0) return undefined;
  const own = posix.dirname(file.path.split('\\').join('/'));
  const found = parents.find((parent) => named.every(({ copy, source }) => sourceInContext(source, copy, parent) && !parent.isIgnored(source.path)));
  return found && posix.relative(own, found.root.split('\\').join('/'));
}

/** A close existing name: in the same folder first, then (when `wide`) anywhere in the context. */
function nearestPath(path: string, context: BuildContext, wide: boolean): string | undefined {
  const listing = contextListing(context);
  const folder = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const name = posix.basename(path);
  const sibling = closestName(name, listing.namesIn(folder), nameDistance(name));
  if (sibling !== undefined) return folder ? `${folder}/${sibling}` : sibling;
  if (!wide) return undefined;
  // The same name in another folder (`app/requirements.txt`), else the path fewest edits away.
  const lower = name.toLowerCase();
  const moved = listing.paths.filter((p) => posix.basename(p).toLowerCase() === lower).sort((a, b) => a.length - b.length)[0];
  return moved ?? closestName(path, listing.paths, nameDistance(name));
}
