/**
 * A fuzz run: inputs `start` to `start + count - 1` of a seed, each checked
 * (harness.ts), failures shrunk and written out, with counts per failure kind
 * and the slowest input. The vitest test and `npm run fuzz` both run this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkInput, minimize, type CheckOptions, type Failure, type FailureKind } from './harness.js';
import { makeInput, type FuzzInput, type SeedText } from './inputs.js';

export interface FoundFailure {
  readonly input: FuzzInput;
  readonly failure: Failure;
  readonly minimized: string;
  /** The file written, when there is an output folder. */
  readonly file?: string;
}

export interface CampaignOptions extends CheckOptions {
  readonly seed: number;
  readonly start?: number;
  readonly count: number;
  readonly seeds: readonly SeedText[];
  /** Where failing inputs go (created when needed); none: not written. */
  readonly outDir?: string;
  /** Shrinking time per failure class (milliseconds). */
  readonly minimizeBudgetMs: number;
  /** Shrink only the first this many failure classes (default: all); the others are kept as found. */
  readonly maxMinimized?: number;
  /** Stop after checking inputs for this long (milliseconds, shrinking not counted), even if fewer than `count` ran. */
  readonly wallBudgetMs?: number;
  /** Failure classes (`kind signature`) already found, and not to be shrunk and written again. */
  readonly known?: readonly string[];
  /** Called before each input, with its index. */
  readonly onInput?: (index: number) => void;
  /** Called after each input is checked, with how it failed (if it did) and how long its slower lint took. */
  readonly onChecked?: (index: number, failure: FailureKind | undefined, ms: number) => void;
  readonly onFailure?: (found: FoundFailure) => void;
}

export interface CampaignResult {
  readonly inputs: number;
  readonly elapsedMs: number;
  /** The time spent checking inputs: the elapsed time less the shrinking. */
  readonly checkingMs: number;
  /** Inputs that failed, per kind. */
  readonly counts: Readonly<Record<FailureKind, number>>;
  /** The first input of each distinct failure (kind and signature), shrunk. */
  readonly failures: readonly FoundFailure[];
  readonly slowest: { readonly index: number; readonly ms: number; readonly mutations: readonly string[]; readonly origin: string };
}

/** Failures of one class are taken for the same bug. */
export function failureClass(failure: Failure): string {
  return `${failure.kind} ${failure.signature}`;
}

export function emptyCounts(): Record<FailureKind, number> {
  return { crash: 0, 'rule-error': 0, 'invalid-range': 0, 'range-outside-raw-text': 0, nondeterministic: 0, slow: 0, hang: 0 };
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const start = options.start ?? 0;
  const counts = emptyCounts();
  const failures: FoundFailure[] = [];
  const seen = new Set<string>(options.known);
  let slowest: CampaignResult['slowest'] = { index: -1, ms: 0, mutations: [], origin: '' };
  const began = performance.now();
  let inputs = 0;
  let shrinkingMs = 0;
  for (let index = start; index < start + options.count; index++) {
    if (options.wallBudgetMs !== undefined && performance.now() - began - shrinkingMs > options.wallBudgetMs) break;
    options.onInput?.(index);
    const input = makeInput(options.seeds, options.seed, index);
    const { failure, ms } = await checkInput(input.text, input.kind, options);
    inputs++;
    options.onChecked?.(index, failure?.kind, ms);
    if (ms > slowest.ms) slowest = { index, ms, mutations: input.mutations, origin: input.origin };
    if (!failure) continue;
    counts[failure.kind]++;
    // One shrunk example per bug: the same kind and signature is taken for the same bug.
    const key = failureClass(failure);
    if (seen.has(key)) continue;
    seen.add(key);
    const shrink = failures.length < (options.maxMinimized ?? Infinity);
    const shrinkStart = performance.now();
    const minimized = shrink ? await minimize(input.text, input.kind, failure, { ...options, budgetMs: options.minimizeBudgetMs }) : input.text;
    // The message of the shrunk input: its line and column numbers are the ones to look at.
    const shrunk = shrink ? ((await checkInput(minimized, input.kind, options)).failure ?? failure) : failure;
    shrinkingMs += performance.now() - shrinkStart;
    const found: FoundFailure = { input, failure: shrunk, minimized, file: options.outDir ? writeFailure(options.outDir, options.seed, input, shrunk, minimized) : undefined };
    failures.push(found);
    options.onFailure?.(found);
  }
  return { inputs, elapsedMs: performance.now() - began, checkingMs: performance.now() - began - shrinkingMs, counts, failures, slowest };
}

/** Writes the shrunk input as `<seed>-<index>-<failure kind>.<file name>` and a JSON sidecar beside it; returns the input's path. */
export function writeFailure(outDir: string, runSeed: number, input: FuzzInput, failure: Failure, minimized: string): string {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `${runSeed}-${input.index}-${failure.kind}`);
  const file = `${base}.${input.filename.replace(/^\./, '')}`;
  writeFileSync(file, minimized);
  const sidecar = {
    seed: runSeed,
    index: input.index,
    inputSeed: input.seed,
    origin: input.origin,
    kind: input.kind,
    filename: input.filename,
    mutations: input.mutations,
    failure: failure.kind,
    signature: failure.signature,
    message: failure.message,
    minimized: file,
    originalLength: input.text.length,
    minimizedLength: minimized.length,
  };
  writeFileSync(`${base}.json`, `${JSON.stringify(sidecar, null, 2)}\n`);
  return file;
}
