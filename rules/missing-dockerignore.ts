import { join, posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { contextSources, type ContextSource } from '../src/model/copies.js';
import type { DockerfileModel } from '../src/model/dockerfile.js';
import { proposeDockerignore } from '../src/model/dockerignore-proposal.js';

export default defineRule({
  meta: {
    id: 'missing-dockerignore',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: 'The whole context, a folder or a wildcard is copied from a build context that has no `.dockerignore`',
    fixable: true,
    fix: {
      unsafe: `The fix creates \`.dockerignore\` at the root of the build context (never over an existing file), from what the
context holds: \`.git\`; \`.env\` and \`.env.*\` at any depth (\`.env.example\`, \`.sample\`, \`.template\` and \`.dist\`
stay); virtualenvs (folders with a \`pyvenv.cfg\`); \`__pycache__\`, \`*.pyc\`, \`.ipynb_checkpoints\`, \`*.egg-info\` and
test and type checkers' caches; \`node_modules\` beside a \`package.json\`; \`dist\`, \`build\`, \`.next\` or \`target\` when
a \`RUN\` of the Dockerfile builds them again (\`npm run build\`, \`python -m build\`, \`cargo build\`, \`mvn package\`,
\`gradle build\`); model weights, data sets and archives of 20 MB or more (by extension) that the Dockerfile does not
name; the Dockerfile and \`.dockerignore\` themselves. Each pattern is written only when the context has something it
matches, in this order, under a comment that says dockerlint wrote it.

Nothing the Dockerfile names is left out: no pattern may match a \`COPY\`/\`ADD\` source, a file a wildcard source
matches or a bind mount's source, and in a folder the Dockerfile copies by name, secrets and data files stay (an
\`!\` exception). It changes what \`COPY .\` and folder sources copy, which is the point: an image that read a left-out
file at run time (a model loaded from a path built at run time, a \`.env\` read by the app) loses it. Another
Dockerfile built from the same context reads the new file too, and its sources are not checked.`,
    },
    docs: {
      rationale: `Without a \`.dockerignore\`, \`COPY . .\` puts the whole directory in the image, a folder source everything
below it and a wildcard everything it matches: \`.git\` with its history, \`.env\` files and other secrets, local
virtualenvs and \`node_modules\`, build output. The image gets bigger, leaks what it should not, and its cache is invalidated by files that do not matter.
Add a \`.dockerignore\` beside the Dockerfile's context (or \`<Dockerfile name>.dockerignore\` beside the Dockerfile)
that leaves out everything the build does not need.`,
      bad: `# no .dockerignore in the context\nFROM python:3.12-slim\nCOPY . /app`,
      good: `FROM python:3.12-slim\nCOPY . /app`,
      goodFiles: { '.dockerignore': `.git\n.env\n.venv\n__pycache__` },
      notes: `BuildKit sends the builder only what \`COPY\` and \`ADD\` name, so a missing \`.dockerignore\` matters only when a
source brings in files nobody named: the whole context (\`.\`), a folder (written with a trailing \`/\`, or a folder in
the context), or a wildcard (\`*.py\`). Reported once per Dockerfile, at the first such source; a Dockerfile that copies
named files only is not reported. Sources that do not come from the context do not count: \`COPY --from=<stage or
image>\`, heredocs (\`COPY <<EOF /etc/app.conf\`), URLs in \`ADD\`, and sources whose variables have no value.
The ignore file looked for is the one BuildKit uses: \`<Dockerfile name>.dockerignore\` beside the
Dockerfile (\`api.Dockerfile.dockerignore\`), else \`.dockerignore\` at the root of the context (the Dockerfile's folder,
or the folder set for it in the config).`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    if (buildContext.dockerignore) return;
    const wide = firstWideSource(file, buildContext);
    if (!wide) return;
    const name = posix.basename(file.path.split('\\').join('/'));
    const ignoreFile = name === 'Dockerfile' ? '`.dockerignore`' : `\`.dockerignore\` (or \`${name}.dockerignore\` beside the Dockerfile)`;
    const proposal = proposeDockerignore(file, buildContext);
    context.report({
      range: wide.source.word.range,
      message: `\`${wide.source.word.unquoted}\` copies ${wide.what} from a build context that has no \`.dockerignore\`: add ${ignoreFile} that leaves out \`.git\`, secrets and local build output`,
      ...(proposal === undefined
        ? {}
        : { fix: { applicability: 'unsafe' as const, description: 'create `.dockerignore` from what the context holds', edits: [], create: [{ path: join(buildContext.root, '.dockerignore'), text: proposal }] } }),
    });
  },
});

/**
 * The first context source that brings in files nobody named: the whole context, a folder, or a wildcard's matches.
 * BuildKit sends the builder only what the sources name, so a Dockerfile that copies named files only is not exposed.
 */
function firstWideSource(file: DockerfileModel, context: BuildContext): { source: ContextSource; what: string } | undefined {
  for (const copy of file.instructions) {
    for (const source of contextSources(copy)) {
      if (source.path === '') return { source, what: 'everything' };
      if (source.glob) return { source, what: 'every file it matches' };
      if (source.text.endsWith('/') || /\/\.$/.test(source.text) || context.isDirectory(source.path)) return { source, what: 'a whole folder' };
    }
  }
  return undefined;
}
