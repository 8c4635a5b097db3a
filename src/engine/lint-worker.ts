/** A worker thread's share of a large run (see parallel.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { lintDiscovered } from './lint.js';
import type { WorkerInput } from './parallel.js';
import { joinWorkerScratch } from './external-tools/live-children.js';
// The worker is an entry point, like the CLI: it chooses the built-in rules (only a run without `options.rules` uses workers).
import { rules } from '../../rules/index.js';

const input = workerData as WorkerInput;
joinWorkerScratch(input.scratch.dir, input.scratch.state);
const { rules: _rules, ...result } = await lintDiscovered(input.files, input.options, rules);
parentPort!.postMessage(result);
