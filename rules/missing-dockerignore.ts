import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import { copiesFromContext, sourceWords } from '../src/model/copies.js';
import type { DockerfileModel, Word } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'missing-dockerignore',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: 'Files are copied from a build context that has no `.dockerignore`',
    fixable: false,
    docs: {
      rationale: `Without a \`.dockerignore\`, the whole directory is sent to the builder and \`COPY . .\` puts all of it in
the image: \`.git\` with its history, \`.env\` files and other secrets, local virtualenvs and \`node_modules\`, build
output. The image gets bigger, leaks what it should not, and its cache is invalidated by files that do not matter.
Add a \`.dockerignore\` beside the Dockerfile's context (or \`<Dockerfile name>.dockerignore\` beside the Dockerfile)
that leaves out everything the build does not need.`,
      bad: `# no .dockerignore in the context\nFROM python:3.12-slim\nCOPY . /app`,
      good: `FROM python:3.12-slim\nCOPY . /app`,
      goodFiles: { '.dockerignore': `.git\n.env\n.venv\n__pycache__` },
      notes: `Reported once per Dockerfile, at the first source that \`COPY\` or \`ADD\` takes from the context. Sources that
do not come from the context do not count: \`COPY --from=<stage or image>\`, heredocs (\`COPY <<EOF /etc/app.conf\`)
and URLs in \`ADD\`. The ignore file looked for is the one BuildKit uses: \`<Dockerfile name>.dockerignore\` beside the
Dockerfile (\`api.Dockerfile.dockerignore\`), else \`.dockerignore\` at the root of the context (the Dockerfile's folder,
or the folder set for it in the config).`,
    },
  },
  checkDockerfile(file, context) {
    const source = firstContextSource(file);
    if (!source) return;
    if (context.project.contextOf(file).dockerignore) return;
    const name = posix.basename(file.path.split('\\').join('/'));
    const ignoreFile = name === 'Dockerfile' ? '`.dockerignore`' : `\`.dockerignore\` (or \`${name}.dockerignore\` beside the Dockerfile)`;
    context.report({
      range: source.range,
      message: `\`${source.unquoted}\` is copied from a build context that has no \`.dockerignore\`: add ${ignoreFile} that leaves out \`.git\`, secrets and local build output`,
    });
  },
});

function firstContextSource(file: DockerfileModel): Word | undefined {
  for (const instruction of file.instructions) {
    if (!copiesFromContext(instruction)) continue;
    const source = sourceWords(instruction).find((w) => !(instruction.keyword === 'ADD' && isRemote(w.unquoted)));
    if (source) return source;
  }
  return undefined;
}

/** What ADD fetches instead of reading the context: URLs and git remotes. */
function isRemote(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^git@[^:]+:/.test(value);
}
