/**
 * How a Dockerfile writes its lines, for fixes that write new text into it: the escape character that continues a
 * line, the indentation of an instruction's continuation lines, a list of words one per line, and where a word can
 * be edited as it reads. Edits write line breaks as `\n`; the engine writes the file's own (src/engine/fix.ts).
 */
import type { DockerfileModel, Instruction } from './dockerfile.js';
import { textIn, type Range } from './position.js';
import type { ShellCommand, ShellWord } from './shell.js';

/** The indentation used when the file continues no instruction over several lines. */
export const DEFAULT_INDENT = '    ';

/** The character that continues a line: `\`, or the one of `# escape=` (`` ` ``). */
export function escapeCharOf(file: DockerfileModel): string {
  return file.escapeChar;
}

/** What ends a line that the instruction continues on the next: ` \` + line break (` `` ` `` with `# escape=`). */
export function lineContinuation(file: DockerfileModel): string {
  return ` ${file.escapeChar}\n`;
}

/**
 * The leading whitespace of the instruction's first continuation line (tabs kept), its comment and blank lines and
 * heredoc bodies skipped. An instruction on one line takes that of the file's first continued instruction, so that
 * the new lines look like the file's others; DEFAULT_INDENT when the file has none.
 */
export function continuationIndent(file: DockerfileModel, instruction: Instruction): string {
  return ownIndent(file, instruction) ?? fileIndent(file);
}

/** The file's first continued instruction's indentation, found once per file (fixes ask for it per finding). */
function fileIndent(file: DockerfileModel): string {
  let indent = FILE_INDENT.get(file);
  if (indent === undefined) {
    indent = DEFAULT_INDENT;
    for (const i of file.instructions) {
      const own = ownIndent(file, i);
      if (own !== undefined) {
        indent = own;
        break;
      }
    }
    FILE_INDENT.set(file, indent);
  }
  return indent;
}

const FILE_INDENT = new WeakMap<DockerfileModel, string>();

function ownIndent(file: DockerfileModel, instruction: Instruction): string | undefined {
  // Heredoc bodies are not continuation lines: they start after the line of the first marker.
  const last = instruction.heredocs.length > 0 ? instruction.heredocs[0].markerRange.start.line : instruction.range.end.line;
  for (let line = instruction.range.start.line + 1; line <= last; line++) {
    const text = (file.lines[line - 1] ?? '').replace(/\r$/, '');
    const trimmed = text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return text.slice(0, text.length - trimmed.length);
  }
  return undefined;
}

/**
 * `words` one per line, as the instruction continues them: `a \` + line break + indent + `b \` ... + `c`. The text
 * of the first word is not indented (it goes where the list starts) and the last has no continuation. `indent`
 * defaults to the instruction's continuation indentation.
 */
export function onePerLine(file: DockerfileModel, instruction: Instruction, words: readonly string[], indent = continuationIndent(file, instruction)): string {
  return words.join(`${lineContinuation(file)}${indent}`);
}

/**
 * True when the word's range holds exactly its text, on one line: an edit at the range's ends lands where the word
 * starts and ends. False for a word split by a line continuation or one whose position the parser could only guess
 * (an escaped quote in a `sh -c` string).
 */
export function writtenAsRead(file: DockerfileModel, word: { readonly text: string; readonly range: Range }): boolean {
  return word.range.start.line === word.range.end.line && textIn(file.lines, word.range) === word.text;
}

/** True when the word is an element of the instruction's JSON (exec-form) array, its range inside the quotes. */
export function isExecFormElement(instruction: Instruction, word: ShellWord): boolean {
  const r = word.range;
  return (instruction.execForm ?? []).some(
    (w) => w.range.start.line === r.start.line && w.range.start.column === r.start.column && w.range.end.line === r.end.line && w.range.end.column === r.end.column,
  );
}

/**
 * The edit that puts the literal `option` (no quotes, spaces or escapes) as a new word right after `word` of
 * `command`: ` -y` after a shell word, `, "-y"` after an element of a JSON array. Undefined when the word cannot be
 * edited as it reads (see writtenAsRead), or is not literal.
 */
export function insertWordAfter(file: DockerfileModel, instruction: Instruction, word: ShellWord, option: string): { range: Range; text: string } | undefined {
  if (!/^[A-Za-z0-9_=:.,/+-]+$/.test(option)) return undefined;
  const exec = isExecFormElement(instruction, word);
  if (!word.literal || !writtenAsRead(file, exec ? { text: word.value, range: word.range } : word)) return undefined;
  return { range: { start: word.range.end, end: word.range.end }, text: exec ? `", "${option}` : ` ${option}` };
}

/** True when the command's words are shell words of the Dockerfile's own lines (not JSON strings, not a heredoc body). */
export function inInstructionLines(instruction: Instruction, command: ShellCommand): boolean {
  if (instruction.execForm) return false;
  const firstBody = instruction.heredocs.find((h) => h.bodyRange)?.bodyRange?.start.line ?? Infinity;
  return command.range.end.line < firstBody;
}

/** Shells whose `-c` script reads `a && b` as POSIX shells do. */
const POSIX_SHELLS = /^(sh|bash|dash|ash|zsh|ksh|mksh|busybox)$/;

/** A shell-form RUN without heredocs, whose script a POSIX shell runs with `-c`. */
export function posixShellForm(run: Instruction): boolean {
  const shell = (run.shell[0] ?? '').split('/').pop() ?? '';
  return run.keyword === 'RUN' && !run.execForm && run.heredocs.length === 0 && POSIX_SHELLS.test(shell) && run.shell[run.shell.length - 1] === '-c';
}

/**
 * True when text can be added after the end of a RUN's script and be read as a command of it: a shell-form RUN run
 * by a POSIX shell (`/bin/sh -c`, `bash -c`), without heredocs, fully read by the shell parser, whose text neither
 * ends in `;`, `&`, `|` or the escape character (an added `&&` would not parse) nor holds a `#` (a comment would
 * swallow what is added).
 */
export function appendableRun(file: DockerfileModel, run: Instruction): boolean {
  if (!posixShellForm(run)) return false;
  // The RUN's last line as written: a continuation at the end of the file, or a comment line inside the
  // continuation, would take in what is added there.
  let line = run.range.end.line;
  let last = (file.lines[line - 1] ?? '').slice(0, run.range.end.column - 1).trim();
  while (last === '' && line > run.range.start.line) last = (file.lines[--line - 1] ?? '').trim();
  if (line !== run.range.end.line || last.endsWith(file.escapeChar) || last.startsWith('#')) return false;
  const script = run.script;
  const text = run.argsText.trimEnd();
  return script !== undefined && !script.hasErrors && text !== '' && !/[;&|\\`]$/.test(text) && !text.includes('#');
}

/**
 * The edit that ends a RUN with `&& <command>`: on the RUN's line when it has one, else on a continuation line of its
 * own with the instruction's indentation. Undefined when the RUN cannot take it (appendableRun), or when a top-level
 * `exit` or `exec` would end the script before it.
 */
export function appendToRun(file: DockerfileModel, run: Instruction, command: string): { range: Range; text: string } | undefined {
  if (!appendableRun(file, run) || run.script!.commands.some((c) => c.nesting === 'top' && (c.name === 'exit' || c.name === 'exec'))) return undefined;
  const end = run.range.end;
  const text = run.range.start.line === end.line ? ` && ${command}` : `${lineContinuation(file)}${continuationIndent(file, run)}&& ${command}`;
  return { range: { start: end, end }, text };
}
