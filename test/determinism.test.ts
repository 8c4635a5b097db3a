/**
 * A run split across worker threads prints the same bytes as a run in one
 * thread (src/engine/parallel.ts), on a slice of the shared corpus just big
 * enough to be split: the real build contexts, whose requirements files are
 * reached across the workers' shares, and a sample of the Dockerfiles.
 * `npm run determinism` checks the whole corpus. Skipped without the corpus.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARALLEL_MIN_FILES } from '../src/engine/parallel.js';
import { corpusRoot, lintableFiles } from '../scripts/peer-files.js';
import { firstDifference, lintAsProcess } from '../scripts/determinism.js';
import { missingFolder, titleUnlessMissing } from './support/skip.js';

const corpus = corpusRoot();
const missing = missingFolder(join(corpus, 'contexts')) ?? missingFolder(join(corpus, 'dockerfiles'));

const lintable = (dir: string): string[] => lintableFiles(dir, corpus);

describe.skipIf(missing !== undefined)(titleUnlessMissing('linting in worker threads', missing), () => {
  it('prints the same JSON and notes as linting in one thread', () => {
    const dockerfiles = lintable(join(corpus, 'dockerfiles')).sort();
    const step = Math.floor(dockerfiles.length / 200);
    const files = [...lintable(join(corpus, 'contexts')), ...dockerfiles.filter((_, i) => i % step === 0)].sort();
    // Fewer files than this and both runs would use one thread: the test would compare a run with itself.
    expect(files.length).toBeGreaterThanOrEqual(PARALLEL_MIN_FILES + 50);
    const single = lintAsProcess(files, '1');
    const parallel = lintAsProcess(files, '2');
    expect(single.status, single.stderr).toBe(1);
    expect(JSON.parse(single.stdout.toString('utf8')).summary.files).toBeGreaterThanOrEqual(files.length);
    expect(firstDifference(single.stdout, parallel.stdout)).toBeUndefined();
    expect(parallel.stderr).toBe(single.stderr);
  }, 300_000);
});
