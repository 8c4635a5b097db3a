/**
 * ShellCheck over the RUN instructions of a Dockerfile: finding the binary, turning a RUN body into
 * the script ShellCheck should see (the stage's shell as the shebang, the build's variables
 * declared), running it once for all scripts of a file, and mapping what it reports back to the
 * Dockerfile. The way the script is built follows hadolint's, so the same SC codes come out.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, posix } from 'node:path';
import { runSource, type DockerfileModel, type Instruction } from './dockerfile.js';
import type { Range } from './position.js';
import type { MappedText } from './source-map.js';

export type ShellcheckLevel = 'error' | 'warning' | 'info' | 'style';

export interface ShellcheckFinding {
  /** `SC2086`. */
  readonly code: string;
  readonly level: ShellcheckLevel;
  readonly message: string;
  /** Where it is in the Dockerfile. */
  readonly range: Range;
  /** The script text the finding points at. */
  readonly text: string;
}

/** Never useful on a RUN body: sourcing files that are not there (SC1090, SC1091), `ash` read as `dash` (SC2187). */
export const EXCLUDED_CODES = ['SC1090', 'SC1091', 'SC2187'];

/** Proxy variables Docker passes to every RUN without an ARG. */
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((v) => [v, v.toLowerCase()]);
/** Shells ShellCheck reads; `ash` and `busybox` are checked as `sh`. */
const SHELLS = new Map([
  ['sh', 'sh'],
  ['bash', 'bash'],
  ['dash', 'dash'],
  ['ksh', 'ksh'],
  ['mksh', 'ksh'],
  ['ash', 'sh'],
  ['busybox', 'sh'],
]);

const found = new Map<string, string | undefined>();

/** The ShellCheck binary: `configured` when it is an executable file, else the first `shellcheck` on PATH. */
export function findShellcheck(configured: string): string | undefined {
  const key = configured;
  if (found.has(key)) return found.get(key);
  let binary: string | undefined;
  if (configured !== '') binary = isExecutable(configured) ? configured : undefined;
  else {
    const names = process.platform === 'win32' ? ['shellcheck.exe', 'shellcheck'] : ['shellcheck'];
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      binary = names.map((n) => join(dir, n)).find(isExecutable);
      if (binary) break;
    }
  }
  found.set(key, binary);
  return binary;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A RUN body as ShellCheck is given it, and how to map its lines back. */
export interface PreparedScript {
  readonly instruction: Instruction;
  /** The whole script: shebang, `export` line, then the body. */
  readonly text: string;
  readonly source: MappedText;
  /** Offsets in `source.text` where each body line starts. */
  readonly lineStarts: readonly number[];
}

/** The lines before the RUN body: the shebang and one `export` line. */
const PRELUDE_LINES = 2;

/**
 * The script ShellCheck should check for a shell-form RUN, or undefined when it is not a POSIX-family
 * shell script: exec form, a PowerShell/cmd SHELL or Windows base image, a heredoc script whose
 * shebang names another interpreter.
 */
export function prepareScript(instruction: Instruction, file: DockerfileModel): PreparedScript | undefined {
  if (instruction.keyword !== 'RUN' || instruction.execForm) return undefined;
  let shell = SHELLS.get(posix.basename(instruction.shell[0] ?? ''));
  // Windows images run `cmd /S /C` (the model's shell for them) unless a SHELL says otherwise.
  if (!shell) return undefined;
  const source = runSource(instruction, file);
  if (!source || source.text.trim() === '') return undefined;
  const lines = source.text.split('\n');
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(lines[0]);
  if (shebang) {
    const program = posix.basename(shebang[1]) === 'env' ? shebang[2] ?? '' : posix.basename(shebang[1]);
    shell = SHELLS.get(program);
    if (!shell) return undefined;
    lines[0] = '';
  }
  const names = [...new Set([...instruction.variables.keys(), ...PROXY_VARIABLES])].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  const prelude = `#!/bin/${shell}\nexport ${names.map((n) => `${n}=1`).join(' ')}\n`;
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of source.text.split('\n')) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  return { instruction, text: prelude + lines.join('\n'), source, lineStarts };
}

interface Json1Comment {
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  readonly endColumn: number;
  readonly level: ShellcheckLevel;
  readonly code: number;
  readonly message: string;
}

/**
 * Runs ShellCheck once over all the scripts (written to a temporary folder) and returns each
 * script's findings in Dockerfile positions, or an error message when ShellCheck could not run.
 */
export function runShellcheck(binary: string, scripts: readonly PreparedScript[]): ShellcheckFinding[][] | { error: string } {
  if (scripts.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-shellcheck-'));
  try {
    const names = scripts.map((script, i) => {
      const name = `run${i}.sh`;
      writeFileSync(join(dir, name), script.text);
      return name;
    });
    const result = spawnSync(binary, ['--norc', '--format=json1', `--exclude=${EXCLUDED_CODES.join(',')}`, ...names], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    if (result.error) return { error: result.error.message };
    // 0: nothing found, 1: findings; anything else is a failure (bad options, unreadable files).
    if (result.status !== 0 && result.status !== 1) return { error: (result.stderr || `exit status ${result.status}`).trim().split('\n')[0] };
    let comments: Json1Comment[];
    try {
      comments = (JSON.parse(result.stdout) as { comments: Json1Comment[] }).comments;
    } catch {
      return { error: 'its output is not the JSON expected (ShellCheck 0.7 or newer is needed)' };
    }
    const byScript: ShellcheckFinding[][] = scripts.map(() => []);
    for (const comment of comments) {
      const index = names.indexOf(comment.file);
      if (index < 0) continue;
      const finding = toFinding(comment, scripts[index]);
      if (finding) byScript[index].push(finding);
    }
    return byScript;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A ShellCheck comment in Dockerfile positions; undefined for one about the lines we added. */
function toFinding(comment: Json1Comment, script: PreparedScript): ShellcheckFinding | undefined {
  const start = offsetOf(script, comment.line, comment.column);
  if (start === undefined) return undefined;
  const end = Math.max(start, offsetOf(script, comment.endLine, comment.endColumn) ?? start);
  return {
    code: `SC${comment.code}`,
    level: comment.level,
    message: comment.message,
    range: script.source.rangeAt(start, end),
    text: script.source.text.slice(start, end),
  };
}

/** The offset in the RUN body of ShellCheck's 1-based line and column (tabs count as one column in json1). */
function offsetOf(script: PreparedScript, line: number, column: number): number | undefined {
  const bodyLine = line - PRELUDE_LINES;
  if (bodyLine < 1 || bodyLine > script.lineStarts.length) return undefined;
  return script.lineStarts[bodyLine - 1] + column - 1;
}
