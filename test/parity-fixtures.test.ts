/**
 * The parity classification (scripts/parity/) run over the fixtures, against hadolint's results recorded in
 * test/parity/hadolint-fixtures.json: which DL findings both tools report, and which deliberate difference explains
 * each finding only one of them reports. The reviewed snapshot pins every explanation, so a change to a rule's DL
 * findings or to an explanation shows here without hadolint. After changing fixtures: `npm run parity:fixtures`
 * (needs hadolint), then this test with `-u`, and review both diffs.
 */
import { describe, expect, it } from 'vitest';
import { classify, type Classification, type Explained } from '../scripts/parity/classify.js';
import { fixtureDockerfiles, readFixtureResults, recordedResults } from '../scripts/parity/fixture-results.js';
import { show, type Hit } from '../scripts/peer-files.js';

/** Per fixture, one line per (line, DL code) unit: found by both, or by one side with its explanation. */
function render(c: Classification): string {
  const rows: { path: string; line: number; code: string; text: string }[] = [];
  const add = (hits: readonly Hit[], text: string) => {
    for (const hit of hits) rows.push({ path: show(hit.path), line: hit.line, code: hit.code, text });
  };
  const lone = (side: string, explained: Explained) => {
    for (const [reason, hits] of explained.byReason) add(hits, `${side} only, explained (${reason.rule}): ${reason.reason}`);
    add(explained.unexplained, `${side} only, UNEXPLAINED`);
  };
  for (const v of c.verdicts) {
    add(v.stats.both, 'both');
    lone('hadolint', v.hadolintOnly);
    lone('dockerlint', v.dockerlintOnly);
  }
  rows.sort((a, b) => (a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.line - b.line || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
  const leftOut = [
    ...c.unparsable.map((f) => `${show(f)}: hadolint cannot parse it (DL1000)`),
    ...c.failed.map((f) => `${show(f)}: hadolint failed`),
    ...c.skipped.map((f) => `${show(f)}: dockerlint skipped it`),
  ].sort();
  const out: string[] = [
    `compared: ${c.kept.length} fixtures`,
    `codes removed from hadolint, not compared: ${c.removed.map((s) => `${s.code} ${s.dockerlintOnly.length}`).join(', ') || 'none'}`,
    `left out: ${leftOut.length}`,
    ...leftOut.map((line) => `  ${line}`),
  ];
  let path = '';
  for (const row of rows) {
    if (row.path !== path) out.push('', (path = row.path));
    out.push(`  ${row.line} ${row.code} ${row.text}`);
  }
  return `${out.join('\n')}\n`;
}

describe('parity classification over the fixtures', () => {
  const files = fixtureDockerfiles();
  const { results, stale } = recordedResults(files, readFixtureResults());

  it("has hadolint's results for every fixture as it is now", () => {
    expect(stale, `hadolint's recorded results are missing or stale for these fixtures: run \`npm run parity:fixtures\` (needs hadolint) and review the diff`).toEqual([]);
  });

  it('explains every disagreement, as the reviewed snapshot says', async () => {
    const classification = await classify(
      files.filter((f) => results.has(f)),
      results,
    );
    const unexplained = classification.verdicts.flatMap((v) => [...v.hadolintOnly.unexplained, ...v.dockerlintOnly.unexplained]);
    expect(unexplained.map((h) => `${show(h.path)}:${h.line} ${h.code}`), 'disagreements with hadolint that no entry of scripts/parity/ explains').toEqual([]);
    expect(classification.kept.length).toBeGreaterThan(100);
    await expect(render(classification)).toMatchFileSnapshot('parity/fixtures-classification.txt');
  });
});
