import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import { contextSources, copiesFromContext, copySourcesOf } from '../src/model/copies.js';
import type { BuildContext } from '../src/model/context.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { manifestInstall, packageInstalls, type Ecosystem, type ManifestInstall, type PackageManager } from '../src/model/packages.js';
import { stageChain, workdirAt } from '../src/model/stages.js';

export default defineRule({
  meta: {
    id: 'cache-order',
    aliases: [],
    severity: 'warning',
    category: 'build-cache',
    summary: 'Dependencies installed after the whole build context was copied',
    fixable: false,
    docs: {
      rationale: `Docker reuses a cached layer only while everything before it is unchanged. After \`COPY . .\` the layer
depends on every file of the context, so an install that runs after it (\`pip install -r requirements.txt\`,
\`npm ci\`, \`go mod download\`) runs again, downloading and building every dependency, whenever any source file
changes. Copy the dependency manifest alone first, install, and copy the rest of the code afterwards: the install
then reruns only when the manifest changes.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]`,
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]`,
      notes: `The whole context is \`.\`, \`./\`, \`*\` or \`./*\` as a source of \`COPY\` or \`ADD\` (not \`--from\`); copying a
folder such as \`src/\` is not. The installs looked at read a manifest: \`pip install -r\` (also \`python -m pip\`,
\`uv pip\`), \`pip install .\`/\`-e .\`, \`uv sync\`, \`poetry install\`, \`pipenv install\`/\`sync\`, \`pdm install\`,
\`conda env create -f\`, \`npm ci\`/\`npm install\`, \`yarn\`, \`pnpm install\`, \`bun install\`, \`bundle install\`,
\`go mod download\`, \`composer install\`, \`cargo fetch\`, wherever they sit in the \`RUN\` (after \`&&\`, in
\`sh -c '...'\`, in a heredoc). Installs of named packages (\`pip install flask\`) are not.

Not reported: an install that reads its manifest through \`RUN --mount=type=bind\` (it needs no \`COPY\`); an install of
the project itself (\`pip install .\`, \`poetry install\`, \`uv sync\`, \`npm ci\`...) when the dependencies of the same
ecosystem were already installed before the \`COPY\` (the usual \`poetry install --no-root\` / \`uv sync
--no-install-project\` split), and a \`-r file\` install whose file was already installed before it. A stage built on an
earlier one (\`FROM base\`) inherits its \`COPY . .\`.`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    for (const stage of file.stages) {
      let wholeCopy: Instruction | undefined;
      const installedFiles = new Set<string>();
      const installedEcosystems = new Set<Ecosystem>();
      for (const instruction of stageChain(stage)) {
        if (copiesFromContext(instruction)) {
          if (!wholeCopy && copiesWholeContext(instruction)) wholeCopy = instruction;
          continue;
        }
        if (instruction.keyword !== 'RUN') continue;
        const installs = manifestInstalls(instruction);
        if (!wholeCopy) {
          for (const install of installs) {
            installedEcosystems.add(install.ecosystem);
            if (install.namedFiles) for (const m of install.manifests) installedFiles.add(containerPath(instruction, m));
          }
          for (const ecosystem of namedPackageEcosystems(instruction)) installedEcosystems.add(ecosystem);
          continue;
        }
        // A parent stage's findings are reported with the parent; bind-mounted manifests need no COPY.
        if (instruction.stage !== stage || instruction.mounts.some((m) => m.type === 'bind')) continue;
        const install = installs.find((i) =>
          i.namedFiles ? !i.manifests.every((m) => installedFiles.has(containerPath(instruction, m))) : !installedEcosystems.has(i.ecosystem),
        );
        if (!install) continue;
        let manifests = install.manifests.map((m) => instruction.expand(m));
        if (!install.namedFiles && manifests[0] === 'pyproject.toml' && manifests.length === 1 && !buildContext.exists('pyproject.toml') && buildContext.exists('setup.py')) {
          manifests = ['setup.py'];
        }
        const copied = copiedBefore(wholeCopy, containerPath(instruction, manifests[0]), buildContext);
        const names = manifests.map((m) => `\`${m}\``).join(' and ');
        const what = `\`${commandText(install)}\` runs after \`${copyText(wholeCopy)}\` (line ${wholeCopy.line}) copied the whole context, so any code change reinstalls every dependency`;
        context.report({
          range: install.command.nameWord.range,
          message: copied
            ? `${what}: ${names} ${manifests.length > 1 ? 'are' : 'is'} already copied on line ${copied.line}, run the install before \`${copyText(wholeCopy)}\``
            : `${what}: copy ${names} first, install, then copy the rest`,
        });
      }
    }
  },
});

/** `.`, `./`, `*`, `./*`: every file of the context. */
function copiesWholeContext(copy: Instruction): boolean {
  return contextSources(copy).some((source) => source.path === '' || source.path === '*');
}

function manifestInstalls(run: Instruction): ManifestInstall[] {
  const installs: ManifestInstall[] = [];
  for (const command of run.script?.commands ?? []) {
    const install = manifestInstall(command);
    if (install) installs.push(install);
  }
  return installs;
}

const ECOSYSTEMS: Partial<Record<PackageManager, Ecosystem>> = {
  pip: 'python', uv: 'python', poetry: 'python', pipenv: 'python', conda: 'python',
  npm: 'node', yarn: 'node', pnpm: 'node', gem: 'ruby', bundle: 'ruby', go: 'go', composer: 'php', cargo: 'rust',
};
/** Installing these sets up the installer, not the project's dependencies. */
const TOOLING = /^(pip|setuptools|wheel|uv|poetry|pipenv|pdm|virtualenv|npm|yarn|pnpm|corepack|bundler)([=<>~!@\[].*)?$/i;

/**
 * Ecosystems whose packages a RUN installs by name (`pip install kserve`): the project
 * install that follows `COPY . .` then finds its dependencies in place.
 */
function namedPackageEcosystems(run: Instruction): Ecosystem[] {
  const ecosystems: Ecosystem[] = [];
  for (const install of packageInstalls(run.script)) {
    const ecosystem = ECOSYSTEMS[install.manager];
    if (ecosystem && install.packages.some((p) => !p.value.startsWith('-') && !TOOLING.test(p.value))) ecosystems.push(ecosystem);
  }
  return ecosystems;
}

function containerPath(instruction: Instruction, file: string): string {
  return posix.resolve(workdirAt(instruction), instruction.expand(file));
}

/**
 * The COPY/ADD of the context before `wholeCopy` that already put the file at `path` there: by its own name or a
 * wildcard, or inside a folder that is one (as written, or in the context).
 */
function copiedBefore(wholeCopy: Instruction, path: string, context: BuildContext): Instruction | undefined {
  return copySourcesOf(wholeCopy, path).find(
    (origin) => origin.contextPath !== undefined && (origin.via === 'source' || origin.sourceIsFolder || context.exists(origin.contextPath)),
  )?.instruction;
}

const SUBCOMMANDS = new Set(['install', 'i', 'ci', 'sync', 'fetch', 'download', 'create', 'update']);

/** The tool and subcommand as written, options left out: `python -m pip install`, `go mod download`, `yarn`. */
function commandText(install: ManifestInstall): string {
  const command = install.command;
  const words = [command.nameWord.text];
  for (const word of command.args) {
    if (word.value.startsWith('-') && word.value !== '-m') continue;
    words.push(word.text);
    if (SUBCOMMANDS.has(word.value)) break;
  }
  return words.join(' ');
}

function copyText(copy: Instruction): string {
  const text = `${copy.rawKeyword} ${copy.argsText}`.split('\n')[0].replace(/\s+/g, ' ').trim();
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
