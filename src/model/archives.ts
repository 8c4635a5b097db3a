/** Commands that unpack an archive. */
import type { ShellCommand } from './shell.js';

/** Decompressors that unpack the outer layer of a compressed tarball. */
const DECOMPRESSORS = new Set(['unzip', 'gunzip', 'bunzip2', 'unlzma', 'unxz', 'zgz', 'uncompress', 'zcat', 'gzcat']);

/** True for a command that unpacks an archive: `tar` extracting (`-x`, `--extract`, `--get`, `tar xzf`), or a decompressor. */
export function extractsArchive(command: ShellCommand): boolean {
  if (DECOMPRESSORS.has(command.name)) return true;
  if (command.name !== 'tar') return false;
  if (isOldStyleTarExtract(command)) return true;
  return command.args.some((w) => w.value === '--extract' || w.value === '--get' || /^-[A-Za-z]*x/.test(w.value));
}

/** `tar xzf file`: the old form, whose first word is a bundle of letters without a dash. */
export function isOldStyleTarExtract(command: ShellCommand): boolean {
  const first = command.args[0]?.value ?? '';
  return command.name === 'tar' && /^[A-Za-z]+$/.test(first) && first.includes('x');
}

/**
 * True when a file's first bytes (read as latin1) are those of an archive `ADD` unpacks: a tar file (`ustar` at 257),
 * or one compressed with gzip, bzip2, xz or zstd. BuildKit decides by content, not by name.
 */
export function looksLikeArchive(head: string): boolean {
  return (
    head.startsWith('\x1f\x8b') ||
    head.startsWith('BZh') ||
    head.startsWith('\xfd7zXZ\x00') ||
    head.startsWith('\x28\xb5\x2f\xfd') ||
    head.slice(257, 262) === 'ustar'
  );
}
