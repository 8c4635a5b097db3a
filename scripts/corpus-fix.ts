/**
 * `--fix --unsafe-fixes` on a copy of the corpus's Dockerfiles (with the .dockerignore and requirements files beside
 * them, which fixes read and edit), as the autofix issue asks: what each fixable rule counted before and after, how
 * many fixes the re-parse check dropped, whether any file parses worse or lost an instruction no fix removes, and
 * whether a second run changes anything. `npm run corpus:fix` prints it; test/corpus-fix.test.ts asserts it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LintResult } from '../src/engine/finding.js';
import { fixFiles, rules } from '../src/index.js';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { corpusRoot } from './peer-files.js';

/** Keywords a fix may turn into others or join: `merge-run-layers` joins RUNs, `prefer-copy` writes COPY for ADD, `cache-order` adds a COPY, `maintainer-deprecated` writes LABEL. */
const REWRITTEN = new Set(['RUN', 'ADD', 'COPY', 'MAINTAINER', 'LABEL']);

export interface CorpusFixReport {
  readonly files: number;
  readonly changedFiles: number;
  readonly createdFiles: number;
  readonly applied: number;
  readonly dropped: number;
  /** Per fixable rule: findings before and after. */
  readonly counts: readonly { readonly rule: string; readonly before: number; readonly after: number }[];
  /** Dockerfiles with more `invalid-instruction` findings, or a file dockerlint could no longer analyse. */
  readonly parsesWorse: readonly string[];
  /** Dockerfiles where an instruction no fix rewrites is gone, or all RUNs are. */
  readonly lostInstructions: readonly string[];
  /** Files a second `--fix --unsafe-fixes` would change. */
  readonly notIdempotent: readonly string[];
  readonly seconds: number;
}

function countsByRule(result: LintResult): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of result.files) for (const f of file.findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return counts;
}

function keywordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const instruction of parseDockerfile(text, 'Dockerfile').instructions) counts.set(instruction.keyword, (counts.get(instruction.keyword) ?? 0) + 1);
  return counts;
}

const BROKEN = new Set(['invalid-instruction', 'internal-error', 'file-not-linted']);

function brokenByFile(result: LintResult): Map<string, number> {
  return new Map(result.files.filter((f) => f.kind === 'dockerfile').map((f) => [f.absolutePath, f.findings.filter((x) => BROKEN.has(x.rule)).length + (f.skipped ? 1 : 0)]));
}

/** Fixes a copy of `source` (default: the corpus's dockerfiles folder) in a temporary folder, removed afterwards. */
export async function fixCorpusCopy(source = join(corpusRoot(), 'dockerfiles')): Promise<CorpusFixReport> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-corpus-fix-'));
  try {
    cpSync(source, dir, { recursive: true });
    const options = { cwd: dir, config: false as const, ruleSettings: { shellcheck: 'off' as const } };
    const run = await fixFiles(['.'], { ...options, unsafe: true, write: true });
    const before = run.before;
    const after = run.result;
    const fixable = new Set(rules.filter((r) => r.meta.fixable).map((r) => r.meta.id));
    const countBefore = countsByRule(before);
    const countAfter = countsByRule(after);
    const counts = [...fixable].sort().map((rule) => ({ rule, before: countBefore.get(rule) ?? 0, after: countAfter.get(rule) ?? 0 }));
    const brokenBefore = brokenByFile(before);
    const brokenAfter = brokenByFile(after);
    const parsesWorse = [...brokenAfter].filter(([path, n]) => n > (brokenBefore.get(path) ?? 0)).map(([path]) => path.slice(dir.length + 1));
    const lostInstructions: string[] = [];
    for (const change of run.changes) {
      if (change.created || !before.files.some((f) => f.absolutePath === change.absolutePath && f.kind === 'dockerfile')) continue;
      const was = keywordCounts(change.before);
      const is = keywordCounts(readFileSync(change.absolutePath, 'utf8'));
      const lost = [...was].some(([keyword, n]) => !REWRITTEN.has(keyword) && (is.get(keyword) ?? 0) !== n) || ((was.get('RUN') ?? 0) > 0 && (is.get('RUN') ?? 0) === 0);
      if (lost) lostInstructions.push(change.path);
    }
    const second = await fixFiles(['.'], { ...options, unsafe: true, write: false });
    return {
      files: before.files.length,
      changedFiles: run.changes.filter((c) => !c.created && c.after !== c.before).length,
      createdFiles: run.changes.filter((c) => c.created).length,
      applied: run.changes.reduce((n, c) => n + c.applied, 0),
      dropped: run.changes.reduce((n, c) => n + c.dropped.length, 0),
      counts,
      parsesWorse,
      lostInstructions,
      notIdempotent: second.changes.filter((c) => c.after !== c.before).map((c) => c.path),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await fixCorpusCopy(process.argv[2]);
  console.log(`${report.files} files; ${report.changedFiles} changed, ${report.createdFiles} created; ${report.applied} fixes applied, ${report.dropped} dropped by the re-parse check; ${report.seconds} s`);
  console.log('| rule | before | after |\n| --- | --- | --- |');
  for (const { rule, before, after } of report.counts) console.log(`| \`${rule}\` | ${before} | ${after} |`);
  console.log(`parses worse: ${report.parsesWorse.length} ${report.parsesWorse.slice(0, 10).join(' ')}`);
  console.log(`lost instructions: ${report.lostInstructions.length} ${report.lostInstructions.slice(0, 10).join(' ')}`);
  console.log(`changed by a second run: ${report.notIdempotent.length} ${report.notIdempotent.slice(0, 10).join(' ')}`);
}
