/**
 * Writing a file so that it is never seen half-written: the text goes to a
 * temporary file in the same directory (the same file system), which is then
 * renamed over the target in one step. A run killed during the write leaves the
 * old file (or none), never a truncated one.
 */
import { chmodSync, linkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function writeFileAtomic(path: string, data: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const release = holdSignals();
  try {
    const mode = statSync(path, { throwIfNoEntry: false })?.mode;
    writeFileSync(temporary, data, { flag: 'wx' });
    if (mode !== undefined) chmodSync(temporary, mode & 0o7777);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    release();
  }
}

/**
 * Creates `path` with `data`, never over an existing file (or a symbolic link, dangling or not): the text goes to a
 * temporary file that is then hard-linked to the name, which fails when the name is taken. Returns false then.
 */
export function createFileAtomic(path: string, data: string): boolean {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const release = holdSignals();
  try {
    writeFileSync(temporary, data, { flag: 'wx', mode: 0o644 });
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
    release();
  }
}

/**
 * The write and rename are synchronous, so a signal that arrives meanwhile is
 * handled only after both: a listener makes Node hold it instead of dying
 * mid-write, then re-raises it with the default action. The listeners stay
 * until the event loop has had its turn to deliver a pending signal.
 */
function holdSignals(): () => void {
  const listeners = SIGNALS.map((signal) => {
    const listener = () => {
      remove();
      process.kill(process.pid, signal);
    };
    process.on(signal, listener);
    return { signal, listener };
  });
  function remove(): void {
    for (const { signal, listener } of listeners) process.off(signal, listener);
  }
  return () => {
    setImmediate(remove);
  };
}
