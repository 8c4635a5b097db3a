/**
 * The processes and temporary folders external tools have while they run, so that none outlives
 * dockerlint: on SIGINT, SIGTERM, SIGHUP and on exit every live process group is killed and every
 * folder removed. The signal handlers are installed only while something is live, so a library
 * user's own signal handling is untouched the rest of the time; after cleaning up, the signal is
 * raised again so that the process still dies of it (a shell sees 130, 143, 129) unless the host
 * program handles that signal itself.
 *
 * Worker threads get no signals and die with the process without running 'exit' handlers, so a
 * worker sends each entry to the main thread (parallel.ts passes it to acceptFromWorker), which
 * cleans up for the whole process.
 */
import { rmSync } from 'node:fs';
import { isMainThread, parentPort } from 'node:worker_threads';

export interface LiveEntry {
  /** A child started with `detached: true`: the leader of its own process group. */
  readonly pid?: number;
  /** A temporary folder to remove. */
  readonly dir?: string;
}

/** The key of the messages a worker sends about its entries. */
const MESSAGE_KEY = 'dockerlintLiveEntry';
interface LiveMessage {
  readonly [MESSAGE_KEY]: 'track' | 'release';
  readonly id: string;
  readonly entry?: LiveEntry;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const live = new Map<string, LiveEntry>();
let nextId = 0;
let installed = false;

/** Registers a child or folder; call the returned function once it is gone. */
export function trackLive(entry: LiveEntry): () => void {
  const id = String(nextId++);
  add(id, entry);
  if (!isMainThread) parentPort?.postMessage({ [MESSAGE_KEY]: 'track', id, entry } satisfies LiveMessage);
  return () => {
    remove(id);
    if (!isMainThread) parentPort?.postMessage({ [MESSAGE_KEY]: 'release', id } satisfies LiveMessage);
  };
}

/** Kills a tracked child's whole process group (ShellCheck and anything it started). */
export function killGroup(pid: number): void {
  try {
    // A negative pid is the process group; Windows has none, so only the child itself.
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** In the main thread: takes a worker's message about its entries; false when the message is not one. */
export function acceptFromWorker(workerId: number, message: unknown): boolean {
  if (typeof message !== 'object' || message === null || !(MESSAGE_KEY in message)) return false;
  const { [MESSAGE_KEY]: kind, id, entry } = message as LiveMessage;
  if (kind === 'track' && entry) add(`${workerId}:${id}`, entry);
  else remove(`${workerId}:${id}`);
  return true;
}

/** In the main thread, when a worker has ended: cleans up what it left (it only can if it crashed). */
export function releaseWorker(workerId: number): void {
  for (const key of [...live.keys()]) {
    if (!key.startsWith(`${workerId}:`)) continue;
    cleanUp(live.get(key)!);
    remove(key);
  }
}

function add(id: string, entry: LiveEntry): void {
  live.set(id, entry);
  if (!installed && isMainThread) {
    installed = true;
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on('exit', cleanUpAll);
  }
}

function remove(id: string): void {
  live.delete(id);
  if (live.size === 0) uninstall();
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  process.removeListener('exit', cleanUpAll);
}

function onSignal(signal: NodeJS.Signals): void {
  cleanUpAll();
  uninstall();
  // With no listener left, Node restores the default action: raising the signal again ends the process as it would have.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function cleanUpAll(): void {
  // Processes first: a folder is removed once nothing is writing to or reading from it.
  const entries = [...live.values()];
  for (const entry of entries) if (entry.pid !== undefined) killGroup(entry.pid);
  for (const entry of entries) if (entry.dir !== undefined) cleanUp({ dir: entry.dir });
  live.clear();
}

function cleanUp(entry: LiveEntry): void {
  if (entry.pid !== undefined) killGroup(entry.pid);
  if (entry.dir !== undefined) {
    try {
      rmSync(entry.dir, { recursive: true, force: true });
    } catch {
      // Best effort while the process ends; nothing else can be done here.
    }
  }
}
