/**
 * `npm run parity:checkov [-- --code CKV_DOCKER_9] [--all] [--fixtures-only] [--no-cache]`:
 * where dockerlint and Checkov agree, code by code.
 *
 * Runs Checkov's Dockerfile checks and dockerlint (no config, only the rules
 * with a `CKV_DOCKER_*` or `CKV2_DOCKER_*` alias) over fixtures/ and, when it
 * is there, the shared corpus (../shared/corpus/dockerfiles, or
 * DOCKERLINT_CORPUS), maps dockerlint's findings to Checkov codes through
 * their `aliases`, and prints per code what both found, what only one found,
 * and examples of each; then a Markdown summary table per file set.
 *
 * The unit follows what Checkov reports for the code:
 * - (file, code, instruction start line) for checks that point at an
 *   instruction (`file_line_range[0]` is where it starts); each dockerlint
 *   finding is moved to the start line of its instruction;
 * - (file, code) for whole-file checks, which Checkov reports without an
 *   instruction over [1, last line] (CKV_DOCKER_2, CKV_DOCKER_3), and for
 *   CKV_DOCKER_11, which points at the file's first FROM whichever stage
 *   repeats a name.
 * Some checks stop at their first finding in a file (CKV_DOCKER_1, _7, _9):
 * dockerlint's later findings of such a code, below one Checkov reported,
 * are counted apart as "after Checkov's first", not as disagreements.
 *
 * Checkov takes minutes over the corpus, so its results are cached in
 * .parity-cache/ per Checkov version and per file content: each file to lint
 * is copied as `<sha1>/Dockerfile` into a temporary directory that Checkov
 * scans in batches; --no-cache runs everything again. A file that Checkov's
 * graph builder chokes on drops the graph checks (CKV2_*) of its whole run
 * without a word, so each batch carries a canary that must fail one: a batch
 * whose canary passed is split and scanned again, down to the culprit, whose
 * CKV2 codes are then left out of the comparison.
 * A report, not a test: it asserts nothing and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageInfo } from '../src/io/package-info.js';
import { cacheFile, dockerlintHits, EXAMPLES, fileSets, type FileSet, type Hit, peerOptions, percent, printLone, readCache, rulesWithCodes, runPeer, sha1, show, writeCache } from './peer-files.js';

const options = peerOptions();
const focus = options.focus;
/** Checkov keeps about one core busy: two to four at once. */
const PROCESSES = Math.max(2, Math.min(4, availableParallelism() - 1));
const BATCH_SIZE = 500;
const CKV_CODE = /^CKV2?_DOCKER_\d+$/;
/** Without --quiet, passed checks are listed too: they tell which files Checkov read. */
const CHECKOV_ARGS = ['--framework', 'dockerfile', '--output', 'json', '--compact', '--skip-download'];
/** Bumped when what is kept of Checkov's output changes, so that older caches are not read. */
const CACHE_FORMAT = 3;
/** Checkov points this whole-file check at the file's first FROM, not at the stage that repeats a name. */
const FIRST_FROM_CODES = new Set(['CKV_DOCKER_11']);
/** Checks that return at their first failing instruction of a file. */
const FIRST_ONLY_CODES = new Set(['CKV_DOCKER_1', 'CKV_DOCKER_7', 'CKV_DOCKER_9']);

interface CheckovFinding {
  readonly code: string;
  readonly start: number;
  readonly end: number;
  /** The instruction keyword Checkov names in `resource`, '' for whole-file checks. */
  readonly instruction: string;
}

/** Checkov's result for one file: its failed checks, or why it has none. */
interface CheckovResult {
  readonly findings: readonly CheckovFinding[];
  /** Checkov's graph checks (CKV2_*) gave nothing for this file, even scanned alone: its CKV2 codes are not compared. */
  readonly graphLost?: true;
  /** Checkov reported nothing at all on the file (not read, no instructions). */
  readonly unread?: true;
  /** The Checkov run over the file's batch failed. */
  readonly failed?: string;
}

interface Cache {
  readonly version: string;
  readonly args: readonly string[];
  /** By sha1 of the file's bytes: Checkov's result does not depend on the path. */
  readonly results: Record<string, CheckovResult>;
  /** Check names by code, as Checkov prints them. */
  readonly names: Record<string, string>;
}

// ---------------------------------------------------------------------------
// Files

/** DOCKERLINT_CORPUS may name the corpus (as for `npm run bench`) or its dockerfiles/ folder. */
// ---------------------------------------------------------------------------
// Checkov

function checkovVersion(): string | undefined {
  const result = spawnSync('checkov', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return `checkov ${result.stdout.trim()}`;
}

interface CheckovRecord {
  check_id?: unknown;
  check_name?: unknown;
  file_path?: unknown;
  file_abs_path?: unknown;
  file_line_range?: unknown;
  resource?: unknown;
}

/**
 * A file whose graph check (CKV2_DOCKER_1) must fail, scanned with each batch:
 * one Dockerfile that Checkov's graph builder chokes on (`LABEL key value`
 * without `=` does) silently drops the graph checks of every file of the run.
 */
const CANARY = 'canary';
const CANARY_TEXT = 'FROM busybox:1.37\nRUN sudo true\n';

/** Checkov over one directory of `<sha1>/Dockerfile` copies: results by sha1 and whether its graph checks ran, or why it failed. */
async function runCheckov(directory: string, hashes: readonly string[], names: Record<string, string>): Promise<{ results: Map<string, CheckovResult>; graphRan: boolean } | string> {
  mkdirSync(join(directory, CANARY), { recursive: true });
  writeFileSync(join(directory, CANARY, 'Dockerfile'), CANARY_TEXT);
  const run = await runPeer('checkov', ['--directory', directory, ...CHECKOV_ARGS], { cwd: directory });
  if (typeof run === 'string') return run;
  const lastError = run.stderr.trim().split('\n').filter((l) => /error/i.test(l)).at(-1) ?? '';
  let report: unknown;
  try {
    report = JSON.parse(run.stdout.trim());
  } catch {
    return `unreadable output (exit ${run.signal ?? run.status}: ${lastError})`;
  }
  const read = new Set<string>();
  const findings = new Map<string, CheckovFinding[]>([...hashes, CANARY].map((h) => [h, []]));
  // One report per framework; a list when there is more than one (an image report besides).
  const reports = (Array.isArray(report) ? report : [report]) as {
    check_type?: unknown;
    results?: { failed_checks?: CheckovRecord[]; passed_checks?: CheckovRecord[]; skipped_checks?: CheckovRecord[] };
  }[];
  for (const r of reports) {
    if (r.check_type !== 'dockerfile') continue;
    // A check skipped by a `#checkov:skip=` comment counts as found: suppressions are compared elsewhere, triggers here.
    const lists = [[r.results?.passed_checks ?? [], false], [r.results?.failed_checks ?? [], true], [r.results?.skipped_checks ?? [], true]] as const;
    for (const [records, failed] of lists) {
      for (const record of records) {
        const hash = basename(dirname(String(record.file_abs_path)));
        read.add(hash);
        if (!failed || typeof record.check_id !== 'string' || !CKV_CODE.test(record.check_id)) continue;
        const [start, end] = Array.isArray(record.file_line_range) ? (record.file_line_range as number[]) : [0, 0];
        const filePath = String(record.file_path);
        const resource = String(record.resource);
        const instruction = resource.startsWith(`${filePath}.`) ? resource.slice(filePath.length + 1) : '';
        findings.get(hash)?.push({ code: record.check_id, start, end, instruction });
        if (typeof record.check_name === 'string') names[record.check_id] = record.check_name;
      }
    }
  }
  const graphRan = findings.get(CANARY)?.some((f) => f.code === 'CKV2_DOCKER_1') ?? false;
  const results = new Map(hashes.map((h): [string, CheckovResult] => [h, read.has(h) ? { findings: findings.get(h)! } : { findings: [], unread: true }]));
  return { results, graphRan };
}

function cachePath(version: string): string {
  return cacheFile('checkov', [version, CHECKOV_ARGS, CACHE_FORMAT]);
}

function loadCache(version: string): Cache {
  const empty: Cache = { version, args: CHECKOV_ARGS, results: {}, names: {} };
  if (options.noCache) return empty;
  return readCache(cachePath(version), empty, (c) => c.version === version && JSON.stringify(c.args) === JSON.stringify(CHECKOV_ARGS));
}

function saveCache(cache: Cache): void {
  writeCache(cachePath(cache.version), cache);
}

/**
 * Checkov over one batch; when its graph checks were dropped, each half again,
 * down to the file that drops them, whose CKV2 results are marked lost.
 */
async function scanBatch(batch: readonly [string, string][], directory: string, names: Record<string, string>): Promise<Map<string, CheckovResult>> {
  rmSync(directory, { recursive: true, force: true });
  for (const [hash, file] of batch) {
    mkdirSync(join(directory, hash), { recursive: true });
    copyFileSync(file, join(directory, hash, 'Dockerfile'));
  }
  const run = await runCheckov(directory, batch.map(([hash]) => hash), names);
  rmSync(directory, { recursive: true, force: true });
  if (typeof run === 'string') return new Map(batch.map(([hash]) => [hash, { findings: [], failed: run }]));
  if (run.graphRan) return run.results;
  if (batch.length === 1) {
    const [hash] = batch[0];
    const result = run.results.get(hash)!;
    return new Map([[hash, { ...result, graphLost: true }]]);
  }
  const half = Math.ceil(batch.length / 2);
  const merged = await scanBatch(batch.slice(0, half), directory, names);
  for (const [hash, result] of await scanBatch(batch.slice(half), directory, names)) merged.set(hash, result);
  return merged;
}

async function checkovResults(files: readonly string[], cache: Cache): Promise<Map<string, CheckovResult>> {
  const hashes = new Map(files.map((f) => [f, sha1(f)]));
  // One copy per content: the same file twice in the corpus costs one scan.
  const missing = new Map<string, string>();
  for (const [file, hash] of hashes) if (!(hash in cache.results) && !missing.has(hash)) missing.set(hash, file);
  if (missing.size > 0) {
    const start = performance.now();
    const work = mkdtempSync(join(tmpdir(), 'dockerlint-checkov-'));
    const entries = [...missing];
    const batches: [string, string][][] = [];
    for (let i = 0; i < entries.length; i += BATCH_SIZE) batches.push(entries.slice(i, i + BATCH_SIZE));
    let done = 0;
    let number = 0;
    const worker = async (): Promise<void> => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        const directory = join(work, String(number++));
        for (const [hash, result] of await scanBatch(batch, directory, cache.names)) cache.results[hash] = result;
        done += batch.length;
        // Saved after every batch: an interrupted first run keeps what it did.
        saveCache(cache);
        process.stderr.write(`checkov: ${done}/${missing.size} files (${((performance.now() - start) / 1000).toFixed(0)} s)\n`);
      }
    };
    try {
      await Promise.all(Array.from({ length: PROCESSES }, worker));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  console.log(`checkov: ${files.length - missing.size} file(s) from the cache, ${missing.size} run`);
  return new Map(files.map((f) => [f, cache.results[hashes.get(f)!]]));
}

/**
 * Checkov's line numbers, mapped back to the file's: before parsing, Checkov
 * folds each `RUN <<EOF` heredoc into one `RUN a && b` line at its `EOF`, so
 * every line below a heredoc moves up. Element i is the file's line for
 * Checkov's line i + 1. Lines are split as Python's `str.splitlines` does.
 */
function checkovLines(path: string): number[] {
  const lines = readFileSync(path, 'utf8').split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  if (lines.at(-1) === '') lines.pop();
  const map: number[] = [];
  let heredoc: number | undefined;
  lines.forEach((line, i) => {
    const text = line.trim();
    if (heredoc === undefined && text.startsWith('RUN <<EOF')) heredoc = i + 1;
    else if (heredoc !== undefined && text === 'EOF') {
      map.push(heredoc);
      heredoc = undefined;
    } else if (heredoc === undefined) map.push(i + 1);
  });
  return map;
}

// ---------------------------------------------------------------------------
// dockerlint


// ---------------------------------------------------------------------------
// Comparison

interface CodeStats {
  readonly code: string;
  readonly wholeFile: boolean;
  readonly both: Hit[];
  readonly checkovOnly: Hit[];
  readonly dockerlintOnly: Hit[];
  /** dockerlint's findings below the first Checkov reported in the file, for checks that stop there. */
  readonly afterFirst: Hit[];
}

/** Codes that Checkov reports without an instruction (whole-file checks), or at the first FROM. */
function wholeFileCodes(results: Iterable<CheckovResult>): Set<string> {
  const withInstruction = new Set<string>();
  const without = new Set<string>(FIRST_FROM_CODES);
  for (const result of results) {
    for (const f of result.findings) (f.instruction === '' ? without : withInstruction).add(f.code);
  }
  for (const code of withInstruction) if (!FIRST_FROM_CODES.has(code)) without.delete(code);
  return without;
}

function unitsOf(hits: Iterable<Hit>, wholeFile: Set<string>): Map<string, Hit> {
  const units = new Map<string, Hit>();
  for (const hit of hits) {
    const unit = wholeFile.has(hit.code) ? { ...hit, line: 0 } : hit;
    const key = `${unit.path}\0${unit.line}\0${unit.code}`;
    if (!units.has(key)) units.set(key, unit);
  }
  return units;
}

function compare(checkov: Iterable<Hit>, dockerlint: Iterable<Hit>, wholeFile: Set<string>): CodeStats[] {
  const theirs = unitsOf(checkov, wholeFile);
  const ours = unitsOf(dockerlint, wholeFile);
  const stats = new Map<string, CodeStats>();
  const of = (code: string) => {
    let s = stats.get(code);
    if (!s) stats.set(code, (s = { code, wholeFile: wholeFile.has(code), both: [], checkovOnly: [], dockerlintOnly: [], afterFirst: [] }));
    return s;
  };
  const firstOfTheirs = new Map<string, number>();
  for (const hit of theirs.values()) {
    const key = `${hit.path}\0${hit.code}`;
    firstOfTheirs.set(key, Math.min(firstOfTheirs.get(key) ?? Infinity, hit.line));
  }
  for (const [key, hit] of theirs) (ours.has(key) ? of(hit.code).both : of(hit.code).checkovOnly).push(hit);
  for (const [key, hit] of ours) {
    if (theirs.has(key)) continue;
    const first = firstOfTheirs.get(`${hit.path}\0${hit.code}`);
    if (FIRST_ONLY_CODES.has(hit.code) && first !== undefined && first < hit.line) of(hit.code).afterFirst.push(hit);
    else of(hit.code).dockerlintOnly.push(hit);
  }
  const byPlace = (a: Hit, b: Hit) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line);
  for (const s of stats.values()) for (const list of [s.both, s.checkovOnly, s.dockerlintOnly, s.afterFirst]) list.sort(byPlace);
  const order = (code: string) => [code.startsWith('CKV2') ? 2 : 1, Number(code.split('_').at(-1))];
  return [...stats.values()].sort((a, b) => {
    const [x, y] = [order(a.code), order(b.code)];
    return x[0] - y[0] || x[1] - y[1];
  });
}

function agreement(s: CodeStats): number {
  return s.both.length / (s.both.length + s.checkovOnly.length + s.dockerlintOnly.length);
}

function where(hit: Hit): string {
  return hit.line === 0 ? show(hit.path) : `${show(hit.path)}:${hit.line}`;
}

function printDetails(stats: readonly CodeStats[], names: Record<string, string>): void {
  for (const s of stats) {
    if (focus && s.code !== focus) continue;
    const unit = s.wholeFile ? 'unit (file, code)' : 'unit (file, code, instruction start line)';
    console.log(`\n${s.code}  ${names[s.code] ?? ''}  [${unit}]`);
    console.log(
      `  checkov ${s.both.length + s.checkovOnly.length}, dockerlint ${s.both.length + s.dockerlintOnly.length}: both ${s.both.length}, checkov only ${s.checkovOnly.length}, dockerlint only ${s.dockerlintOnly.length}; agreement ${percent(agreement(s))}`,
    );
    if (s.afterFirst.length > 0) console.log(`  dockerlint after Checkov's first in the file (Checkov stops there): ${s.afterFirst.length}`);
    printLone('checkov only', s.checkovOnly, options, where);
    printLone('dockerlint only', s.dockerlintOnly, options, where);
  }
}

function printTable(stats: readonly CodeStats[]): void {
  console.log('| code | checkov | dockerlint | both | checkov only | dockerlint only | agreement | after Checkov\'s first |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const total = { both: 0, checkovOnly: 0, dockerlintOnly: 0, afterFirst: 0 };
  for (const s of stats) {
    total.both += s.both.length;
    total.checkovOnly += s.checkovOnly.length;
    total.dockerlintOnly += s.dockerlintOnly.length;
    total.afterFirst += s.afterFirst.length;
    const cells = [s.both.length + s.checkovOnly.length, s.both.length + s.dockerlintOnly.length, s.both.length, s.checkovOnly.length, s.dockerlintOnly.length];
    console.log(`| ${s.code} | ${cells.join(' | ')} | ${percent(agreement(s))} | ${s.afterFirst.length} |`);
  }
  const all = total.both + total.checkovOnly + total.dockerlintOnly;
  if (all > 0) {
    console.log(
      `| all | ${total.both + total.checkovOnly} | ${total.both + total.dockerlintOnly} | ${total.both} | ${total.checkovOnly} | ${total.dockerlintOnly} | ${percent(total.both / all)} | ${total.afterFirst} |`,
    );
  }
}

async function report(set: FileSet, cache: Cache): Promise<void> {
  console.log(`\n# ${set.name}: ${set.files.length} Dockerfiles\n`);
  const theirs = await checkovResults(set.files, cache);
  const unread = set.files.filter((f) => theirs.get(f)!.unread);
  const failed = set.files.filter((f) => theirs.get(f)!.failed);
  const left = new Set([...unread, ...failed]);
  const ours = await dockerlintHits(set.files.filter((f) => !left.has(f)), CKV_CODE);
  for (const f of ours.skipped) left.add(f);
  const kept = set.files.filter((f) => !left.has(f));

  console.log(
    `compared: ${kept.length} files; left out: ${unread.length} on which Checkov reported nothing (not read, or no instructions), ${failed.length} whose Checkov run failed, ${ours.skipped.length} that dockerlint skipped`,
  );
  for (const f of unread.slice(0, EXAMPLES)) console.log(`  unread ${show(f)}`);
  for (const f of failed.slice(0, EXAMPLES)) console.log(`  failed ${show(f)}: ${theirs.get(f)!.failed}`);

  const wholeFile = wholeFileCodes(kept.map((f) => theirs.get(f)!));
  const graphLost = kept.filter((f) => theirs.get(f)!.graphLost);
  if (graphLost.length > 0) {
    console.log(`graph checks (CKV2_*) not compared on ${graphLost.length} file(s) that drop them in Checkov even alone:`);
    for (const f of graphLost.slice(0, EXAMPLES)) console.log(`  graph lost ${show(f)}`);
  }
  const lost = new Set(graphLost);
  const theirHits = kept.flatMap((path) => {
    const lineOf = checkovLines(path);
    return theirs.get(path)!.findings.map((f) => {
      const line = lineOf[f.start - 1] ?? f.start;
      const moved = line === f.start ? '' : ` (Checkov's line ${f.start})`;
      return { path, line, code: f.code, detail: `${f.instruction || 'file'} [${f.start}, ${f.end}]${moved}` };
    });
  });
  const ourHits = kept.flatMap((path) => (ours.hits.get(path) ?? []).filter((h) => !(lost.has(path) && h.code.startsWith('CKV2_'))));
  const stats = compare(theirHits, ourHits, wholeFile);
  printDetails(stats, cache.names);
  console.log(`\n## ${set.name}: summary\n`);
  printTable(focus ? stats.filter((s) => s.code === focus) : stats);
}

async function main(): Promise<void> {
  const version = checkovVersion();
  if (!version) {
    console.log('checkov-parity: checkov is not on PATH (pip install checkov, or see https://www.checkov.io/2.Basics/Installing%20Checkov.html): nothing to compare');
    return;
  }
  console.log(`checkov-parity: dockerlint ${packageInfo.version} vs ${version}`);
  console.log(`checkov run as \`checkov --directory DIR ${CHECKOV_ARGS.join(' ')}\` over copies of the files named <sha1>/Dockerfile;`);
  console.log(
    `dockerlint run in-process with no config, ${rulesWithCodes(CKV_CODE)} rules (those with a CKV code in their aliases); its findings are mapped to Checkov codes through their aliases.`,
  );
  console.log(
    'unit: (file, code, instruction start line), or (file, code) for the codes Checkov reports on the whole file (and CKV_DOCKER_11, at the first FROM); for the checks that stop at their first finding in a file (CKV_DOCKER_1, 7, 9), dockerlint\'s later findings in that file are counted apart.',
  );
  console.log('agreement = both / (both + checkov only + dockerlint only)');

  const cache = loadCache(version);
  for (const set of fileSets(options)) await report(set, cache);
}

await main();
