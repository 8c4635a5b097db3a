import { posix } from 'node:path';
import { defineRule, type Fix, type Project } from '../src/engine/rule.js';
import { contextSources, copiesFromContext, copySourcesOf } from '../src/model/copies.js';
import type { BuildContext } from '../src/model/context.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';
import { manifestInstall, packageInstall, packageInstalls, type Ecosystem, type ManifestInstall, type PackageManager } from '../src/model/packages.js';
import { stageChain, workdirAt } from '../src/model/stages.js';

export default defineRule({
  meta: {
    id: 'cache-order',
    aliases: [],
    severity: 'warning',
    category: 'build-cache',
    summary: 'Dependencies installed after the whole build context was copied',
    fixable: true,
    fix: {
      unsafe: `The fix copies the requirements file alone before the whole-context copy, to the folder it lands in there,
and moves the install up beside it: \`COPY . .\` then \`RUN pip install -r requirements.txt\` becomes
\`COPY requirements.txt ./\`, the \`RUN\` as written, then \`COPY . .\`. It is unsafe because the install then runs before
the rest of the context is in the image: it sees the requirements file and nothing else, so an install that read
another file of the context (a \`-r\` include, \`-e .\`, a local wheel, \`setup.py\`) would fail or install
something else; and the file's owner and mode are those of the whole-context copy (its \`--chown\`/\`--chmod\` are
repeated). So it is offered only in the simple shape: a \`pip\`/\`uv pip install -r\` of one requirements file of the
context, which has no \`-r\`/\`-c\`/\`-e\` lines, local paths or local \`--find-links\`; the \`RUN\` right after
\`COPY . <dest>\` (one source, \`.\`, no other flags), in the same stage, with no bind mount or heredoc, and its other
commands installing named packages only. Anything else gets no fix.`,
    },
    docs: {
      rationale: `Docker reuses a cached layer only while everything before it is unchanged. After \`COPY . .\` the layer
depends on every file of the context, so an install that runs after it (\`pip install -r requirements.txt\`,
\`npm ci\`, \`go mod download\`) runs again, downloading and building every dependency, whenever any source file
changes. Copy the dependency manifest alone first, install, and copy the rest of the code afterwards: the install
then reruns only when the manifest changes.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]`,
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]`,
      badFiles: { 'requirements.txt': 'flask==3.0.3\n', 'app.py': 'import flask\n' },
      goodFiles: { 'requirements.txt': 'flask==3.0.3\n', 'app.py': 'import flask\n' },
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
        const fix = copied ? undefined : manifestFirstFix(file, wholeCopy, instruction, install, buildContext, context.project);
        const names = manifests.map((m) => `\`${m}\``).join(' and ');
        const what = `\`${commandText(install)}\` runs after \`${copyText(wholeCopy)}\` (line ${wholeCopy.line}) copied the whole context, so any code change reinstalls every dependency`;
        context.report({
          range: install.command.nameWord.range,
          message: copied
            ? `${what}: ${names} ${manifests.length > 1 ? 'are' : 'is'} already copied on line ${copied.line}, run the install before \`${copyText(wholeCopy)}\``
            : `${what}: copy ${names} first, install, then copy the rest`,
          ...(fix ? { fix } : {}),
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

/** COPY flags that say how the files land, repeated on the manifest's own copy; any other flag means no fix. */
const CARRIED_COPY_FLAGS = new Set(['chown', 'chmod', 'link']);
/** Requirements-file options that read nothing from the context. */
const REMOTE_OPTIONS = new Set(['--index-url', '--extra-index-url', '--trusted-host', '--pre', '--prefer-binary', '--only-binary', '--no-binary']);

/**
 * The fix for the simple shape (see meta.fix): a new `COPY <manifest> <folder>` and the install's lines, both put
 * before the whole-context copy, and the install's lines deleted below it. Undefined for any other shape.
 */
function manifestFirstFix(file: DockerfileModel, wholeCopy: Instruction, run: Instruction, install: ManifestInstall, context: BuildContext, project: Project): Fix | undefined {
  // The install right after the copy: nothing in between may need the copied files, or set what the install reads.
  if (file.instructions[wholeCopy.index + 1] !== run || wholeCopy.stage !== run.stage || wholeCopy.keyword !== 'COPY') return undefined;
  if (wholeCopy.heredocs.length > 0 || run.heredocs.length > 0 || run.mounts.some((m) => m.type === 'bind')) return undefined;
  if (wholeCopy.flags.some((f) => !CARRIED_COPY_FLAGS.has(f.name))) return undefined;
  const sources = contextSources(wholeCopy);
  const destination = wholeCopy.execForm ? undefined : wholeCopy.args.at(-1);
  if (sources.length !== 1 || sources[0].path !== '' || wholeCopy.args.length !== 2 || !destination || !/^[\w./$@{}-]+$/.test(destination.value)) return undefined;
  // pip (or uv pip) installing one requirements file, nothing else from the context.
  const pip = packageInstall(install.command);
  if (!pip || pip.manager !== 'pip' || !install.namedFiles || install.manifests.length !== 1 || pip.requirementFiles.length !== 1) return undefined;
  if (pip.constraintFiles.length > 0 || pip.packages.length > 0 || pip.args.some((w) => /^(-e|--editable|-f|--find-links|--no-index)$/.test(w.value))) return undefined;
  for (const command of run.script?.commands ?? []) {
    if (command === install.command) continue;
    const other = packageInstall(command);
    const local = (w: { value: string }) => /^[./~$]|^file:|\.(whl|tar\.gz|zip)$/i.test(w.value);
    if (!other || manifestInstall(command) || other.requirementFiles.length > 0 || other.constraintFiles.length > 0 || other.packages.some(local)) return undefined;
  }
  // The file as the whole-context copy puts it: its path in the context, readable, with nothing else to read.
  const manifest = containerPath(run, install.manifests[0]);
  const copiedTo = posix.resolve(workdirAt(wholeCopy), wholeCopy.expand(destination.unquoted));
  const contextPath = posix.relative(copiedTo, manifest);
  if (!contextPath || contextPath.startsWith('..') || !/^[\w./-]+$/.test(contextPath) || !context.exists(contextPath) || context.isIgnored(contextPath)) return undefined;
  const requirements = project.requirementsIn?.(file, contextPath);
  if (!requirements || requirements.includes.length > 0 || requirements.errors.length > 0) return undefined;
  if (requirements.entries.some((e) => e.editable || (e.url !== undefined && !/^(https?|git\+[a-z]+):\/\//i.test(e.url)))) return undefined;
  if (requirements.options.some((o) => !REMOTE_OPTIONS.has(o.name))) return undefined;

  const lines = file.lines;
  const indent = /^\s*/.exec(lines[wholeCopy.range.start.line - 1])![0];
  // Above the comment lines that say what the whole-context copy does, so that they stay with it.
  const above = file.instructions[wholeCopy.index - 1]?.range.end.line ?? 0;
  let copyLine = wholeCopy.range.start.line;
  while (copyLine - 1 > above && /^\s*#/.test(lines[copyLine - 2])) copyLine--;
  const flagTexts = wholeCopy.flags.map((f) => textOf(lines, f.range));
  if (flagTexts.includes('')) return undefined;
  const flags = flagTexts.join(' ');
  const folder = posix.dirname(contextPath);
  const written = destination.value.replace(/\/+$/, '');
  // The destination as written when it is the working directory (`.`, `./`), which is a folder anyway; else a folder path ending in `/`.
  const target = folder === '.' ? (/^\.\/?$/.test(destination.value) ? destination.value : `${written || '/'}/`) : `${written}/${folder}/`;
  const copy = `${indent}${wholeCopy.rawKeyword} ${flags ? `${flags} ` : ''}${contextPath} ${target.replace(/^\.\/\.\//, './')}`;
  // The comment lines right above the install say what it does: they move with it.
  let first = run.range.start.line;
  while (first - 1 > wholeCopy.range.end.line && /^\s*#/.test(lines[first - 2])) first--;
  const last = run.range.end.line;
  const runText = lines.slice(first - 1, last).join('\n');
  const blank = (line: number) => line > wholeCopy.range.end.line && line < first && lines[line - 1].trim() === '';
  let removal;
  if (last < lines.length) {
    // A blank line above goes too when one follows, so that the gap left is one blank line, not two.
    const from = blank(first - 1) && (lines[last] ?? '').trim() === '' ? first - 1 : first;
    removal = { start: { line: from, column: 1 }, end: { line: last + 1, column: 1 } };
  } else {
    // The last line of the file: the line breaks before it go, so that the file ends as it did.
    const from = blank(first - 1) ? first - 2 : first - 1;
    removal = { start: { line: from, column: lines[from - 1].length + 1 }, end: { line: last, column: lines[last - 1].length + 1 } };
  }
  return {
    applicability: 'unsafe',
    description: `copy \`${contextPath}\` alone and install before \`${copyText(wholeCopy)}\``,
    edits: [
      { range: { start: { line: copyLine, column: 1 }, end: { line: copyLine, column: 1 } }, text: `${copy}\n${runText}\n` },
      { range: removal, text: '' },
    ],
  };
}

/** The text of a range on one line, or `''` across lines. */
function textOf(lines: readonly string[], range: { start: { line: number; column: number }; end: { line: number; column: number } }): string {
  if (range.start.line !== range.end.line) return '';
  return lines[range.start.line - 1].slice(range.start.column - 1, range.end.column - 1);
}
