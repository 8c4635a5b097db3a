/**
 * ShellCheck over the RUN instructions of a Dockerfile, the pure part: turning a RUN body into the
 * script ShellCheck should see (the stage's shell as the shebang, the build's variables declared),
 * and mapping what ShellCheck reports back to the Dockerfile. Running the program is the engine's
 * job (src/engine/external-tools/shellcheck-runner.ts): the model does no I/O. The way the script is
 * built follows hadolint's, so the same SC codes come out.
 */
import { posix } from 'node:path';
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
const EXCLUDED_CODES = ['SC1090', 'SC1091', 'SC2187'];

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
function prepareScript(instruction: Instruction, file: DockerfileModel): PreparedScript | undefined {
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

/** The ShellCheck arguments before the script names: no rc file (a repository's `.shellcheckrc` is not ours to apply), json1 output. */
export const SHELLCHECK_ARGUMENTS: readonly string[] = ['--norc', '--format=json1', `--exclude=${EXCLUDED_CODES.join(',')}`];

/** The scripts ShellCheck should check in a Dockerfile: every shell-form RUN, ONBUILD RUN included, in order. */
export function shellcheckScripts(file: DockerfileModel): PreparedScript[] {
  const scripts: PreparedScript[] = [];
  for (const instruction of file.instructions) {
    const run: Instruction | undefined = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
    if (run?.keyword !== 'RUN') continue;
    const script = prepareScript(run, file);
    if (script) scripts.push(script);
  }
  return scripts;
}

/**
 * Each script's findings in Dockerfile positions from ShellCheck's json1 output, where `names[i]`
 * is the file name ShellCheck was given for `scripts[i]`; undefined when the output is not json1.
 */
export function findingsFromJson1(output: string, names: readonly string[], scripts: readonly PreparedScript[]): ShellcheckFinding[][] | undefined {
  let comments: Json1Comment[];
  try {
    comments = (JSON.parse(output) as { comments: Json1Comment[] }).comments;
    if (!Array.isArray(comments)) return undefined;
  } catch {
    return undefined;
  }
  const index = new Map(names.map((name, i) => [name, i]));
  const byScript: ShellcheckFinding[][] = scripts.map(() => []);
  for (const comment of comments) {
    const i = index.get(comment.file);
    if (i === undefined) continue;
    const finding = toFinding(comment, scripts[i]);
    if (finding) byScript[i].push(finding);
  }
  return byScript;
}

/** What the engine found out for one script: its findings, or that ShellCheck did not finish in time. */
export type ScriptCheck =
  | { readonly script: PreparedScript; readonly findings: readonly ShellcheckFinding[] }
  | { readonly script: PreparedScript; readonly timedOutAfterSeconds: number };

/** ShellCheck's results for one Dockerfile, or why it could not be run (a note for the user). */
/** Checked scripts; or ShellCheck was not run (`skipped`, a note); or the scripts could not be prepared (`failed`, a bug). */
export type ShellcheckResults = { readonly scripts: readonly ScriptCheck[] } | { readonly skipped: string } | { readonly failed: string };

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
