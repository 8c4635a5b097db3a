/**
 * What a downloading command fetches and where it writes it: `curl -o file URL`, `curl -O URL` (the URL's last
 * part), `wget URL` (the same, in `-P dir`), `wget -qO- URL` (standard output), `aria2c -d dir URL`. Rules that
 * follow a download ask this (a script run as it arrives or run later unchecked, model weights baked into the image).
 */
import { posix } from 'node:path';
import { flagValue, hasFlag, type ShellCommand } from './shell.js';

export interface Download {
  readonly tool: 'curl' | 'wget' | 'aria2c';
  /** The first URL among the arguments (`http`, `https`, `ftp`), expanded; undefined when none is written. */
  readonly url: string | undefined;
  /** The download goes to standard output (`curl URL`, `curl -o -`, `wget -O -`). */
  readonly toStdout: boolean;
  /** The file it writes, as written (`-o file`, the URL's last part, in `-P dir`); undefined for standard output or when not known. */
  readonly file: string | undefined;
}

/** Names of standard output and input as a file. */
const STANDARD_STREAMS = new Set(['-', '/dev/stdout', '/dev/stdin', '/proc/self/fd/0', '/proc/self/fd/1']);

/** The download a command makes, or undefined when it is no downloader. `expand` resolves ARG and ENV values in URLs. */
export function downloadOf(command: ShellCommand, expand: (text: string) => string = (text) => text): Download | undefined {
  const tool = command.name;
  if (tool !== 'curl' && tool !== 'wget' && tool !== 'aria2c') return undefined;
  const url = command.args.map((w) => expand(w.value)).find((value) => /^(https?|ftp):\/\//i.test(value));
  const remoteName = url === undefined ? undefined : posix.basename(url.replace(/[?#].*$/, '')) || undefined;
  if (tool === 'curl') {
    const output = flagValue(command, '-o', '--output');
    if (output !== undefined) return { tool, url, toStdout: STANDARD_STREAMS.has(output), file: STANDARD_STREAMS.has(output) ? undefined : output };
    if (hasFlag(command, '-O', '--remote-name', '--remote-name-all')) return { tool, url, toStdout: false, file: remoteName };
    return { tool, url, toStdout: true, file: undefined };
  }
  if (tool === 'wget') {
    const output = outputDocument(command);
    if (output !== undefined) return { tool, url, toStdout: STANDARD_STREAMS.has(output), file: STANDARD_STREAMS.has(output) ? undefined : output };
    const folder = flagValue(command, '-P', '--directory-prefix');
    return { tool, url, toStdout: false, file: remoteName && folder ? posix.join(folder, remoteName) : remoteName };
  }
  const folder = flagValue(command, '-d', '--dir');
  const named = flagValue(command, '-o', '--out');
  const file = named ?? remoteName;
  return { tool, url, toStdout: false, file: file && folder ? posix.join(folder, file) : file };
}

/** wget's `-O file` / `-Ofile` / `-qO-` / `--output-document=file`. */
function outputDocument(command: ShellCommand): string | undefined {
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--output-document') return args[i + 1]?.value;
    if (value.startsWith('--output-document=')) return value.slice('--output-document='.length);
    if (value.startsWith('--') || !value.startsWith('-')) continue;
    const o = value.indexOf('O');
    if (o > 0) return o === value.length - 1 ? args[i + 1]?.value : value.slice(o + 1);
  }
  return undefined;
}
