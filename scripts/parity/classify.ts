/**
 * How `npm run parity` classifies what hadolint and dockerlint report on a set
 * of files: distinct (file, instruction start line, DL code) units found by
 * both or by one only, and each lone unit explained by the first deliberate
 * difference of scripts/parity/ that matches it, or left unexplained.
 * The parity report and test/parity-fixtures.test.ts share it.
 */
import { readFileSync } from 'node:fs';
import { parseDockerfile, type DockerfileModel } from '../../src/model/dockerfile.js';
import { findPeerCode } from '../../src/peers/codes.js';
import { dockerlintHits, type Hit } from '../peer-files.js';
import type { Difference, Disagreement } from './difference.js';
import { DL_CODE, type HadolintResult } from './hadolint.js';
import { differences } from './index.js';

export interface CodeStats {
  readonly code: string;
  readonly both: Hit[];
  readonly hadolintOnly: Hit[];
  readonly dockerlintOnly: Hit[];
}

/** The lone findings of one side of one code, sorted by the deliberate difference that explains them. */
export interface Explained {
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

export function compare(hadolint: Iterable<Hit>, dockerlint: Iterable<Hit>): CodeStats[] {
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

export function agreement(s: CodeStats): number {
  return s.both.length / (s.both.length + s.hadolintOnly.length + s.dockerlintOnly.length);
}

/** Codes that fire at least 10 times with agreement under 95%: their disagreements must all be explained. */
export function underTarget(s: CodeStats): boolean {
  return s.both.length + s.hadolintOnly.length + s.dockerlintOnly.length >= 10 && agreement(s) < 0.95;
}

export interface Verdict {
  readonly stats: CodeStats;
  readonly hadolintOnly: Explained;
  readonly dockerlintOnly: Explained;
  readonly unexplained: number;
  /** `ok`: 95% or more, or fewer than 10 findings; `documented`: under, but every disagreement explained; `⚠` otherwise. */
  readonly status: 'ok' | 'documented' | '⚠';
}

export function judge(s: CodeStats): Verdict {
  const hadolintOnly = explain(s.hadolintOnly, 'hadolint');
  const dockerlintOnly = explain(s.dockerlintOnly, 'dockerlint');
  const unexplained = hadolintOnly.unexplained.length + dockerlintOnly.unexplained.length;
  const status = !underTarget(s) ? 'ok' : unexplained === 0 ? 'documented' : '⚠';
  return { stats: s, hadolintOnly, dockerlintOnly, unexplained, status };
}

/** What the comparison of one set of files found. */
export interface Classification {
  /** The files compared: those hadolint parsed and dockerlint did not skip. */
  readonly kept: readonly string[];
  /** Files hadolint cannot parse (DL1000), with its message. */
  readonly unparsable: readonly string[];
  /** Files whose hadolint run failed. */
  readonly failed: readonly string[];
  /** Files dockerlint skipped, and its notes. */
  readonly skipped: readonly string[];
  readonly notes: readonly string[];
  /** dockerlint's findings under codes hadolint has removed: not compared. */
  readonly removed: readonly CodeStats[];
  readonly verdicts: readonly Verdict[];
}

/** Lints `files` with dockerlint and classifies its DL findings against hadolint's results (`theirs`, one per file). */
export async function classify(files: readonly string[], theirs: ReadonlyMap<string, HadolintResult>): Promise<Classification> {
  const unparsable = files.filter((f) => theirs.get(f)!.findings.some((h) => h.code === 'DL1000'));
  const failed = files.filter((f) => theirs.get(f)!.failed);
  const left = new Set([...unparsable, ...failed]);
  const ours = await dockerlintHits(files.filter((f) => !left.has(f)), DL_CODE);
  for (const f of ours.skipped) left.add(f);
  const kept = files.filter((f) => !left.has(f));

  const theirHits = kept.flatMap((path) => theirs.get(path)!.findings.map((h) => ({ path, line: h.line, code: h.code, detail: h.message })));
  // Codes hadolint has removed are aliases for old pragmas only: this hadolint cannot report them.
  const isRemoved = (code: string) => findPeerCode(code)?.deprecated === true;
  const ourHits = kept.flatMap((path) => ours.hits.get(path) ?? []);
  const removed = compare([], ourHits.filter((h) => isRemoved(h.code)));
  const verdicts = compare(theirHits, ourHits.filter((h) => !isRemoved(h.code))).map(judge);
  return { kept, unparsable, failed, skipped: ours.skipped, notes: ours.notes, removed, verdicts };
}
