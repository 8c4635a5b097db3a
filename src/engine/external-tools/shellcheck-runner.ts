/**
 * Runs ShellCheck over the RUN scripts of the Dockerfiles before the rules run, so that the
 * shellcheck rule stays synchronous and the model does no I/O. Every run is bounded: a time limit
 * per Dockerfile after which ShellCheck and anything it started are killed (the RUNs are reported as
 * not checked), a cap on its output, at most two at a time, and nothing left behind on exit or on a
 * signal (live-children.ts).
 *
 * The scripts go to ShellCheck as files in a private temporary folder, removed when the run ends.
 * Pipes cannot replace them: ShellCheck reads `-` only once per run, and the extra stdio of
 * Node's spawn are socket pairs, which `/dev/fd/N` cannot open (ENXIO); one process per RUN costs
 * ShellCheck's start-up each time, and joining the scripts into one changes what ShellCheck finds.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { DockerfileModel } from '../../model/dockerfile.js';
import {
  findingsFromJson1,
  shellcheckScripts,
  SHELLCHECK_ARGUMENTS,
  type PreparedScript,
  type ScriptCheck,
  type ShellcheckFinding,
  type ShellcheckResults,
} from '../../model/shellcheck.js';
import { killGroup, startGuarded, temporaryParent, trackLive } from './live-children.js';

export interface ShellcheckOptions {
  /** The ShellCheck executable: a path, or a name looked up on PATH (default: `shellcheck` on PATH). */
  readonly path?: string;
  /** How long ShellCheck may take for one Dockerfile's scripts, in milliseconds (default: 10 s). */
  readonly timeoutMs?: number;
}

/**
 * ShellCheck takes about 70 ms for a typical Dockerfile of the corpus and under 2 s for the slowest
 * (a busy 2-core machine); 10 s leaves room for a slower one while a pathological script (1,000
 * nested `${A:-`, two minutes) costs no more than that.
 */
const DEFAULT_SHELLCHECK_TIMEOUT_MS = 10_000;
/** Far more than the json1 of any real Dockerfile; past it, the output is not worth parsing. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
/** Only the first line of stderr is shown. */
const MAX_STDERR_BYTES = 64 * 1024;
/** ShellCheck runs beside our own rules on a machine that may have only two cores. */
const MAX_CONCURRENT = 2;
/** Scripts per ShellCheck process (of one Dockerfile or a batch of them): bounds the command line and the files on disk at once. */
const SCRIPTS_PER_RUN = 200;

/**
 * Runs ShellCheck for each Dockerfile that has scripts to check; the result for each of those
 * Dockerfiles, by model. Never throws: a missing or failing ShellCheck is a `skipped` note.
 */
export async function runShellcheckFor(
  files: readonly DockerfileModel[],
  options: ShellcheckOptions = {},
  cwd = process.cwd(),
): Promise<Map<DockerfileModel, ShellcheckResults>> {
  const results = new Map<DockerfileModel, ShellcheckResults>();
  const work: { file: DockerfileModel; scripts: readonly PreparedScript[] }[] = [];
  for (const file of files) {
    try {
      const scripts = shellcheckScripts(file);
      if (scripts.length > 0) work.push({ file, scripts });
    } catch (error) {
      // One file whose scripts cannot be prepared must not stop ShellCheck for the others; its rule reports it.
      results.set(file, { failed: `its RUN scripts could not be prepared for ShellCheck: ${(error as Error).message}` });
    }
  }
  if (work.length === 0) return results;
  const binary = findShellcheck(options.path, cwd);
  if (!binary) {
    const skipped = options.path
      ? `shellcheck not found at ${options.path}: the shellcheck rule was skipped; fix --shellcheck (or DOCKERLINT_SHELLCHECK) or install ShellCheck`
      : 'shellcheck not found: the shellcheck rule was skipped; install ShellCheck (apt-get install shellcheck) or pass --shellcheck PATH';
    for (const { file } of work) results.set(file, { skipped });
    return results;
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHELLCHECK_TIMEOUT_MS;
  const batches = batchesOf(work);
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      for (const [file, result] of await checkBatch(binary, batch, timeoutMs)) results.set(file, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_CONCURRENT, batches.length) }, runner));
  return results;
}

type Work = { readonly file: DockerfileModel; readonly scripts: readonly PreparedScript[] };

/**
 * The Dockerfiles grouped so that one ShellCheck process checks the scripts of many (up to SCRIPTS_PER_RUN scripts):
 * its start-up, about as long as checking a typical Dockerfile, is paid once per batch instead of once per file.
 * ShellCheck checks each file it is given on its own, so batching changes no finding.
 */
function batchesOf(work: readonly Work[]): Work[][] {
  // At least as many batches as ShellChecks may run at once (a few files' scripts keep two cores busy too), each
  // of about the same size.
  const total = work.reduce((n, item) => n + item.scripts.length, 0);
  const runs = Math.max(Math.ceil(total / SCRIPTS_PER_RUN), Math.min(MAX_CONCURRENT, work.length));
  const perRun = Math.ceil(total / runs);
  const batches: Work[][] = [];
  let batch: Work[] = [];
  let size = 0;
  for (const item of work) {
    if (batch.length > 0 && size + item.scripts.length > perRun) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(item);
    size += item.scripts.length;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * One batch in one ShellCheck process, within one Dockerfile's time limit. A batch that times out or fails is run
 * again file by file, each with its own limit, so that one pathological script costs only its own Dockerfile's results.
 */
async function checkBatch(binary: string, batch: readonly Work[], timeoutMs: number): Promise<[DockerfileModel, ShellcheckResults][]> {
  const byFile = async () => {
    const out: [DockerfileModel, ShellcheckResults][] = [];
    for (const { file, scripts } of batch) out.push([file, await checkFile(binary, file, scripts, timeoutMs)]);
    return out;
  };
  if (batch.length === 1) return byFile();
  const scripts = batch.flatMap((item) => item.scripts);
  const outcome = await runOnce(binary, scripts, timeoutMs);
  if (outcome === 'timed out' || 'error' in outcome) return byFile();
  let at = 0;
  return batch.map(({ file, scripts: own }) => {
    const checks = own.map((script, i) => ({ script, findings: outcome.findings[at + i] }));
    at += own.length;
    return [file, { scripts: checks }];
  });
}

/** One Dockerfile's scripts, in runs of at most SCRIPTS_PER_RUN that share the file's time limit. */
async function checkFile(binary: string, file: DockerfileModel, scripts: readonly PreparedScript[], timeoutMs: number): Promise<ShellcheckResults> {
  const deadline = Date.now() + timeoutMs;
  const seconds = timeoutMs / 1000;
  const checks: ScriptCheck[] = [];
  for (let start = 0; start < scripts.length; start += SCRIPTS_PER_RUN) {
    const chunk = scripts.slice(start, start + SCRIPTS_PER_RUN);
    const remaining = deadline - Date.now();
    const outcome = remaining > 0 ? await runOnce(binary, chunk, remaining) : ('timed out' as const);
    if (outcome === 'timed out') {
      for (const script of chunk) checks.push({ script, timedOutAfterSeconds: seconds });
    } else if ('error' in outcome) {
      return { skipped: `shellcheck failed (${outcome.error}): the shellcheck rule was skipped for ${file.path}` };
    } else {
      chunk.forEach((script, i) => checks.push({ script, findings: outcome.findings[i] }));
    }
  }
  return { scripts: checks };
}

type RunOutcome = 'timed out' | { readonly error: string } | { readonly findings: readonly (readonly ShellcheckFinding[])[] };

async function runOnce(binary: string, scripts: readonly PreparedScript[], timeoutMs: number): Promise<RunOutcome> {
  const started = startGuarded(() => startRun(binary, scripts, timeoutMs));
  if (!started) return { error: 'dockerlint is stopping' };
  if ('error' in started) return started;
  const { dir, names, running, releaseDir } = started;
  try {
    const result = await running;
    if (result === 'timed out' || 'error' in result) return result;
    // 0: nothing found, 1: findings; anything else is a failure (bad options, unreadable files).
    if (result.status !== 0 && result.status !== 1) {
      const why = result.stderr.trim().split('\n')[0] || (result.status === null ? `killed by ${result.signal}` : `exit status ${result.status}`);
      return { error: why };
    }
    const findings = findingsFromJson1(result.stdout, names, scripts);
    return findings ? { findings } : { error: 'its output is not the JSON expected (ShellCheck 0.7 or newer is needed)' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    releaseDir();
  }
}

/** Writes the scripts to a new private folder and starts ShellCheck on them, synchronously (see startGuarded). */
function startRun(
  binary: string,
  scripts: readonly PreparedScript[],
  timeoutMs: number,
): { readonly error: string } | { dir: string; names: string[]; running: Promise<SpawnOutcome>; releaseDir: () => void } {
  let dir: string;
  try {
    dir = mkdtempSync(join(temporaryParent(), 'dockerlint-shellcheck-'));
  } catch (error) {
    return { error: `cannot make a temporary folder: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  const releaseDir = trackLive({ dir });
  try {
    const names = scripts.map((script, i) => {
      const name = `run${i}.sh`;
      writeFileSync(join(dir, name), script.text, { mode: 0o600 });
      return name;
    });
    return { dir, names, running: spawnBounded(binary, [...SHELLCHECK_ARGUMENTS, ...names], dir, timeoutMs), releaseDir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    releaseDir();
    return { error: `cannot write the scripts: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
}

type SpawnOutcome =
  | 'timed out'
  | { readonly error: string }
  | { readonly status: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string };

/** Runs a program in its own process group; kills the group when the time is up or the output is too large. */
function spawnBounded(binary: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<SpawnOutcome> {
  return new Promise((resolvePromise) => {
    const child = spawn(binary, args, { cwd, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const release = child.pid !== undefined ? trackLive({ pid: child.pid }) : () => undefined;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let settled = false;
    const finish = (outcome: SpawnOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      release();
      resolvePromise(outcome);
    };
    const stop = (outcome: SpawnOutcome): void => {
      if (child.pid !== undefined) killGroup(child.pid);
      child.stdout.destroy();
      child.stderr.destroy();
      finish(outcome);
    };
    const timer = setTimeout(() => stop('timed out'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) stop({ error: `its output is larger than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB` });
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < MAX_STDERR_BYTES) stderr.push(chunk);
      errBytes += chunk.length;
    });
    child.on('error', (error) => stop({ error: error.message }));
    child.on('close', (status, signal) =>
      finish({ status, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

/**
 * The ShellCheck executable: `configured` when it names an executable file (a bare name is looked up
 * on PATH), else the first `shellcheck` on PATH. Only absolute PATH entries count: an empty or `.`
 * entry would run a `shellcheck` from the directory being linted.
 */
export function findShellcheck(configured: string | undefined, cwd = process.cwd()): string | undefined {
  if (configured && /[\\/]/.test(configured)) {
    const path = resolve(cwd, configured);
    return isExecutable(path) ? path : undefined;
  }
  const names = configured ? [configured] : process.platform === 'win32' ? ['shellcheck.exe', 'shellcheck'] : ['shellcheck'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const binary = names.map((n) => join(dir, n)).find(isExecutable);
    if (binary) return binary;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
