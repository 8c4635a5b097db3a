/**
 * `npm run determinism [-- PATH...] [--workers 1,2]`: lints PATH (default:
 * the whole shared corpus) as a process once per worker count
 * (DOCKERLINT_WORKERS, see src/engine/parallel.ts), JSON format, ShellCheck
 * off, no config, and checks that every run prints the same bytes, on
 * standard output and on standard error. Prints
 * the first difference and exits 1 when they differ.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusRoot, root } from './peer-files.js';

/** The JSON report of `paths` with DOCKERLINT_WORKERS=`workers`, and how long the run took. */
export function lintAsProcess(paths: readonly string[], workers: string): { stdout: Buffer; stderr: string; status: number | null; ms: number } {
  const start = performance.now();
  // The compiled CLI, not bin/dockerlint.js: that runs the bundle in dist/ when it is newer, and the bundle has no
  // worker threads, so both runs would be one thread.
  const cli = pathToFileURL(join(root, 'build', 'src', 'cli.js')).href;
  // CommonJS: worker threads inherit the parent's flags, and they refuse --input-type=module.
  const runMain = 'import(process.argv[1]).then((m) => m.main(process.argv.slice(2))).then((code) => { process.exitCode = code; });';
  const args = ['-e', runMain, cli, '-f', 'json', '--no-config', '--rule', 'shellcheck=off', ...paths];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DOCKERLINT_WORKERS: workers },
    maxBuffer: 1 << 30,
  });
  if (run.error) throw run.error;
  return { stdout: run.stdout, stderr: run.stderr.toString(), status: run.status, ms: performance.now() - start };
}

/** Where two outputs first differ, with some text of each around it; undefined when they are the same bytes. */
export function firstDifference(a: Buffer, b: Buffer): string | undefined {
  if (a.equals(b)) return undefined;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (buffer: Buffer): string => JSON.stringify(buffer.subarray(Math.max(0, i - 200), i + 200).toString('utf8'));
  const line = a.subarray(0, i).toString('utf8').split('\n').length;
  return `byte ${i} (line ${line}; lengths ${a.length} and ${b.length}):\n  ${around(a)}\n  ${around(b)}`;
}

function main(): number {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { workers: { type: 'string', default: '1,2' } } });
  } catch (error) {
    console.error(`determinism: ${(error as Error).message}`);
    return 2;
  }
  const { values, positionals } = args;
  const paths = positionals.length > 0 ? positionals : [corpusRoot()];
  const workerCounts = values.workers!.split(',').map((w) => w.trim());
  const missing = paths.find((p) => !existsSync(p));
  if (missing) {
    console.error(`determinism: ${missing} does not exist (set DOCKERLINT_CORPUS or name a path)`);
    return 2;
  }
  const runs = workerCounts.map((workers) => ({ workers, ...lintAsProcess(paths, workers) }));
  for (const run of runs) {
    const files = run.stdout.length > 0 ? (JSON.parse(run.stdout.toString('utf8')) as { files?: unknown[] }).files?.length : undefined;
    console.log(`determinism: DOCKERLINT_WORKERS=${run.workers}: exit ${run.status}, ${run.stdout.length} bytes, ${files ?? '?'} files, ${(run.ms / 1000).toFixed(1)} s`);
    if (run.status !== 0 && run.status !== 1) console.log(`  stderr: ${run.stderr.slice(0, 2000)}`);
  }
  let same = true;
  for (const run of runs.slice(1)) {
    const difference = firstDifference(runs[0].stdout, run.stdout);
    if (difference) {
      same = false;
      console.log(`determinism: DOCKERLINT_WORKERS=${runs[0].workers} and ${run.workers} differ at ${difference}`);
    }
    // Notes (an include not found, a rule that failed) go to standard error: they must not change either.
    const notes = firstDifference(Buffer.from(runs[0].stderr), Buffer.from(run.stderr));
    if (notes) {
      same = false;
      console.log(`determinism: the standard error of DOCKERLINT_WORKERS=${runs[0].workers} and ${run.workers} differs at ${notes}`);
    }
  }
  if (same) console.log(`determinism: the ${runs.length} runs printed the same ${runs[0].stdout.length} bytes`);
  return same && runs.every((r) => r.status === 0 || r.status === 1) ? 0 : 1;
}

// Run as a script, not when a test imports the helpers.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
