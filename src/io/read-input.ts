/**
 * Reading a file to lint, under one policy for every kind (Dockerfile,
 * .dockerignore, requirements): only regular files are opened, never more than
 * MAX_FILE_BYTES are read, and a file that cannot be linted says why instead of
 * passing silently.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** No real Dockerfile, ignore file or requirements file comes near this; a larger one is not read. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** How much of a file is searched for a NUL byte, the sign of a binary file (as git and grep decide). */
const BINARY_SNIFF_BYTES = 8000;

export type InputRead = { readonly text: string } | { readonly problem: string };

/**
 * Texts that stand for files on disk during one run (`LintOptions.buffers`): an editor's unsaved buffers, the files a
 * `--fix` pass has changed but not written. Keyed by absolute path. A store for the run rather than a parameter:
 * every read of the run (the linted files, the requirements files Dockerfiles reach, the heads rules look at) goes
 * through this module, several calls below the engine, and concurrent runs (a language server's) each see their own.
 */
const runBuffers = new AsyncLocalStorage<ReadonlyMap<string, string>>();

/** Runs `fn` with `buffers` standing for the files at their paths (nothing changes when there are none). */
export function withBuffers<T>(buffers: ReadonlyMap<string, string> | undefined, fn: () => T): T {
  return buffers && buffers.size > 0 ? runBuffers.run(buffers, fn) : fn();
}

/** The unsaved text standing for the file at `path` in this run, if any. */
export function bufferAt(path: string): string | undefined {
  return runBuffers.getStore()?.get(path);
}

/**
 * The text of `path`, or why it cannot be linted. `O_NONBLOCK` keeps the open
 * of a FIFO from waiting for a writer; the type is checked on the open file, so
 * a path swapped for a device between discovery and reading is refused too.
 */
export function readInputFile(path: string): InputRead {
  const buffer = bufferAt(path);
  if (buffer !== undefined) return buffer.length > MAX_FILE_BYTES ? { problem: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` } : { text: buffer };
  let fd: number;
  try {
    // Checked before the open too: opening some devices has effects of its own.
    if (!statSync(path).isFile()) return { problem: 'not a regular file' };
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { problem: `cannot read: ${describeFsError(error)}` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { problem: 'not a regular file' };
    if (stats.size > MAX_FILE_BYTES) return { problem: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
    // Read at most one byte past the limit: the file may grow while it is read.
    const buffer = Buffer.alloc(Math.min(stats.size, MAX_FILE_BYTES) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) {
        if (length > MAX_FILE_BYTES) return { problem: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
        break;
      }
    }
    return decode(buffer.subarray(0, length));
  } catch (error) {
    return { problem: `cannot read: ${describeFsError(error)}` };
  } finally {
    closeSync(fd);
  }
}

/** Text as BuildKit and pip read it: UTF-8 (a UTF-8 BOM is allowed). */
function decode(bytes: Uint8Array): InputRead {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { problem: 'UTF-16 encoded: Docker and pip read UTF-8, so this file does not build as written' };
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { problem: 'binary file (it has a NUL byte)' };
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ?? (error as Error).message;
  }
}

/** The first `bytes` bytes of a file as latin1 text (a header to recognise, not text to lint), or undefined when it cannot be read. */
export function readFileHead(path: string, bytes: number): string | undefined {
  const buffer = bufferAt(path);
  if (buffer !== undefined) return Buffer.from(buffer, 'utf8').toString('latin1', 0, bytes);
  let fd: number | undefined;
  try {
    // A FIFO or device named like a secret (`id.pem`) must not block the run or be read: the same checks as
    // readInputFile, before the open (opening some devices has effects) and on what was opened.
    if (!statSync(path).isFile()) return undefined;
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(bytes);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('latin1', 0, length);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
