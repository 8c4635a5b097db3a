/**
 * `npm run fuzz -- [--count N] [--seed S] [--out DIR] [--time-bound MS]`:
 * lints N mutated inputs (fixtures, synthesized texts and a sample of the
 * corpus when it is there; ShellCheck off) and checks each one: no exception,
 * no rule failure, every range inside the text, the same result twice, and no
 * lint slower than the bound. Each distinct failure is shrunk and written to
 * DIR (default .fuzz-failures/) with a JSON sidecar. Exit code 1 when any
 * input failed.
 *
 * The inputs run in a child process: a lint that never returns is killed by
 * the watchdog here, written out as a hang, and the run goes on after it.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { emptyCounts, failureClass, writeFailure, type FoundFailure } from './fuzz/campaign.js';
import { fuzzFolder } from './fuzz/harness.js';
import { builtinSeeds, corpusSeeds, makeInput, type SeedText } from './fuzz/inputs.js';
import type { WorkerJob, WorkerMessage } from './fuzz/worker.js';
import { corpusRoot, root } from './peer-files.js';

function commandLine(): ReturnType<typeof parseFuzzArgs> {
  try {
    return parseFuzzArgs();
  } catch (error) {
    console.error(`fuzz: ${(error as Error).message}`);
    process.exit(2);
  }
}

function parseFuzzArgs() {
  return parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: '.fuzz-failures' },
      'time-bound': { type: 'string', default: '2000' },
      'hang-after': { type: 'string', default: '60000' },
      'minimize-ms': { type: 'string', default: '30000' },
      'corpus-sample': { type: 'string', default: '300' },
      'no-corpus': { type: 'boolean', default: false },
    },
  });
}

const { values } = commandLine();

function integer(name: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isSafeInteger(n) || n < 0) {
    console.error(`fuzz: --${name} must be a whole number, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
}

const count = integer('count', values.count);
const seed = integer('seed', values.seed);
const outDir = resolve(root, values.out!);
const timeBoundMs = integer('time-bound', values['time-bound']);
const hangAfterMs = integer('hang-after', values['hang-after']);
const corpus = values['no-corpus'] ? undefined : corpusRoot();
const job = {
  seed,
  outDir,
  timeBoundMs,
  minimizeBudgetMs: integer('minimize-ms', values['minimize-ms']),
  corpus,
  corpusSample: integer('corpus-sample', values['corpus-sample']),
};

const counts = emptyCounts();
const failures: FoundFailure[] = [];
let checked = 0;
let slowest = { index: -1, ms: 0 };
/** The last input the worker finished checking: a hang at that index came while shrinking its failure. */
let lastChecked = -1;

/** Runs inputs `start`.. in a child process until the last one or a hang; returns the input that hung, if one did. */
function runFrom(start: number): Promise<number | undefined> {
  return new Promise((done, fail) => {
    const folder = fuzzFolder();
    const workerJob: WorkerJob = { ...job, start, count: count - start, known: failures.map((f) => failureClass(f.failure)), folder: folder.path };
    const worker = fork(fileURLToPath(new URL('./fuzz/worker.js', import.meta.url)), [JSON.stringify(workerJob)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let current = start;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    // Loading the seeds and the parsers is not an input: the watchdog starts with the first one.
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        worker.kill('SIGKILL');
        done(current);
      }, hangAfterMs);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        if (start === 0) console.error(`fuzz: ${message.seeds} seed texts`);
      } else if (message.type === 'alive') {
        current = message.index;
        arm();
      } else if (message.type === 'checked') {
        checked++;
        lastChecked = message.index;
        if (message.failure) counts[message.failure]++;
        if (message.ms > slowest.ms) slowest = { index: message.index, ms: message.ms };
        if (checked % 5000 === 0) console.error(`fuzz: ${checked} inputs, ${Object.values(counts).reduce((a, b) => a + b)} failed`);
      } else if (message.type === 'failure') {
        show(message.found);
      } else {
        finished = true;
      }
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    worker.once('exit', (code, signal) => {
      clearTimeout(timer);
      // After a hang the promise is already settled and this changes nothing.
      if (finished) done(undefined);
      else fail(new Error(`the fuzz process stopped with ${signal ?? `exit code ${code}`}`));
    });
    children.add(worker);
    worker.once('exit', () => {
      children.delete(worker);
      folder.remove();
    });
  });
}

function show(found: FoundFailure): void {
  failures.push(found);
  const text = found.minimized.length <= 400 ? ` ${JSON.stringify(found.minimized)}` : ` (${found.minimized.length} characters)`;
  console.error(`fuzz: ${found.failure.kind} [${found.failure.signature}] at input ${found.input.index} (${found.input.kind}, ${found.input.origin}, ${found.input.mutations.join('+')})`);
  console.error(`      ${found.failure.message.split('\n')[0]}`);
  console.error(`      shrunk to${text}${found.file ? ` -> ${found.file}` : ''}`);
}

const started = Date.now();
const children = new Set<ReturnType<typeof fork>>();

function summary(): void {
  const seconds = (Date.now() - started) / 1000;
  console.log(`fuzz: seed ${seed}, ${checked} inputs in ${seconds.toFixed(0)} s (${(checked / seconds).toFixed(1)}/s with shrinking), time bound ${timeBoundMs} ms, ShellCheck off`);
  console.log(`fuzz: failed inputs: ${Object.entries(counts).map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
  console.log(`fuzz: slowest input ${slowest.index}: ${Math.round(slowest.ms)} ms`);
  if (failures.length > 0) console.log(`fuzz: ${failures.length} distinct failures written to ${outDir}`);
}

// Stopped early, a long run still says what it found.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    console.log(`fuzz: stopped by ${signal}`);
    summary();
    process.exit(failures.length > 0 ? 1 : 130);
  });
}

async function main(): Promise<number> {
  let seeds: SeedText[] | undefined;
  for (let start = 0; start < count; ) {
    const hungAt = await runFrom(start);
    if (hungAt === undefined) break;
    const whileShrinking = hungAt === lastChecked;
    if (!whileShrinking) checked++;
    counts.hang++;
    seeds ??= [...builtinSeeds(), ...(corpus ? corpusSeeds(corpus, job.corpusSample) : [])];
    const input = makeInput(seeds, seed, hungAt);
    const when = whileShrinking ? 'while shrinking its failure; this is the input before shrinking' : 'not shrunk';
    const failure = { kind: 'hang', signature: '', message: `no result after ${hangAfterMs} ms (${when})` } as const;
    show({ input, failure, minimized: input.text, file: writeFailure(outDir, seed, input, failure, input.text) });
    start = hungAt + 1;
  }
  summary();
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
