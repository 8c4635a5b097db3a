import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { carriedBy, contextSources, pathPrefixes, type ContextSource } from '../src/model/copies.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';
import type { DockerignoreModel } from '../src/model/dockerignore.js';
import { endOfFile } from '../src/model/position.js';
import { secretFileKind } from '../src/model/secrets.js';

/** How many paths a message names before it says "and N more". */
const LISTED = 3;

const DEFAULT_LARGE_FILE_BYTES = 10_000_000;

export default defineRule({
  meta: {
    id: 'dockerignore-coverage',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: '`.dockerignore` lets through `.git`, secrets, virtualenvs, caches or large data files that a `COPY` sends into the image',
    fixable: false,
    options: {
      largeFileBytes: {
        type: 'number',
        default: DEFAULT_LARGE_FILE_BYTES,
        description: 'Data and model files (`*.csv`, `*.parquet`, `*.pt`, `*.safetensors`...) at least this big (in bytes) are reported (default 10 MB).',
      },
    },
    docs: {
      exampleKind: 'dockerignore',
      rationale: `\`COPY . .\` (or a folder, or \`*\`) copies whatever \`.dockerignore\` lets through. A \`.dockerignore\` that forgets
\`.git\` puts the repository's whole history in the image (and invalidates the layer on every commit); one that forgets
\`.env\` or a key file publishes the secret to whoever pulls the image; a local \`.venv\`, \`node_modules\` or \`__pycache__\`
brings binaries built for the developer's machine that shadow what the image installs; \`.ipynb_checkpoints\` and
multi-gigabyte datasets and model weights make the image huge and the build slow. Each of these exists in the build
context and is sent by a \`COPY\`/\`ADD\` of a Dockerfile built with this ignore file; add the pattern the message gives.`,
      bad: `.git\n*.md`,
      badFiles: {
        Dockerfile: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt`,
        'requirements.txt': `flask==3.0.3`,
        '.env': `DATABASE_URL=postgres://app:hunter2@db/app`,
        '.venv/pyvenv.cfg': `home = /usr/bin`,
        'app/__pycache__/main.cpython-312.pyc': `x`,
      },
      good: `.git\n*.md\n.env\n.venv\n**/__pycache__`,
      goodFiles: {
        Dockerfile: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt`,
        'requirements.txt': `flask==3.0.3`,
        '.env': `DATABASE_URL=postgres://app:hunter2@db/app`,
        '.venv/pyvenv.cfg': `home = /usr/bin`,
        'app/__pycache__/main.cpython-312.pyc': `x`,
      },
      notes: `What is looked for in the build context, one finding per kind with examples and a count:
- Git metadata: \`.git\` at the root of the context. Not reported when the project derives its version from Git
  (\`setuptools_scm\`, \`hatch-vcs\`, \`versioneer\`, \`dunamai\`, \`poetry-dynamic-versioning\` named in \`pyproject.toml\`,
  \`setup.cfg\` or \`setup.py\`) or a \`RUN\` runs \`git\`: then the build needs it.
- Secret files: what \`secret-files-copied\` takes for one (\`.env\`, \`.env.*\` but not \`.env.example\`, private keys,
  credentials files...).
- Virtual environments: a folder with \`pyvenv.cfg\` (\`.venv\`, \`venv\`, \`env\`, any name), and conda environments (a folder
  with \`conda-meta/\`).
- Python bytecode: \`__pycache__\` folders and loose \`*.pyc\`/\`*.pyo\` files.
- \`node_modules\`: at the root, and beside each \`package.json\`.
- Jupyter checkpoints: \`.ipynb_checkpoints\` folders.
- Large data and model files: \`*.csv\`, \`*.tsv\`, \`*.parquet\`, \`*.feather\`, \`*.arrow\`, \`*.h5\`, \`*.hdf5\`, \`*.pt\`, \`*.pth\`,
  \`*.ckpt\`, \`*.safetensors\`, \`*.onnx\`, \`*.pkl\`, \`*.pickle\`, \`*.joblib\`, \`*.npy\`, \`*.npz\`, \`*.tfrecord\`, \`*.gguf\`,
  \`*.tflite\` of at least \`largeFileBytes\` (10 MB by default; set it in the config:
  \`"dockerignore-coverage": ["warning", { "largeFileBytes": 100000000 }]\`). Only a copy of the whole context (\`COPY . .\`,
  \`COPY * ./\`) counts for these: a folder copied by name (\`COPY models/ /models/\`) is taken as wanted.

A path counts only when a \`COPY\`/\`ADD\` of a linted Dockerfile built with this ignore file (its build context uses it;
\`<Dockerfile name>.dockerignore\` when there is one) sends it: a whole-context, folder or broad wildcard (\`*\`, \`src/*\`)
source that carries it, less \`COPY --exclude\`. A source that names the path itself or something inside it
(\`COPY .venv /venv\`, \`COPY *.csv /data/\`) is deliberate: that path is not reported, since excluding it would break the
copy. An ignore file that no linted Dockerfile uses is not judged; a context without any ignore file is
\`missing-dockerignore\`'s.

The finding is at the end of the ignore file, where the new pattern would go, and names the Dockerfile and the line of
the \`COPY\` that sends the files. To keep something on purpose, silence it for the file with
\`# dockerlint global ignore=dockerignore-coverage\`.`,
    },
  },
  checkDockerignore(ignore, context) {
    const dockerfiles = context.project.dockerfilesUsing(ignore);
    if (dockerfiles.length === 0) return;
    const largeFileBytes = numberOption(context.options.largeFileBytes, DEFAULT_LARGE_FILE_BYTES);
    const here = posix.dirname(ignore.path.split('\\').join('/'));
    // Several Dockerfiles can share the ignore file (and even be built from different contexts with it).
    const findings = new Map<Kind, { units: Unit[]; senders: Sender[] }>();
    for (const dockerfile of dockerfiles) {
      const buildContext = context.project.contextOf(dockerfile);
      const copies = dockerfile.instructions.flatMap((copy) => contextSources(copy).map((source) => ({ copy, source })));
      if (copies.length === 0) continue;
      for (const unit of findUnits(buildContext, dockerfile, ignore, largeFileBytes)) {
        // A source that names the path (or something inside it) wants it: excluding it would break that COPY.
        if (copies.some(({ source }) => names(source, unit.path))) continue;
        const sender = copies.find(({ copy, source }) => sends(source, copy, unit));
        if (!sender) continue;
        const entry = findings.get(unit.kind) ?? { units: [], senders: [] };
        if (!entry.units.some((u) => u.path === unit.path)) entry.units.push(unit);
        entry.senders.push({ dockerfile, copy: sender.copy, source: sender.source });
        findings.set(unit.kind, entry);
      }
    }
    for (const kind of KIND_ORDER) {
      const entry = findings.get(kind);
      if (!entry) continue;
      context.report({ range: endOfFile(ignore.lines), message: message(kind, entry.units, entry.senders, here, ignore) });
    }
  },
});

type Kind = 'git' | 'secret' | 'virtualenv' | 'bytecode' | 'node_modules' | 'checkpoints' | 'data';
const KIND_ORDER: readonly Kind[] = ['git', 'secret', 'virtualenv', 'node_modules', 'bytecode', 'checkpoints', 'data'];

/** A file or folder of the context that should not reach the image. */
interface Unit {
  readonly kind: Kind;
  /** Context-relative path of the file or folder. */
  readonly path: string;
  /** A file at or below `path` to ask the ignore file and the COPY about (a folder's own name is not enough for `dir/*`). */
  readonly probe: string;
  /** Shown after the path: the kind of secret, the size of a data file. */
  readonly detail?: string;
}

interface Sender {
  readonly dockerfile: DockerfileModel;
  readonly copy: Instruction;
  readonly source: ContextSource;
}

const DATA_EXTENSIONS = new Set([
  'csv', 'tsv', 'parquet', 'feather', 'arrow', 'h5', 'hdf5', 'pt', 'pth', 'ckpt', 'safetensors', 'onnx', 'pkl', 'pickle', 'joblib',
  'npy', 'npz', 'tfrecord', 'gguf', 'tflite',
]);

/** What pyproject/setup files name when the version comes from Git, so that the build needs `.git`. */
const VERSION_FROM_GIT = /setuptools[_-]scm|hatch-vcs|versioneer|dunamai|poetry-dynamic-versioning/;

/** The paths of the context that should not reach the image and that the build receives (not excluded here). */
function findUnits(context: BuildContext, dockerfile: DockerfileModel, ignore: DockerignoreModel, largeFileBytes: number): Unit[] {
  const units: Unit[] = [];
  const add = (unit: Unit) => {
    if (!units.some((u) => u.kind === unit.kind && u.path === unit.path)) units.push(unit);
  };
  const files = context.files();
  // The walk does not enter `.git` or `node_modules` (src/discover/context-files.ts): those are asked for by name.
  if (context.exists('.git') && !needsGit(context, dockerfile)) add({ kind: 'git', path: '.git', probe: '.git/HEAD' });
  const packageDirs = new Set(files.filter((f) => posix.basename(f) === 'package.json').map((f) => posix.dirname(f)));
  for (const dir of ['.', ...packageDirs]) {
    const path = dir === '.' ? 'node_modules' : `${dir}/node_modules`;
    if (context.exists(path)) add({ kind: 'node_modules', path, probe: `${path}/.package-lock.json` });
  }
  for (const file of files) {
    const segments = file.split('/');
    const name = segments[segments.length - 1];
    const folder = (at: number) => segments.slice(0, at + 1).join('/');
    const cache = segments.indexOf('__pycache__');
    const checkpoints = segments.indexOf('.ipynb_checkpoints');
    if (name === 'pyvenv.cfg' && segments.length > 1) add({ kind: 'virtualenv', path: folder(segments.length - 2), probe: file });
    else if (segments.length > 2 && segments[segments.length - 2] === 'conda-meta') add({ kind: 'virtualenv', path: folder(segments.length - 3), probe: file });
    if (cache >= 0) add({ kind: 'bytecode', path: folder(cache), probe: file });
    else if (/\.py[co]$/.test(name)) add({ kind: 'bytecode', path: file, probe: file });
    if (checkpoints >= 0) add({ kind: 'checkpoints', path: folder(checkpoints), probe: file });
    const secret = secretFileKind(file, context);
    if (secret !== undefined) add({ kind: 'secret', path: file, probe: file, detail: secret });
    const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
    if (DATA_EXTENSIONS.has(extension)) {
      const size = context.sizeOf(file);
      if (size !== undefined && size >= largeFileBytes) add({ kind: 'data', path: file, probe: file, detail: megabytes(size) });
    }
  }
  // Files inside a virtualenv or node_modules are that folder's finding, not one each.
  const folders = units.filter((u) => u.kind === 'virtualenv' || u.kind === 'node_modules').map((u) => `${u.path}/`);
  const own = (u: Unit) => u.kind === 'virtualenv' || u.kind === 'node_modules' || !folders.some((f) => u.path.startsWith(f));
  const dockerfilePath = dockerfile.path.split('\\').join('/');
  return units.filter((u) => own(u) && !ignore.isIgnored(u.probe) && posix.join(context.root, u.path) !== dockerfilePath);
}

/** True when the build needs the Git metadata: the version comes from Git, or a RUN runs `git`. */
function needsGit(context: BuildContext, dockerfile: DockerfileModel): boolean {
  if (['pyproject.toml', 'setup.cfg', 'setup.py'].some((f) => VERSION_FROM_GIT.test(context.readHead(f) ?? ''))) return true;
  return dockerfile.instructions.some((i) => i.keyword === 'RUN' && (i.script?.commands ?? []).some((c) => c.name === 'git'));
}

/** True when the source names the path or something inside it, or is a narrow wildcard (`*.csv`) that matches it. */
function names(source: ContextSource, path: string): boolean {
  if (source.glob) return !isBroadGlob(source) && pathPrefixes(path).some((p) => source.glob!.test(p));
  return source.path !== '' && (source.path === path || source.path.startsWith(`${path}/`));
}

/** A wildcard that picks files by no name at all: `*`, `src/*`. */
function isBroadGlob(source: ContextSource): boolean {
  return /^\*+$/.test(posix.basename(source.path));
}

/** True when the COPY/ADD sends the path into the image by accident: a whole-context, folder or broad wildcard source. */
function sends(source: ContextSource, copy: Instruction, unit: Unit): boolean {
  // Big files in a folder copied by name are taken as wanted; only the whole context carries them by accident.
  if (unit.kind === 'data' && !(source.path === '' || (source.glob && isBroadGlob(source) && !source.path.includes('/')))) return false;
  return carriedBy(source, copy)(unit.probe);
}

const DESCRIPTION: Readonly<Record<Kind, [one: string, many: string]>> = {
  git: ['the Git metadata', 'the Git metadata'],
  secret: ['a secret file', 'secret files'],
  virtualenv: ['a local virtual environment', 'local virtual environments'],
  node_modules: ['a local `node_modules`', 'local `node_modules` folders'],
  bytecode: ['the Python bytecode cache', 'Python bytecode caches'],
  checkpoints: ['the Jupyter checkpoints folder', 'Jupyter checkpoints folders'],
  data: ['a large data or model file', 'large data or model files'],
};

/** Why each kind should stay out, in a few words, for one path and for several. */
const WHY: Readonly<Record<Kind, [one: string, many: string]>> = {
  git: ['the image gets the repository history', 'the image gets the repository history'],
  secret: ['anyone who pulls the image can read it', 'anyone who pulls the image can read them'],
  virtualenv: ['it holds binaries built for another machine', 'they hold binaries built for another machine'],
  node_modules: ['it holds packages built for another machine', 'they hold packages built for another machine'],
  bytecode: ['it is stale build output', 'they are stale build output'],
  checkpoints: ['it holds editor autosaves', 'they hold editor autosaves'],
  data: ['it bloats the image and slows every build', 'they bloat the image and slow every build'],
};

function message(kind: Kind, units: readonly Unit[], senders: readonly Sender[], here: string, ignore: DockerignoreModel): string {
  const [one, many] = DESCRIPTION[kind];
  const single = units.length === 1;
  const shown = units.slice(0, LISTED).map((u) => `\`${u.path}\`${u.detail ? ` (${u.detail})` : ''}`).join(', ');
  const more = units.length > LISTED ? ` and ${units.length - LISTED} more` : '';
  const what = single ? `${one} ${shown} reaches` : `${units.length} ${many} (${shown}${more}) reach`;
  const first = senders[0];
  const where = `${posix.relative(here, first.dockerfile.path.split('\\').join('/'))}:${first.copy.line}`;
  const others = new Set(senders.map((s) => s.dockerfile.path)).size - 1;
  const by = `\`${first.copy.rawKeyword} ${first.source.text}\` (${where}${others > 0 ? ` and ${others} more Dockerfile${others > 1 ? 's' : ''}` : ''})`;
  const patterns = [...new Set(units.map((u) => patternFor(kind, u, units.length)))];
  const add = patterns.slice(0, LISTED).map((p) => `\`${p}\``).join(', ') + (patterns.length > LISTED ? ', ...' : '');
  // The common slip: `__pycache__` or `*.pyc` written as for .gitignore, which Docker applies at the root only.
  const slip = units.map((u) => ignore.rootOnlyPattern(u.probe)).find((p) => p !== undefined);
  const exception = units.map((u) => ignore.matchingPattern(u.probe)).find((p) => p?.negated);
  const hint = exception
    ? ` (the exception \`!${exception.pattern}\` on line ${exception.line} brings it back)`
    : slip
      ? ` (\`${slip.pattern}\` on line ${slip.line} matches at the root of the context only)`
      : '';
  return `${what} the image through ${by}, and ${WHY[kind][single ? 0 : 1]}: add ${add} to this file${hint}`;
}

/** The pattern that leaves the path out: its own name at the root, `**\/name` below it (or by extension for many data files). */
function patternFor(kind: Kind, unit: Unit, count: number): string {
  if (kind === 'bytecode') return posix.basename(unit.path) === '__pycache__' ? '**/__pycache__' : '**/*.py[co]';
  if (kind === 'checkpoints') return '**/.ipynb_checkpoints';
  if (kind === 'data' && count > LISTED) return `**/*${posix.extname(unit.path).toLowerCase()}`;
  if (kind === 'data' || !unit.path.includes('/')) return unit.path;
  return `**/${posix.basename(unit.path)}`;
}

function megabytes(size: number): string {
  return size >= 1_000_000 ? `${(size / 1_000_000).toFixed(size >= 100_000_000 ? 0 : 1)} MB` : `${size} bytes`;
}

function numberOption(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
