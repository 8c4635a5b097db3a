/**
 * The processes and temporary folders external tools have while they run, so that none outlives
 * dockerlint: on SIGINT, SIGTERM, SIGHUP and on exit every live process group is killed and every
 * folder removed. The signal handlers are installed only while something is live, so a library
 * user's own signal handling is untouched the rest of the time; after cleaning up, the signal is
 * raised again so that the process still dies of it (a shell sees 130, 143, 129) unless the host
 * program handles that signal itself.
 *
 * Worker threads get no signals and die with the process without running 'exit' handlers, and a
 * message from them could arrive after the signal. So the main thread shares a scratch folder and a
 * little memory with its workers (createWorkerScratch): a worker makes its folders inside the scratch
 * folder and writes each child's pid into a shared slot, and it does that (make the folder, write the
 * scripts, start ShellCheck, record the pid) inside a gate (startGuarded). On a signal the main
 * thread closes the gate, waits for the workers inside it, kills every recorded pid and removes the
 * scratch folder: nothing a worker starts can be missed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LiveEntry {
  /** A child started with `detached: true`: the leader of its own process group. */
  readonly pid?: number;
  /** A temporary folder to remove. */
  readonly dir?: string;
  /** The memory shared with workers (see createWorkerScratch). */
  readonly workers?: Int32Array;
}

// The shared memory: a flag set when the main thread cleans up, the number of workers inside the gate, pid slots.
const CLOSED = 0;
const INSIDE = 1;
const FIRST_SLOT = 2;
/** Each worker has at most two ShellChecks running, and there are at most four workers. */
const SLOTS = 32;
/** How long the main thread waits for workers to leave the gate: they only make a folder and start a process. */
const GATE_WAIT_MS = 2000;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const live = new Map<number, LiveEntry>();
let nextId = 0;
let installed = false;

/** In a worker: what the main thread shares with it. */
let worker: { readonly dir: string; readonly shared: Int32Array } | undefined;

/** Registers a child or folder; call the returned function once it is gone. */
export function trackLive(entry: LiveEntry): () => void {
  if (worker) return trackInWorker(worker.shared, entry);
  const id = nextId++;
  live.set(id, entry);
  if (!installed) {
    installed = true;
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on('exit', cleanUpAll);
  }
  return () => {
    live.delete(id);
    if (live.size === 0) uninstall();
  };
}

/** Where to make temporary folders: in a worker, the main thread's scratch folder; else the system's. */
export function temporaryParent(): string {
  return worker?.dir ?? tmpdir();
}

/**
 * Runs `start`, which must be synchronous and register what it creates with trackLive, so the main
 * thread cannot miss it; undefined (and `start` not run) when the main thread is already cleaning up.
 */
export function startGuarded<T>(start: () => T): T | undefined {
  if (!worker) return start();
  const shared = worker.shared;
  Atomics.add(shared, INSIDE, 1);
  try {
    return Atomics.load(shared, CLOSED) === 1 ? undefined : start();
  } finally {
    Atomics.sub(shared, INSIDE, 1);
    Atomics.notify(shared, INSIDE);
  }
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

/** In the main thread, before starting workers: what to hand them (`dir`, `state`); `release` when they are done. */
export function createWorkerScratch(): { readonly dir: string; readonly state: SharedArrayBuffer; release(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-shellcheck-'));
  const state = new SharedArrayBuffer((FIRST_SLOT + SLOTS) * Int32Array.BYTES_PER_ELEMENT);
  const entry: LiveEntry = { dir, workers: new Int32Array(state) };
  const untrack = trackLive(entry);
  return {
    dir,
    state,
    release() {
      cleanUp(entry);
      untrack();
    },
  };
}

/** In a worker thread (lint-worker.ts), first: uses what the main thread shares. */
export function joinWorkerScratch(dir: string, state: SharedArrayBuffer): void {
  worker = { dir, shared: new Int32Array(state) };
}

function trackInWorker(shared: Int32Array, entry: LiveEntry): () => void {
  // Folders are inside the scratch folder, which the main thread removes.
  const pid = entry.pid;
  if (pid === undefined) return () => undefined;
  for (let slot = FIRST_SLOT; slot < FIRST_SLOT + SLOTS; slot++) {
    if (Atomics.compareExchange(shared, slot, 0, pid) === 0) return () => void Atomics.compareExchange(shared, slot, pid, 0);
  }
  // More children than slots cannot happen (see SLOTS); if it did, this one could outlive a signal.
  return () => undefined;
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
  for (const entry of live.values()) cleanUp(entry);
  live.clear();
}

function cleanUp(entry: LiveEntry): void {
  if (entry.pid !== undefined) killGroup(entry.pid);
  const shared = entry.workers;
  if (shared) {
    Atomics.store(shared, CLOSED, 1);
    const until = Date.now() + GATE_WAIT_MS;
    for (let inside = Atomics.load(shared, INSIDE); inside > 0 && Date.now() < until; inside = Atomics.load(shared, INSIDE)) {
      Atomics.wait(shared, INSIDE, inside, 50);
    }
    for (let slot = FIRST_SLOT; slot < FIRST_SLOT + SLOTS; slot++) {
      const pid = Atomics.exchange(shared, slot, 0);
      if (pid !== 0) killGroup(pid);
    }
  }
  if (entry.dir !== undefined) {
    try {
      rmSync(entry.dir, { recursive: true, force: true });
    } catch {
      // Best effort while the process ends; nothing else can be done here.
    }
  }
}
