/**
 * Large runs are split across worker threads, one per core: parsing and rules
 * are CPU-bound and files are independent. Each worker gets a contiguous,
 * path-sorted share of the files, so a build context's files mostly stay
 * together; results are merged back into one sorted result.
 */
import { availableParallelism } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { DiscoveredFile } from '../discover/discover.js';
import type { Config } from '../config/config.js';
import { compareFindings, summarize, type FileResult, type Finding, type LintResult } from './finding.js';
import type { LintOptions } from './lint-options.js';
import { createWorkerScratch } from './external-tools/live-children.js';

/** Below this many files a worker's start-up (loading modules and parsers) costs more than it saves. */
export const PARALLEL_MIN_FILES = 300;
const MAX_WORKERS = 4;

const workerUrl = new URL('./lint-worker.js', import.meta.url);

export function workerCount(files: number): number {
  if (files < PARALLEL_MIN_FILES || process.env.DOCKERLINT_WORKERS === '1') return 1;
  // A bundle whose engine is not beside the worker's entry (dist/chunks/lint-worker.js) has no worker module to start.
  if (!existsSync(fileURLToPath(workerUrl))) return 1;
  const wanted = Number(process.env.DOCKERLINT_WORKERS) || availableParallelism();
  return Math.max(1, Math.min(wanted, MAX_WORKERS, Math.floor(files / (PARALLEL_MIN_FILES / 2))));
}

export interface WorkerInput {
  readonly files: readonly DiscoveredFile[];
  readonly options: Omit<LintOptions, 'rules'> & { readonly cwd: string; readonly config: Config; readonly buildFiles?: readonly string[] };
  /** Where the worker makes its temporary folders, and the memory where it records its children (live-children.ts says why). */
  readonly scratch: { readonly dir: string; readonly state: SharedArrayBuffer };
}

export async function lintInWorkers(
  files: readonly DiscoveredFile[],
  options: WorkerInput['options'],
  count: number,
  lintHere: (files: readonly DiscoveredFile[], options: WorkerInput['options']) => Promise<LintResult>,
): Promise<LintResult> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const shares = splitByWork(sorted, count);
  const scratch = createWorkerScratch();
  let results: LintResult[];
  try {
    // A worker that dies (out of memory, a crash in native code) must not cost the other files their results:
    // its share is linted again in this thread, where every file is isolated from the others.
    results = await Promise.all(
      shares.map((share) =>
        runWorker({ files: share, options, scratch: { dir: scratch.dir, state: scratch.state } }).catch(() => lintHere(share, options)),
      ),
    );
  } finally {
    scratch.release();
  }
  // A requirements file reached from a Dockerfile in one share may be another share's file too, and rules report on
  // files across shares (reportOn): one entry per file, with the findings of every share that has it.
  const byPath = new Map<string, FileResult>();
  for (const result of results) {
    for (const file of result.files) {
      const known = byPath.get(file.absolutePath);
      byPath.set(file.absolutePath, known ? mergeFileResults(known, file) : file);
    }
  }
  const merged = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const notes = [...new Set(results.flatMap((r) => r.notes))];
  return { files: merged, summary: summarize(merged), notes, rules: [], failLevel: options.config.failLevel };
}

/**
 * Contiguous shares of about equal work. A file costs a fixed part (reading, the model, every rule's set-up) and a
 * part that grows with its size, about as much as 2 KB of text: split by count alone, the corpus's second half of
 * paths (twice the bytes of the first) kept one worker busy 4 s after the other had finished.
 */
function splitByWork(sorted: readonly DiscoveredFile[], count: number): DiscoveredFile[][] {
  const weights = sorted.map((file) => FIXED_COST_BYTES + (statSync(file.path, { throwIfNoEntry: false })?.size ?? 0));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const shares: DiscoveredFile[][] = [];
  let share: DiscoveredFile[] = [];
  let done = 0;
  sorted.forEach((file, i) => {
    share.push(file);
    done += weights[i]!;
    if (shares.length < count - 1 && done >= (total * (shares.length + 1)) / count) {
      shares.push(share);
      share = [];
    }
  });
  if (share.length > 0) shares.push(share);
  return shares;
}

/** What a file costs beyond its text, in bytes of text that cost as much (measured on the corpus). */
const FIXED_COST_BYTES = 2048;

function mergeFileResults(a: FileResult, b: FileResult): FileResult {
  const key = (f: Finding) => `${f.rule}\0${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}\0${f.message}`;
  const seen = new Set(a.findings.map(key));
  const added = b.findings.filter((f) => !seen.has(key(f)));
  if (added.length === 0) return a;
  const findings = [...a.findings, ...added].sort(compareFindings);
  // A linted file's entry keeps its own lines and kind; one only reported on has nothing else.
  return { ...(a.lines.length >= b.lines.length ? a : b), findings };
}

function runWorker(input: WorkerInput): Promise<LintResult> {
  // Loaded here, by the runs that start workers: the others do not pay for loading it. (require: the CLI's one-script
  // bundle has no import() of its own.)
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: input });
    let result: Omit<LintResult, 'rules'> | undefined;
    worker.once('message', (message: Omit<LintResult, 'rules'>) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      // Rules hold functions, which do not cross threads: the caller sets its own list.
      if (result) resolve({ ...result, rules: [] });
      else reject(new Error(`a lint worker stopped with exit code ${code}`));
    });
  });
}
