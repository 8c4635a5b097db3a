/**
 * hadolint as `npm run parity` runs it: no config, from an empty directory, in
 * two processes over batches of files, its results cached in .parity-cache/
 * per hadolint version and arguments, and per file content.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cacheFile, readCache, runPeer, sha1, writeCache } from '../peer-files.js';

const PROCESSES = 2;
const BATCH_SIZE = 200;
export const DL_CODE = /^DL\d{4}$/;
/** DL3057 (stage without HEALTHCHECK) is off by default in hadolint; switched on so that triggers, not defaults, are compared. */
export const HADOLINT_ARGS = ['--no-fail', '--no-color', '--format', 'json', '--warning', 'DL3057'];

export interface HadolintFinding {
  readonly code: string;
  readonly line: number;
  readonly message: string;
}

/** hadolint's result for one file: its DL findings, or why it gave none. */
export interface HadolintResult {
  readonly findings: readonly HadolintFinding[];
  /** hadolint itself failed on the file (crash, unreadable output). */
  readonly failed?: string;
}

interface Cache {
  readonly version: string;
  readonly args: readonly string[];
  /** By sha1 of the file's bytes: hadolint's result does not depend on the path. */
  readonly results: Record<string, HadolintResult>;
}

// ---------------------------------------------------------------------------
// hadolint

/** An empty directory as working directory and home, and no HADOLINT_* variables: hadolint finds no config. */
function hadolintEnvironment(): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = mkdtempSync(join(tmpdir(), 'dockerlint-parity-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('HADOLINT_')) env[key] = value;
  env.HOME = cwd;
  env.XDG_CONFIG_HOME = join(cwd, '.config');
  return { cwd, env };
}

export function hadolintVersion(): string | undefined {
  const result = spawnSync('hadolint', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim();
}

async function runHadolint(files: readonly string[], where: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Map<string, HadolintResult> | string> {
  const run = await runPeer('hadolint', [...HADOLINT_ARGS, ...files], where);
  if (typeof run === 'string') return run;
  const failure = () => `exit ${run.signal ?? run.status}: ${run.stderr.trim().split('\n')[0] ?? ''}`.trim();
  // Its exit status is not trusted either way: a complete JSON report is the result.
  let report: unknown;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return `unreadable output (${failure()})`;
  }
  if (!Array.isArray(report)) return 'output is not a JSON array';
  const results = new Map<string, HadolintFinding[]>(files.map((f) => [f, []]));
  for (const item of report as { code?: unknown; file?: unknown; line?: unknown; message?: unknown }[]) {
    const list = typeof item.file === 'string' ? results.get(item.file) : undefined;
    if (!list) return `finding for a file not asked about: ${String(item.file)}`;
    if (typeof item.code === 'string' && DL_CODE.test(item.code)) {
      list.push({ code: item.code, line: Number(item.line), message: String(item.message ?? '') });
    }
  }
  return new Map([...results].map(([file, findings]) => [file, { findings }]));
}

/** A batch hadolint fails on is run again file by file, so that one bad file costs only itself. */
async function lintBatch(files: readonly string[], where: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Map<string, HadolintResult>> {
  const result = await runHadolint(files, where);
  if (typeof result !== 'string') return result;
  if (files.length === 1) return new Map([[files[0], { findings: [], failed: result }]]);
  const merged = new Map<string, HadolintResult>();
  for (const file of files) for (const [path, r] of await lintBatch([file], where)) merged.set(path, r);
  return merged;
}

/** hadolint's result for every file (`noCache`: run on all of them again), from the cache or from `PROCESSES` hadolints over batches of `BATCH_SIZE` files. */
export async function hadolintResults(files: readonly string[], version: string, noCache = false): Promise<Map<string, HadolintResult>> {
  const path = cacheFile('hadolint', [version, HADOLINT_ARGS]);
  const empty: Cache = { version, args: HADOLINT_ARGS, results: {} };
  const cache = noCache ? empty : readCache(path, empty, (c) => c.version === version && JSON.stringify(c.args) === JSON.stringify(HADOLINT_ARGS));
  const hashes = new Map(files.map((f) => [f, sha1(f)]));
  const missing = [...new Set(files.filter((f) => !(hashes.get(f)! in cache.results)))];
  if (missing.length > 0) {
    const start = performance.now();
    const where = hadolintEnvironment();
    const batches: string[][] = [];
    for (let i = 0; i < missing.length; i += BATCH_SIZE) batches.push(missing.slice(i, i + BATCH_SIZE));
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        for (const [file, result] of await lintBatch(batch, where)) cache.results[hashes.get(file)!] = result;
        done += batch.length;
        // Saved after every batch: an interrupted first run keeps what it did.
        writeCache(path, cache);
        process.stderr.write(`hadolint: ${done}/${missing.length} files (${((performance.now() - start) / 1000).toFixed(0)} s)\n`);
      }
    };
    try {
      await Promise.all(Array.from({ length: PROCESSES }, worker));
    } finally {
      rmSync(where.cwd, { recursive: true, force: true });
    }
  }
  console.log(`hadolint: ${files.length - missing.length} file(s) from the cache, ${missing.length} run`);
  return new Map(files.map((f) => [f, cache.results[hashes.get(f)!]]));
}
