/**
 * A `.dockerignore` for a build context that has none, drawn from what the context holds: the repository's history,
 * secrets, virtualenvs, caches, dependencies installed on the host, large data and model files, build output that the
 * Dockerfile makes again. What the Dockerfile names (COPY/ADD sources, bind mounts of the context) is never left out.
 * missing-dockerignore offers it as the file its fix creates.
 */
import { posix } from 'node:path';
import type { BuildContext } from './context.js';
import { contextSources } from './copies.js';
import type { DockerfileModel } from './dockerfile.js';
import { parseDockerignore } from './dockerignore.js';
import { runInstructions } from './stages.js';

/** Folders of tools' caches: never read by a build. */
const CACHE_FOLDERS = ['__pycache__', '.ipynb_checkpoints', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox'];
/** `.env` files that are templates, not secrets: kept. */
const ENV_TEMPLATES = new Set(['.env.example', '.env.sample', '.env.template', '.env.dist']);
/** Extensions of model weights, data sets and archives: left out when a file is at least LARGE_BYTES. */
const DATA_EXTENSIONS = new Set([
  '.pt', '.pth', '.ckpt', '.safetensors', '.onnx', '.h5', '.hdf5', '.keras', '.pb', '.tflite', '.gguf', '.ggml', '.bin',
  '.joblib', '.pkl', '.pickle', '.npy', '.npz', '.parquet', '.feather', '.arrow', '.csv', '.tsv', '.jsonl',
  '.zip', '.tar', '.tgz', '.gz', '.xz', '.7z', '.sqlite', '.db', '.mp4', '.wav',
]);
const LARGE_BYTES = 20 * 1024 * 1024;
/** Large files listed one by one, at most. */
const MAX_LARGE_FILES = 50;
/** Build tools and the folders they write: `RUN npm run build` in the image makes `dist/` again. */
const BUILD_OUTPUTS: readonly { readonly test: (name: string, args: readonly string[]) => boolean; readonly folders: readonly string[] }[] = [
  { test: (name, args) => ['npm', 'yarn', 'pnpm'].includes(name) && (args[0] === 'build' || (args[0] === 'run' && args[1] === 'build')), folders: ['dist', 'build', '.next'] },
  { test: (name, args) => /^python[\d.]*$/.test(name) && args[0] === '-m' && args[1] === 'build', folders: ['dist', 'build'] },
  { test: (name, args) => name === 'cargo' && args[0] === 'build', folders: ['target'] },
  { test: (name, args) => name === 'mvn' && args.some((a) => a === 'package' || a === 'install'), folders: ['target'] },
  { test: (name, args) => (name === 'gradle' || name === 'gradlew') && args.some((a) => a === 'build' || a === 'assemble'), folders: ['build'] },
];
/** A pattern is written only for names that need no escaping in `.dockerignore`. */
const PLAIN_NAME = /^[A-Za-z0-9_.+@=,-][A-Za-z0-9_.+@=, /-]*$/;

/**
 * The text of a `.dockerignore` for the context, or undefined when there is nothing to leave out. Deterministic: the
 * same context and Dockerfile give the same text.
 */
export function proposeDockerignore(file: DockerfileModel, context: BuildContext): string | undefined {
  const files = context.files();
  const named = namedPaths(file, context);
  // A file the Dockerfile copies by name or in a folder it names: its secrets and data are the image's business.
  const underNamed = (path: string) => pathAndParents(path).some((p) => named.has(p));
  const patterns: string[] = [];
  const add = (pattern: string) => {
    if (!patterns.includes(pattern)) patterns.push(pattern);
  };
  /** A path of the context as a pattern, when its name needs no escaping (`*`, `[`, a leading `#` or `!`). */
  const addPath = (path: string, prefix = '') => {
    if (PLAIN_NAME.test(path) && !path.endsWith(' ')) add(`${prefix}${path}`);
  };

  if (context.exists('.git')) add('.git');
  // Secrets: `.env`, `.env.production`..., at any depth; the templates stay.
  const envFiles = files.filter((f) => /^\.env(\..+)?$/.test(posix.basename(f)) && !ENV_TEMPLATES.has(posix.basename(f)));
  const leftOut = envFiles.filter((f) => !underNamed(f));
  if (leftOut.some((f) => posix.basename(f) === '.env')) add('**/.env');
  if (leftOut.some((f) => posix.basename(f).startsWith('.env.'))) {
    add('**/.env.*');
    for (const template of [...ENV_TEMPLATES].sort()) if (files.some((f) => posix.basename(f) === template)) add(`!**/${template}`);
  }
  // Those the Dockerfile copies stay, as exceptions to the patterns above.
  if (leftOut.length > 0) for (const env of envFiles.filter(underNamed)) addPath(env, '!');
  // Virtualenvs, by the file every one of them has.
  for (const cfg of files.filter((f) => posix.basename(f) === 'pyvenv.cfg')) addPath(posix.dirname(cfg));
  for (const folder of CACHE_FOLDERS) if (files.some((f) => f.split('/').includes(folder))) add(`**/${folder}`);
  if (files.some((f) => f.endsWith('.pyc'))) add('**/*.pyc');
  if (files.some((f) => /\.egg-info\//.test(f))) add('**/*.egg-info');
  // node_modules is never walked: looked for beside each package.json.
  for (const manifest of files.filter((f) => posix.basename(f) === 'package.json')) {
    const folder = posix.join(posix.dirname(manifest), 'node_modules');
    if (context.isDirectory(folder)) addPath(folder);
  }
  for (const folder of buildOutputs(file)) if (context.isDirectory(folder)) add(folder);
  // Large data and model files, unless the Dockerfile names them (a CMD argument, an ENV path).
  const dockerfileText = file.lines.join('\n');
  const large = files.filter((f) => DATA_EXTENSIONS.has(posix.extname(f).toLowerCase()) && (context.sizeOf(f) ?? 0) >= LARGE_BYTES && !dockerfileText.includes(posix.basename(f)) && !underNamed(f));
  for (const path of large.slice(0, MAX_LARGE_FILES)) addPath(path);
  // The Dockerfile and this file: the builder reads them apart from the context.
  const dockerfilePath = posix.relative(context.root.split('\\').join('/'), file.path.split('\\').join('/'));
  if (dockerfilePath && !dockerfilePath.startsWith('..')) addPath(dockerfilePath);
  add('.dockerignore');

  const kept = withoutNamedSources(patterns, named);
  if (kept.length === 0) return undefined;
  const header = [
    '# Written by dockerlint --fix (missing-dockerignore) from what this build context held: review it.',
    '# Left out of the context sent to the builder, so that COPY . does not put it in the image.',
  ];
  return `${[...header, ...kept].join('\n')}\n`;
}

/** The folders the Dockerfile's build tools write, in the order of BUILD_OUTPUTS. */
function buildOutputs(file: DockerfileModel): string[] {
  const folders: string[] = [];
  for (const run of runInstructions(file)) {
    for (const command of run.script?.commands ?? []) {
      const args = command.args.map((w) => w.value);
      for (const output of BUILD_OUTPUTS) if (output.test(command.name, args)) folders.push(...output.folders.filter((f) => !folders.includes(f)));
    }
  }
  return folders;
}

/**
 * The paths the Dockerfile names: COPY/ADD sources (a file, a folder, a wildcard's matches) and the sources of bind
 * mounts of the context. The whole context (`COPY . .`) is what the ignore file trims, so it is not one.
 */
function namedPaths(file: DockerfileModel, context: BuildContext): Set<string> {
  const named = new Set<string>();
  for (const instruction of file.instructions) {
    for (const source of contextSources(instruction)) {
      if (source.path === '') continue;
      if (!source.glob) named.add(source.path);
      else for (const path of context.files()) if (source.glob.test(path)) named.add(path);
    }
    if (instruction.keyword !== 'RUN') continue;
    for (const mount of instruction.mounts) {
      if (mount.type !== 'bind' || mount.from !== undefined || mount.source === undefined || mount.source.includes('$')) continue;
      const path = posix.normalize(`./${mount.source.replace(/^\/+/, '')}`).replace(/\/+$/, '');
      if (path !== '.' && !path.startsWith('../')) named.add(path);
    }
  }
  return named;
}

/**
 * The patterns without those that would leave out a named path. Each round drops the pattern that decides the fate of
 * a named path or of a folder above it; at most one round per pattern.
 */
function withoutNamedSources(patterns: readonly string[], named: ReadonlySet<string>): string[] {
  let kept = [...patterns];
  for (let round = 0; round <= patterns.length; round++) {
    const ignore = parseDockerignore(kept.join('\n'), '.dockerignore');
    const path = [...named].find((p) => ignore.isIgnored(p));
    if (path === undefined) return kept;
    const culprit = pathAndParents(path).map((p) => ignore.matchingPattern(p)).find((p) => p !== undefined && !p.negated);
    if (!culprit) return kept;
    kept = kept.filter((_, index) => index !== culprit.line - 1);
  }
  return kept;
}

/** `a/b/c`, `a/b`, `a`. */
function pathAndParents(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/'));
}
