/**
 * The fuzz test: mutated fixtures and synthesized texts of the three kinds,
 * with a fixed seed, for about a minute. Each input must lint without an
 * exception or a rule failure, with every range inside the text, the same
 * result twice, and within a time bound. `npm run fuzz -- --count N --seed S`
 * runs the same inputs at length (scripts/fuzz.ts).
 *
 * The harness is tested first: a fuzz that cannot see a failure would pass
 * whatever the linter does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCampaign, type FoundFailure } from '../scripts/fuzz/campaign.js';
import { checkInput, fuzzFolder, rangeProblem, shrink } from '../scripts/fuzz/harness.js';
import { builtinSeeds, makeInput } from '../scripts/fuzz/inputs.js';
import { range } from '../src/model/position.js';
import { defineRule, type Rule } from '../src/engine/rule.js';

const folder = fuzzFolder();
afterAll(() => folder.remove());

/** A rule for the harness's own tests: reports what `report` says on every Dockerfile. */
function testRule(id: string, check: Rule['checkDockerfile']): Rule {
  const docs = { rationale: 'test', bad: 'FROM a', good: 'FROM a' };
  return defineRule({ meta: { id, aliases: [], severity: 'warning', category: 'correctness', summary: 'test', docs, fixable: false }, checkDockerfile: check });
}

describe('the fuzz harness', () => {
  it('accepts ranges inside the lines and rejects those outside', () => {
    const lines = ['FROM a', '', 'RUN b'];
    expect(rangeProblem(range(1, 1, 1, 7), lines)).toBeUndefined();
    expect(rangeProblem(range(2, 1, 2, 1), lines)).toBeUndefined();
    expect(rangeProblem(range(1, 1, 3, 6), lines)).toBeUndefined();
    expect(rangeProblem(range(0, 1, 1, 1), lines)).toMatch(/start line 0/);
    expect(rangeProblem(range(1, 1, 4, 1), lines)).toMatch(/end line 4/);
    expect(rangeProblem(range(1, 8, 1, 8), lines)).toMatch(/start column 8/);
    expect(rangeProblem(range(2, 1, 2, 2), lines)).toMatch(/end column 2/);
    expect(rangeProblem(range(1, 0, 1, 1), lines)).toMatch(/start column 0/);
    expect(rangeProblem(range(1, 5, 1, 3), lines)).toBe('end is before start');
    expect(rangeProblem(range(3, 1, 1, 1), lines)).toBe('end is before start');
    expect(rangeProblem(range(1, 1.5, 1, 2), lines)).toMatch(/whole numbers/);
  });

  it('makes the same input from the same seed and index, and different inputs from different indices', () => {
    const seeds = builtinSeeds();
    expect(seeds.map((s) => s.kind)).toEqual(expect.arrayContaining(['dockerfile', 'requirements', 'dockerignore']));
    const texts = Array.from({ length: 50 }, (_, i) => makeInput(seeds, 7, i).text);
    expect(Array.from({ length: 50 }, (_, i) => makeInput(seeds, 7, i).text)).toEqual(texts);
    expect(new Set(texts).size).toBeGreaterThan(45);
    expect(makeInput(seeds, 8, 0).text).not.toBe(texts[0]);
  });

  it('sees a rule that reports a range outside the text (the engine fails it), one that throws, and one that answers differently twice', async () => {
    const options = { cwd: folder.path, timeBoundMs: 60_000 };
    const outside = testRule('outside', (file, context) => context.report({ range: range(file.lines.length + 1, 1, file.lines.length + 1, 2), message: 'x' }));
    const throws = testRule('throws', () => {
      throw new Error('boom');
    });
    let calls = 0;
    const flaky = testRule('flaky', (_file, context) => {
      if (calls++ % 2 === 0) context.report({ range: range(1, 1, 1, 2), message: 'x' });
    });
    const fine = testRule('fine', (_file, context) => context.report({ range: range(1, 1, 1, 2), message: 'x' }));
    const verdict = async (rule: Rule) => (await checkInput('FROM a\n', 'dockerfile', { ...options, rules: [rule] })).failure;
    expect(await verdict(outside)).toMatchObject({ kind: 'rule-error', signature: 'outside' });
    expect((await verdict(outside))?.message).toContain('it reported a range outside the file');
    expect(await verdict(throws)).toMatchObject({ kind: 'rule-error', signature: 'throws' });
    expect(await verdict(flaky)).toMatchObject({ kind: 'nondeterministic' });
    expect(await verdict(fine)).toBeUndefined();
    const slow = await checkInput('FROM a\n', 'dockerfile', { ...options, timeBoundMs: -1, rules: [fine] });
    expect(slow.failure).toMatchObject({ kind: 'slow' });
  });

  it("checks a .dockerignore also as a build context's ignore file, with its file names", async () => {
    // Reports a range outside the text when the context's long-named file is ignored, so the verdict shows the patterns ran.
    const ignoredLongName = testRule('ignored-long-name', (file, context) => {
      if (context.project.contextOf(file).isIgnored('a'.repeat(64))) context.report({ range: range(99, 1, 99, 2), message: 'x' });
    });
    const options = { cwd: folder.path, timeBoundMs: 60_000, rules: [ignoredLongName] };
    expect((await checkInput('*a\n', 'dockerignore', options)).failure).toMatchObject({
      kind: 'rule-error',
      signature: "as a build context's ignore file: ignored-long-name",
    });
    expect((await checkInput('b*\n', 'dockerignore', options)).failure).toBeUndefined();
  });

  it('shrinks a failing input to what still fails', async () => {
    const text = 'FROM a\nRUN b\r\nRUN cXd\nUSER e\n';
    expect(await shrink(text, async (t) => t.includes('X'), Infinity)).toBe('X');
    // Line breaks are kept with their line while lines are dropped.
    expect(await shrink(text, async (t) => /\r\n.*X/.test(t), Infinity)).toBe('\r\nX');
  });
});

/** Inputs the test tries at most; it stops earlier when its time is up. */
const COUNT = 10_000;
const SEED = 20_251_207;
/**
 * Checking time, shrinking not counted: enough for all 10,000 inputs on this kind of machine (about 100 a second,
 * each linted twice), with room for a slower run; the inputs and their order never depend on it.
 */
const WALL_MS = 200_000;

describe('the fuzz', () => {
  it(`lints mutated inputs (seed ${SEED}) without a crash, an invalid range, a different second result or a slow input`, async () => {
    const failures: FoundFailure[] = [];
    const result = await runCampaign({
      seed: SEED,
      count: COUNT,
      seeds: builtinSeeds(),
      cwd: folder.path,
      // Looser than `npm run fuzz`'s 2 s: the test shares two cores with the rest of the suite (the slowest input
      // seen here took 3 s under that load); a blow-up (exponential, quadratic on a long line) still exceeds it.
      timeBoundMs: 10_000,
      wallBudgetMs: WALL_MS,
      minimizeBudgetMs: 5_000,
      maxMinimized: 5,
      onFailure: (found) => failures.push(found),
    });
    const rate = result.inputs / (result.checkingMs / 1000);
    console.log(
      `fuzz: ${result.inputs} inputs in ${(result.checkingMs / 1000).toFixed(0)} s (${rate.toFixed(0)}/s; ${(result.elapsedMs / 1000).toFixed(0)} s with shrinking); ` +
        `slowest: input ${result.slowest.index}, ${Math.round(result.slowest.ms)} ms; failed: ${JSON.stringify(result.counts)}`,
    );
    expect(result.inputs).toBeGreaterThan(0);
    expect(result.inputs, 'the fuzz ran out of time before its 10,000 inputs').toBe(COUNT);
    const report = failures.map(
      (f) =>
        `${f.failure.kind} [${f.failure.signature}] at input ${f.input.index} (${f.input.kind} from ${f.input.origin}, ${f.input.mutations.join('+')}): ` +
        `${f.failure.message.split('\n')[0]}\n  input: ${JSON.stringify(f.minimized.slice(0, 2000))}${f.minimized.length > 2000 ? ` (${f.minimized.length} characters)` : ''}`,
    );
    expect(report.join('\n'), `reproduce with: npm run fuzz -- --seed ${SEED} --count ${result.inputs} --no-corpus`).toBe('');
  }, 400_000);
});
