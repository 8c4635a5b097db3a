import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { contextSources, type ContextSource } from '../src/model/copies.js';
import type { DockerfileModel } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'missing-dockerignore',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: 'The whole context, a folder or a wildcard is copied from a build context that has no `.dockerignore`',
    fixable: false,
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
    context.report({
      range: wide.source.word.range,
      message: `\`${wide.source.word.unquoted}\` copies ${wide.what} from a build context that has no \`.dockerignore\`: add ${ignoreFile} that leaves out \`.git\`, secrets and local build output`,
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
