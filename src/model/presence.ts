/**
 * Is a path of the container there when an instruction runs? The answer joins what COPY/ADD put in the
 * image (copies.ts), what the RUN bind-mounts, what earlier RUNs (or earlier commands of the same RUN)
 * write, and what the base image may hold. Rules that ask "does the file this command reads exist"
 * (requirements-not-copied; issue 13's "which files does the image install from") ask it here.
 */
import { posix } from 'node:path';
import type { BuildContext } from './context.js';
import { copyReadings, copySourcesOf, pathPrefixes, sourceWords, type CopyOrigin } from './copies.js';
import type { Instruction, Stage } from './dockerfile.js';
import { officialImageName } from './image-ref.js';
import { operands, workingDirectories, type ShellCommand, type ShellWord } from './shell.js';
import { stageLineage } from './stages.js';

export type Presence =
  /** A COPY/ADD of the stage or the stages it is built on can have put it there (latest first). */
  | { readonly kind: 'copied'; readonly path: string; readonly origins: readonly CopyOrigin[] }
  /** A bind mount of the RUN itself shows it. */
  | { readonly kind: 'mounted'; readonly path: string; readonly origins: readonly CopyOrigin[] }
  /** A command of an earlier RUN, or earlier in the same RUN, writes it by name. */
  | { readonly kind: 'created'; readonly path: string; readonly by: Instruction; readonly command: ShellCommand }
  /** Nothing before puts it there, and the base image does not hold the project's files. */
  | { readonly kind: 'absent'; readonly path: string }
  /** It cannot be told: a command writes files whose names are not known, a base image may hold it, a path has unknown variables. */
  | { readonly kind: 'unknown'; readonly path: string | undefined; readonly reason: string };

export interface PresenceOptions {
  /** The command of the RUN that reads the path: a relative path follows its `cd`s, and the commands before it count. */
  readonly command?: ShellCommand;
  /** The build context: a reading that the context shows to be impossible (a file read as a folder) is dropped. */
  readonly context?: BuildContext;
}

/**
 * Whether `containerPath` (absolute, or relative to the WORKDIR, or to the directory `options.command` runs in)
 * exists when `instruction` runs. Deletions are not followed: a path once put there counts as there.
 */
export function presenceAt(instruction: Instruction, containerPath: string, options: PresenceOptions = {}): Presence {
  const unknown = (reason: string, path?: string): Presence => ({ kind: 'unknown', path, reason });
  const commands = instruction.script?.commands ?? [];
  const at = options.command ? commands.indexOf(options.command) : -1;
  const cwd = at >= 0 ? runDirectories(instruction)[at] : instruction.workdir;
  if (cwd === undefined || /[$`]/.test(cwd)) return unknown('the directory the command runs in is not known');
  if (/[$`]/.test(containerPath)) return unknown('the path has variables with no known value');
  const path = posix.resolve(cwd, containerPath);
  const imageWorkdir = !containerPath.startsWith('/') && dependsOnImageWorkdir(instruction, at);

  const origins = copySourcesOf(instruction, path).filter((o) => possibleReading(o, options.context));
  const mounted = origins.filter((o) => o.mount !== undefined);
  if (mounted.length > 0) return { kind: 'mounted', path, origins: mounted };
  if (origins.length > 0) return { kind: 'copied', path, origins };
  for (const mount of instruction.mounts) {
    // A cache keeps what earlier builds left in it.
    if (mount.type === 'cache' && mount.target !== undefined && isAtOrBelow(path, mount.target)) return unknown(`a cache mount at \`${mount.target}\` may hold it`, path);
  }

  const lineage = stageLineage(instruction.stage);
  let maybe: string | undefined;
  for (const copy of lineage.flatMap((s) => s.instructions)) {
    if ((copy.keyword !== 'COPY' && copy.keyword !== 'ADD') || (copy.stage === instruction.stage && copy.index >= instruction.index)) continue;
    if (unresolvedCopyReaches(copy, path)) {
      maybe = `\`${copy.rawKeyword}\` on line ${copy.line} has a source or destination that is not known`;
      break;
    }
  }
  // Writes before the asking command: all of the stages it is built on, and its own stage's up to it.
  const limits = lineage.map((s) => (s === instruction.stage ? order(instruction.index, Math.max(at, 0)) : Infinity));
  const indexes = lineage.map(writeIndex);
  for (let s = 0; s < lineage.length; s++) {
    const write = indexes[s].exact.get(path);
    if (write && write.order < limits[s]) return { kind: 'created', path, by: write.run, command: write.command };
  }
  for (let s = 0; s < lineage.length && !maybe; s++) {
    const { anywhere, below } = indexes[s];
    const write = [anywhere, ...pathPrefixes(path.slice(1)).map((p) => below.get(`/${p}`)), below.get('/')].find((w) => w !== undefined && w.order < limits[s]);
    if (write) maybe = `\`${write.command.nameWord.value}\` on line ${write.command.range.start.line} writes files ${write.folder === undefined ? 'whose names are not known' : `below \`${write.folder}\``}`;
  }
  if (maybe) return unknown(maybe, path);
  if (imageWorkdir) return unknown(`the path is relative to the WORKDIR of the base image \`${lineage[0]?.image.text}\`, which is not known`, path);
  const base = baseImageMayHold(lineage[0]);
  return base ? unknown(base, path) : { kind: 'absent', path };
}

/**
 * The stages of the file, other than `instruction`'s and those it is built on, where a COPY/ADD puts the absolute
 * `path`: a hint for the user when a file was copied in the wrong stage.
 */
export function stagesCopying(instruction: Instruction, path: string, stages: readonly Stage[]): Stage[] {
  const lineage = new Set(stageLineage(instruction.stage));
  return stages.filter(
    (s) => !lineage.has(s) && s.instructions.some((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && copyReadings(i, path).length > 0),
  );
}

/**
 * True when the directory a relative path is read from is the base image's own WORKDIR: no WORKDIR in the stage chain,
 * no `cd` to an absolute path before the command, and a base image that may set one (`nvcr.io/nvidia/pytorch` works
 * in `/workspace`).
 */
function dependsOnImageWorkdir(instruction: Instruction, at: number): boolean {
  const lineage = stageLineage(instruction.stage);
  const workdirs = lineage.flatMap((s) => s.instructions).filter((i) => i.keyword === 'WORKDIR' && (i.stage !== instruction.stage || i.index < instruction.index));
  // A relative WORKDIR (`WORKDIR app`) is still below the image's own; Windows paths (`C:\\app`) are absolute too.
  if (workdirs.some((w) => /^(\/|[A-Za-z]:)/.test(w.argument?.expanded ?? ''))) return false;
  if (at >= 0) {
    const commands = instruction.script?.commands ?? [];
    if (workingDirectories(commands, undefined, (text) => instruction.expand(text))[at] !== undefined) return false;
  }
  const root = lineage[0];
  return root !== undefined && !root.isScratch && !ROOT_WORKDIR_IMAGES.test(officialImageName(root.image) ?? publisherPath(root) ?? '');
}

/** Images that leave the WORKDIR at `/`: the operating systems and the language images a Python build starts from. */
const ROOT_WORKDIR_IMAGES =
  /^(python|pypy|ubuntu|debian|alpine|centos|fedora|amazonlinux|rockylinux|almalinux|oraclelinux|archlinux|opensuse\/leap|busybox|buildpack-deps|node|ruby|perl|gcc|openjdk|eclipse-temurin|nvidia\/cuda|continuumio\/[\w.-]+|condaforge\/[\w.-]+)$/;

function publisherPath(stage: Stage): string | undefined {
  return stage.image.registry ? undefined : stage.image.repository.replace(/^docker\.io\//, '');
}

/** A write of a command of a RUN, with its place in the stage (`order`). */
interface Write {
  readonly run: Instruction;
  readonly command: ShellCommand;
  readonly order: number;
  /** For a write below a folder: the folder; undefined for a write anywhere. */
  readonly folder: string | undefined;
}

/** What the RUNs of a stage write, by path: the first write of each file, of each folder's contents, and anywhere. */
interface WriteIndex {
  readonly exact: Map<string, Write>;
  readonly below: Map<string, Write>;
  readonly anywhere: Write | undefined;
}

const COMMANDS_PER_RUN = 1_000_000;

function order(instructionIndex: number, commandIndex: number): number {
  return instructionIndex * COMMANDS_PER_RUN + commandIndex;
}

/** Worked out once per stage, so that asking about many paths costs no walk over every earlier command each time. */
function writeIndex(stage: Stage): WriteIndex {
  let index = writeIndexes.get(stage);
  if (index) return index;
  const exact = new Map<string, Write>();
  const below = new Map<string, Write>();
  let anywhere: Write | undefined;
  for (const run of stage.instructions) {
    if (run.keyword !== 'RUN') continue;
    const commands = run.script?.commands ?? [];
    const dirs = runDirectories(run);
    commands.forEach((command, c) => {
      for (const written of writtenPaths(command, dirs[c], run)) {
        const write: Write = { run, command, order: order(run.index, c), folder: written.path };
        if (written.path === undefined) anywhere ??= write;
        else if (written.below) { if (!below.has(written.path)) below.set(written.path, write); }
        else if (!exact.has(written.path)) exact.set(written.path, write);
      }
    });
  }
  index = { exact, below, anywhere };
  writeIndexes.set(stage, index);
  return index;
}

const writeIndexes = new WeakMap<Stage, WriteIndex>();

/** The directory each command of a RUN runs in (`cd` followed), worked out once per RUN. */
function runDirectories(run: Instruction): readonly (string | undefined)[] {
  let dirs = directories.get(run);
  if (!dirs) directories.set(run, (dirs = workingDirectories(run.script?.commands ?? [], run.workdir, (text) => run.expand(text))));
  return dirs;
}

const directories = new WeakMap<Instruction, readonly (string | undefined)[]>();

/** A COPY/ADD reading that the build context shows cannot hold: a source that is a file of the context read as a folder. */
function possibleReading(origin: CopyOrigin, context: BuildContext | undefined): boolean {
  if (!context || origin.via !== 'folder' || origin.sourceIsFolder || origin.from !== undefined || origin.source === undefined) return true;
  if (origin.contextPath === undefined) return true;
  const files = contextFileSet(context);
  // Nothing is below a file: `COPY requirements.txt /app/` puts no `/app/base.txt` there.
  return !pathPrefixes(origin.contextPath).slice(0, -1).some((p) => files.has(p));
}

function contextFileSet(context: BuildContext): ReadonlySet<string> {
  let set = fileSets.get(context);
  if (!set) fileSets.set(context, (set = new Set(context.files())));
  return set;
}

const fileSets = new WeakMap<BuildContext, ReadonlySet<string>>();

/** A COPY/ADD whose destination is not known, or with a source that is not known (a variable, an ADD URL, a Git repository) landing on or above `path`. */
function unresolvedCopyReaches(copy: Instruction, path: string): boolean {
  const words = copy.execForm ?? copy.args;
  if (words.length < 2) return false;
  const destinationText = words[words.length - 1].expanded;
  if (/[$`]/.test(destinationText)) return true;
  const destination = posix.resolve(copy.workdir, destinationText);
  if (!isAtOrBelow(path, destination)) return false;
  return sourceWords(copy).some((w) => /[$`]/.test(w.expanded) || (copy.keyword === 'ADD' && /^([a-z][a-z0-9+.-]*:\/\/|git@)/i.test(w.expanded)));
}

function isAtOrBelow(path: string, folder: string): boolean {
  return path === folder || folder === '/' || path.startsWith(`${folder}/`);
}

/**
 * Images whose publishers put no project's files in them: Docker Official Images and the images of a few
 * well-known publishers of language and GPU runtimes. Any other base (a team's own `registry/app-base`) may
 * have been built with the project's requirements in it, so the answer for those is unknown.
 */
const PUBLIC_PUBLISHERS = [
  /^(docker\.io\/)?(nvidia|continuumio|condaforge|mambaorg|pytorch|tensorflow|jupyter|rocker|bitnami|huggingface|rapidsai|nvcr|circleci|cimg|tiangolo|amazon|amazonlinux|google|bentoml|apache|opensearchproject|selenium|mcr)\//i,
  /^(nvcr\.io|mcr\.microsoft\.com|gcr\.io\/distroless|gcr\.io\/deeplearning-platform-release|public\.ecr\.aws\/(lambda|docker\/library|amazonlinux)|ghcr\.io\/astral-sh|quay\.io\/jupyter|registry\.access\.redhat\.com|registry\.redhat\.io|quay\.io\/pypa|cgr\.dev\/chainguard)\//i,
];

/** Why the base image of a stage chain may hold the project's files, or undefined when it does not. */
function baseImageMayHold(root: Stage | undefined): string | undefined {
  if (!root || root.isScratch) return undefined;
  if (root.imageHasUnresolvedVariables || /[$`]/.test(root.image.text)) return `the base image \`${root.imageText}\` is not known`;
  const image = root.image;
  // The old `-onbuild` variants copy the project's requirements.txt in an ONBUILD trigger.
  if (/onbuild/i.test(image.tag ?? '')) return `the base image \`${image.text}\` copies files with ONBUILD`;
  if (officialImageName(image) !== undefined) return undefined;
  const name = image.registry ? `${image.registry}/${image.repository}` : image.repository;
  if (PUBLIC_PUBLISHERS.some((p) => p.test(name))) return undefined;
  return `the base image \`${image.text}\` may hold it`;
}

/** A path a command writes: the file itself, or (`below`) anything in that folder. `path` undefined: anywhere. */
export interface WrittenPath {
  readonly path: string | undefined;
  readonly below: boolean;
}

const ANYWHERE: WrittenPath[] = [{ path: undefined, below: true }];
const NOT_FILES = /^\/(dev|proc)\//;
const SHELLS = /^(sh|bash|dash|ash|zsh|ksh)$/;
const INTERPRETERS = /^(python[\d.]*|perl|ruby|node)$/;
const BUILDS = new Set(['make', 'cmake', 'ninja', 'ansible-playbook']);

/**
 * What a script or build a command runs may write: `anywhere` for a script file, inline code (`python -c`), a
 * module other than pip (`python -m nltk.downloader`) or a build; the folder of `python -m venv DIR`; undefined
 * when it runs none (`bash -c '...'` and `bash <<EOF` are parsed as scripts of their own; `python -m pip` is pip).
 */
function scriptRun(command: ShellCommand): 'anywhere' | ShellWord | undefined {
  const name = command.name;
  if (BUILDS.has(name)) return 'anywhere';
  const args = command.args;
  if (SHELLS.test(name)) return args.some((w) => /^-\w*c/.test(w.value)) || operands(command).length === 0 ? undefined : 'anywhere';
  if (!INTERPRETERS.test(name)) return undefined;
  const m = args.findIndex((w) => w.value === '-m');
  if (m >= 0) {
    const module = args[m + 1]?.value ?? '';
    if (/^pip\d*$/.test(module)) return undefined;
    if (module === 'venv' || module === 'virtualenv') return args.slice(m + 2).find((w) => !w.value.startsWith('-'));
    return 'anywhere';
  }
  // `python --version` runs nothing; `python -c` and `python x.py` run code.
  return args.some((w) => /^-[ce]$/.test(w.value)) || operands(command).length > 0 ? 'anywhere' : undefined;
}

/** Programs that unpack or fetch a tree into a folder (the working directory unless told). */
const UNPACKERS: Readonly<Record<string, readonly string[]>> = {
  tar: ['-C', '--directory'],
  unzip: ['-d'],
  git: [],
  svn: [],
  hg: [],
  wget: ['-P', '--directory-prefix'],
  curl: ['--output-dir'],
  '7z': [],
  '7za': [],
  gunzip: [],
  bunzip2: [],
  unxz: [],
  xz: [],
  gzip: [],
  cpio: [],
  jar: [],
  rsync: [],
  scp: [],
};

/**
 * The paths a command may write, resolved against `cwd` (undefined when not known): redirections, `tee`, `touch`,
 * `curl -o`, `wget -O`, the destination of `cp`/`mv`/`ln`/`install`, the folder `git clone`, `tar x`, `unzip`
 * and downloads unpack into, the output of `pip-compile`/`uv pip compile`/`poetry export`. A script it runs
 * (`sh x.sh`, `python x.py`, `make`) may write anywhere.
 */
export function writtenPaths(command: ShellCommand, cwd: string | undefined, instruction: Instruction): WrittenPath[] {
  const resolve = (word: ShellWord): string | undefined => {
    const value = word.literal ? word.value : instruction.expand(word.value);
    if (/[$`]/.test(value) || cwd === undefined && !value.startsWith('/')) return undefined;
    return posix.resolve(cwd ?? '/', value);
  };
  const at = (word: ShellWord | undefined, below = false): WrittenPath[] => {
    if (!word) return [];
    const path = resolve(word);
    return path !== undefined && NOT_FILES.test(path) ? [] : [{ path, below: below || path === undefined }];
  };
  const here = (): WrittenPath[] => (cwd === undefined ? ANYWHERE : [{ path: cwd, below: true }]);
  const written: WrittenPath[] = [];
  for (const redirect of command.redirects) {
    if (/>/.test(redirect.operator) && !/&-?$/.test(redirect.operator) && !/^\d+$|^-$/.test(redirect.target.value)) written.push(...at(redirect.target));
  }
  const name = command.name;
  const args = command.args;
  const valueOf = (...names: string[]) => optionWord(args, names);
  if (name === '') return written;
  const runs = scriptRun(command);
  if (runs) return [...written, ...(runs === 'anywhere' ? ANYWHERE : at(runs, true))];
  switch (name) {
    case 'tee':
    case 'touch':
    case 'truncate':
      return [...written, ...operands(command, ['-s', '--size', '-r', '--reference', '-d', '--date', '-t']).flatMap((w) => at(w))];
    case 'dd': {
      const of = args.find((w) => w.value.startsWith('of='));
      return of ? [...written, ...at({ ...of, value: of.value.slice(3) })] : written;
    }
    case 'cp':
    case 'mv':
    case 'ln':
    case 'install': {
      const target = valueOf('-t', '--target-directory');
      if (target) return [...written, ...at(target, true)];
      const ops = operands(command, ['-m', '--mode', '-o', '--owner', '-g', '--group', '-S', '--suffix']);
      return ops.length >= 2 || (name === 'ln' && ops.length === 1) ? [...written, ...at(ops[ops.length - 1], true)] : written;
    }
    case 'curl': {
      const output = valueOf('-o', '--output');
      if (output) return output.value === '-' ? written : [...written, ...at(output)];
      if (args.some((w) => /^-[a-zA-Z]*O|^--remote-name/.test(w.value))) return [...written, ...unpackFolder(command, resolve, here)];
      return written;
    }
    case 'wget': {
      const output = valueOf('-O', '--output-document');
      if (output) return output.value === '-' ? written : [...written, ...at(output)];
      return [...written, ...unpackFolder(command, resolve, here)];
    }
    case 'tar':
      // Only extracting writes files; `tar c` writes the archive, which `-f` names.
      if (!args.some((w, i) => /^--extract|^--get/.test(w.value) || /^-?[a-zA-Z]*x/.test(w.value) && (i === 0 || w.value.startsWith('-')))) {
        const file = valueOf('-f', '--file');
        return file && args.some((w) => /^-?[a-zA-Z]*c/.test(w.value)) ? [...written, ...at(file)] : written;
      }
      return [...written, ...unpackFolder(command, resolve, here)];
    case 'git':
    case 'svn':
    case 'hg': {
      const ops = operands(command, ['-C', '-c', '--branch', '-b', '--depth', '--origin', '-o', '-j', '--jobs', '--reference', '--separate-git-dir', '--filter', '-u', '--upload-pack', '--template', '-r', '--revision', '--config']);
      const sub = ops[0]?.value;
      if (name === 'git' && sub === 'clone' && ops[1] && !args.some((w) => w.value === '-C')) {
        // `git clone URL [DIR]` fills DIR, by default the repository's name.
        const folder = ops[2] ?? { ...ops[1], value: posix.basename(ops[1].value.replace(/\/+$/, '')).replace(/\.git$/, '') };
        return folder.value === '' || folder.value === '.' ? [...written, ...here()] : [...written, ...at(folder, true)];
      }
      return sub === 'clone' || sub === 'checkout' || sub === 'co' || sub === 'export' || sub === 'pull' ? [...written, ...here()] : written;
    }
    case 'pip-compile':
    case 'uv':
    case 'poetry':
    case 'pdm':
    case 'pipenv': {
      const output = valueOf('-o', '--output-file', '--output');
      if (output) return [...written, ...at(output)];
      // pip-compile writes requirements.txt (or the input's name with .txt) beside it by default.
      return name === 'pip-compile' ? [...written, ...here()] : written;
    }
    default:
      if (Object.hasOwn(UNPACKERS, name)) return [...written, ...unpackFolder(command, resolve, here)];
      // A project's own script (`./build.sh`, `/opt/setup.py`) may write anything.
      return /^\.{1,2}\//.test(command.nameWord.value) || /\.(sh|py|pl|rb)$/.test(name) ? [...written, ...ANYWHERE] : written;
  }
}

/** The folder an unpacker or downloader writes into: its directory option, else the working directory. */
function unpackFolder(command: ShellCommand, resolve: (w: ShellWord) => string | undefined, here: () => WrittenPath[]): WrittenPath[] {
  const option = optionWord(command.args, UNPACKERS[command.name] ?? []);
  return option ? [{ path: resolve(option), below: true }] : here();
}

/**
 * The word giving an option's value: `-o FILE`, `-oFILE`, `--output FILE`, `--output=FILE`, and a short option in a
 * cluster (`-fsSLo FILE`, `-qO-`).
 */
function optionWord(args: readonly ShellWord[], names: readonly string[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') break;
    for (const name of names) {
      if (value === name) return args[i + 1];
      if (name.startsWith('--') && value.startsWith(`${name}=`)) {
        const start = args[i].range.start;
        return { ...args[i], value: value.slice(name.length + 1), range: { start: { line: start.line, column: start.column + name.length + 1 }, end: args[i].range.end } };
      }
      if (name.length === 2 && !name.startsWith('--') && /^-[a-zA-Z]/.test(value) && !value.startsWith('--') && value !== name) {
        // In a cluster the letters before are switches and what follows the letter is its value (`-qO-`, `-fsSLo FILE`).
        const letter = value.indexOf(name[1], 1);
        if (letter < 0 || !/^[a-zA-Z]+$/.test(value.slice(1, letter))) continue;
        const attached = value.slice(letter + 1);
        if (attached === '') return args[i + 1];
        const start = args[i].range.start;
        return { ...args[i], value: attached, range: { start: { line: start.line, column: start.column + letter + 1 }, end: args[i].range.end } };
      }
    }
  }
  return undefined;
}
