/**
 * The child process that runs `npm run fuzz`'s inputs, so that the parent can
 * kill it when one lint never returns (scripts/fuzz.ts). A process, not a
 * worker thread: Worker.terminate() does not stop a thread stuck in a long
 * regular expression match or string build, which then runs on unseen. It reports each
 * input before and after checking it, and each distinct failure, shrunk.
 */
import { runCampaign, type FoundFailure } from './campaign.js';
import type { FailureKind } from './harness.js';
import { builtinSeeds, corpusSeeds } from './inputs.js';

export interface WorkerJob {
  readonly seed: number;
  readonly start: number;
  readonly count: number;
  readonly outDir: string;
  readonly timeBoundMs: number;
  readonly minimizeBudgetMs: number;
  /** The corpus to sample seed texts from, if any. */
  readonly corpus: string | undefined;
  readonly corpusSample: number;
  /** Failure classes found before a restart. */
  readonly known: readonly string[];
  /** The folder to lint in (fuzzFolder()); the parent removes it, even after killing this process. */
  readonly folder: string;
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly seeds: number }
  | { readonly type: 'alive'; readonly index: number }
  | { readonly type: 'checked'; readonly index: number; readonly failure: FailureKind | undefined; readonly ms: number }
  | { readonly type: 'failure'; readonly found: FoundFailure }
  | { readonly type: 'done' };

const job = JSON.parse(process.argv[2]) as WorkerJob;
const post = (message: WorkerMessage): void => void process.send!(message);
const seeds = [...builtinSeeds(), ...(job.corpus ? corpusSeeds(job.corpus, job.corpusSample) : [])];
post({ type: 'ready', seeds: seeds.length });
let current = job.start;
try {
  await runCampaign({
    seed: job.seed,
    start: job.start,
    count: job.count,
    seeds,
    cwd: job.folder,
    outDir: job.outDir,
    timeBoundMs: job.timeBoundMs,
    minimizeBudgetMs: job.minimizeBudgetMs,
    known: job.known,
    onInput: (index) => {
      current = index;
      post({ type: 'alive', index });
    },
    onCheck: () => post({ type: 'alive', index: current }),
    onChecked: (index, failure, ms) => post({ type: 'checked', index, failure, ms }),
    onFailure: (found) => post({ type: 'failure', found }),
  });
  post({ type: 'done' });
} finally {
  // The parent exits when this process does: close the channel once the last message is out.
  process.disconnect();
}
