/**
 * `--fix --unsafe-fixes` over a copy of the corpus's Dockerfiles (scripts/corpus-fix.ts): no file parses worse or
 * loses an instruction no fix rewrites, every fixable rule with findings has fewer after, and a second run changes
 * nothing. Skipped, out loud, without the corpus.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusRoot } from '../scripts/peer-files.js';
import { fixCorpusCopy } from '../scripts/corpus-fix.js';
import { missingFolder, titleUnlessMissing } from './support/skip.js';

const source = join(corpusRoot(), 'dockerfiles');
const missing = missingFolder(source);

describe.skipIf(missing !== undefined)(titleUnlessMissing('--fix on a copy of the corpus', missing), () => {
  it('fixes without making a file parse worse, lowers every fixed rule\'s count, and a second run changes nothing', async () => {
    const report = await fixCorpusCopy(source);
    expect(report.changedFiles).toBeGreaterThan(100);
    expect(report.parsesWorse).toEqual([]);
    expect(report.lostInstructions).toEqual([]);
    expect(report.notIdempotent).toEqual([]);
    for (const { rule, before, after } of report.counts) {
      if (before > 0) expect(after, rule).toBeLessThanOrEqual(before);
    }
    // The rules whose every finding has a safe fix (the casing rules) are gone.
    for (const rule of ['instruction-casing', 'from-as-casing']) expect(report.counts.find((c) => c.rule === rule)?.after, rule).toBe(0);
  }, 900_000);
});
