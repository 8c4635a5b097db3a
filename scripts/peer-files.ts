/**
 * What the scripts that compare dockerlint with a peer (`npm run parity`,
 * `npm run parity:checkov`) and the benchmark share: the corpus and its
 * Dockerfiles, paths as printed, a cache of the peer's results per file
 * content, and dockerlint's findings as peer codes at the line where their
 * instruction starts.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { kindFromName } from '../src/discover/discover.js';
import { lint } from '../src/index.js';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { contains } from '../src/model/position.js';
import { packageInfo } from '../src/io/package-info.js';
import { rules as builtinRules } from '../rules/index.js';

export const root = packageInfo.root;

/** Where peers' results are cached (gitignored). */
export const CACHE_DIR = join(root, '.parity-cache');

/** Every Dockerfile below `dir` (by the names discovery takes for Dockerfiles). */
export function dockerfilesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) dockerfilesUnder(path, out);
    else if (entry.isFile() && kindFromName(entry.name) === 'dockerfile') out.push(path);
  }
  return out;
}

/** The shared corpus: DOCKERLINT_CORPUS, else ../shared/corpus beside the repository. */
export function corpusRoot(): string {
  return process.env.DOCKERLINT_CORPUS ?? join(root, '..', 'shared', 'corpus');
}

/** Every file under `dir` that dockerlint lints by its name (relative to `base`, the corpus), depth first. */
export function lintableFiles(dir: string, base = corpusRoot(), out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) lintableFiles(path, base, out);
    else if (entry.isFile() && kindFromName(relative(base, path).split(sep).join('/'))) out.push(path);
  }
  return out;
}

/** The corpus's Dockerfiles folder; DOCKERLINT_CORPUS may name the corpus or that folder. */
export function corpusDockerfiles(): string {
  const base = corpusRoot();
  return existsSync(join(base, 'dockerfiles')) ? join(base, 'dockerfiles') : base;
}

/** The command line of the peer comparisons. */
export interface PeerOptions {
  /** `--code X`: only that code, with more examples and each lone finding's message. */
  readonly focus: string | undefined;
  /** `--all`: every lone finding, with its message. */
  readonly all: boolean;
  /** `--fixtures-only`: not the corpus. */
  readonly fixturesOnly: boolean;
  /** `--no-cache`: run the peer on every file again. */
  readonly noCache: boolean;
}

export function peerOptions(): PeerOptions {
  const { values } = parseArgs({
    options: {
      code: { type: 'string' },
      'fixtures-only': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
    },
  });
  return { focus: values.code?.toUpperCase(), all: values.all, fixturesOnly: values['fixtures-only'], noCache: values['no-cache'] };
}

/** How many examples a report line lists. */
export const EXAMPLES = 3;
const FOCUS_EXAMPLES = 20;

export interface FileSet {
  readonly name: string;
  readonly files: readonly string[];
}

/** The corpus's Dockerfiles (unless --fixtures-only, or when there is no corpus) and the fixtures. */
export function fileSets(options: PeerOptions): FileSet[] {
  const sets: FileSet[] = [];
  if (!options.fixturesOnly) {
    const corpus = corpusDockerfiles();
    if (existsSync(corpus)) sets.push({ name: `corpus (${show(corpus)})`, files: dockerfilesUnder(corpus).sort() });
    else console.log(`\nno corpus at ${corpus} (set DOCKERLINT_CORPUS)`);
  }
  sets.push({ name: 'fixtures', files: dockerfilesUnder(join(root, 'fixtures')).sort() });
  return sets;
}

/** Lone findings under `label`: their count and a few places, or under --code/--all every place with its message. */
export function printLone(label: string, list: readonly Hit[], options: PeerOptions, where = (hit: Hit) => `${show(hit.path)}:${hit.line}`): void {
  if (list.length === 0) return;
  const limit = options.all ? Infinity : options.focus ? FOCUS_EXAMPLES : EXAMPLES;
  if (options.focus || options.all) {
    console.log(`  ${label}: ${list.length}`);
    for (const hit of list.slice(0, limit)) console.log(`    ${where(hit)}  ${hit.detail}`);
  } else {
    console.log(`  ${label}: ${list.length}: ${list.slice(0, limit).map(where).join(', ')}${list.length > limit ? ', ...' : ''}`);
  }
}

/** A path as the reports print it: relative to the repository, with `/`. */
export function show(path: string): string {
  return relative(root, path).split(sep).join('/');
}

export function sha1(path: string): string {
  return createHash('sha1').update(readFileSync(path)).digest('hex');
}

export function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

/** A cache file in CACHE_DIR named after the peer and a hash of what its results depend on. */
export function cacheFile(peer: string, key: unknown): string {
  return join(CACHE_DIR, `${peer}-${createHash('sha1').update(JSON.stringify(key)).digest('hex').slice(0, 12)}.json`);
}

/** The cache at `path` when `valid` accepts it, else `empty` (also when there is none or it is unreadable). */
export function readCache<T>(path: string, empty: T, valid: (cache: T) => boolean): T {
  try {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as T;
    return valid(cache) ? cache : empty;
  } catch {
    return empty;
  }
}

/** Written whole, then renamed: an interrupted run never leaves half a cache. */
export function writeCache(path: string, cache: unknown): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(cache));
  renameSync(`${path}.tmp`, path);
}

/** The line where the instruction containing `line:column` starts (where peers report); the line itself outside instructions. */
export function instructionStarts(text: string, path: string): (position: { line: number; column: number }) => number {
  const instructions = parseDockerfile(text, path).instructions;
  return (position) => {
    for (const instruction of instructions) {
      if (contains(instruction.range, position)) return instruction.range.start.line;
    }
    return position.line;
  };
}

/** One finding in a comparison's unit, with what it says for the examples. */
export interface Hit {
  readonly path: string;
  readonly line: number;
  readonly code: string;
  readonly detail: string;
}

/**
 * dockerlint's findings on `files` as the peer codes among their aliases that match `codes`, each at the line where
 * its instruction starts. Only the rules with such an alias run (not shellcheck, which runs a process per file).
 */
export async function dockerlintHits(
  files: readonly string[],
  codes: RegExp,
): Promise<{ hits: Map<string, Hit[]>; skipped: string[]; notes: readonly string[] }> {
  const rules = builtinRules.filter((r) => r.meta.aliases.some((a) => codes.test(a)));
  // A file removed since the walk (fixtures change while others work) would stop the run.
  const result = await lint(files.filter((f) => existsSync(f)), { config: false, cwd: root, rules });
  const wanted = new Set(files);
  const hits = new Map<string, Hit[]>();
  const skipped: string[] = [];
  for (const file of result.files) {
    if (!wanted.has(file.absolutePath)) continue;
    if (file.skipped) {
      skipped.push(file.absolutePath);
      continue;
    }
    const startOf = instructionStarts(file.lines.join('\n'), file.absolutePath);
    const list: Hit[] = [];
    for (const finding of file.findings) {
      const line = startOf(finding.range.start);
      for (const code of finding.aliases) {
        if (codes.test(code)) list.push({ path: file.absolutePath, line, code, detail: `${finding.rule}: ${finding.message}` });
      }
    }
    hits.set(file.absolutePath, list);
  }
  return { hits, skipped, notes: result.notes };
}

/** How many rules claim a peer code matching `codes`. */
export function rulesWithCodes(codes: RegExp): number {
  return builtinRules.filter((r) => r.meta.aliases.some((a) => codes.test(a))).length;
}

/** How a peer tool's run ended: its exit status or signal and what it printed. */
export interface PeerRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a peer tool (hadolint, Checkov) to its end, collecting its output; the message of the error when it cannot start. */
export function runPeer(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<PeerRun | string> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => resolvePromise(error.message));
    child.on('close', (status, signal) =>
      resolvePromise({ status, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}
