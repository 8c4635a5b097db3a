/**
 * The shell model: what a RUN (or CMD, ENTRYPOINT, HEALTHCHECK CMD) runs, as
 * commands and words with their positions in the Dockerfile. Rules read this;
 * the parser behind it (src/model/shell-parser.ts) is never visible to them.
 */
import { posix } from 'node:path';
import type { Position, Range } from './position.js';
import type { ScriptValue } from './shell-variables.js';

export type { ScriptValue } from './shell-variables.js';

/** One word of a command line, e.g. `"flask==${V}"`. */
export interface ShellWord {
  /** As written, quotes included. */
  readonly text: string;
  /** With quotes removed; expansions (`$V`, `${V}`, `$(...)`) are kept as written. */
  readonly value: string;
  /** True when the word contains no expansion, so `value` is exactly what the command receives. */
  readonly literal: boolean;
  readonly range: Range;
}

/** Where a command sits relative to the script's top level. */
export type CommandNesting =
  | 'top' // a command of the script itself (lists, pipelines, if/for/while bodies, subshells, functions)
  | 'substitution' // inside `$(...)` or backticks of a word
  | 'process-substitution' // inside `<(...)` or `>(...)`
  | 'shell-string' // inside the string of `sh -c '...'` / `bash -c "..."` (parsed as a script of its own)
  | 'heredoc-script'; // inside a heredoc fed to a shell (`bash <<EOF`)

export interface ShellAssignment {
  readonly name: string;
  readonly value: string;
  readonly range: Range;
}

/** A simple command: `PIP_NO_CACHE_DIR=1 pip install -r requirements.txt`. */
export interface ShellCommand {
  /**
   * The program's name: the basename of the first word (`/usr/bin/apt-get` → `apt-get`),
   * after wrappers that run another command (`sudo`, `doas`, `env`, `exec`, `nohup`, `time`,
   * `nice`, `command`, `builtin`, `busybox`, `xargs`, `stdbuf`, `timeout`, `gosu`, `su-exec`)
   * were looked through with their options. A first word written with variables is named by its
   * value (`ENV PIP=pip3` + `$PIP install` → `pip3`; `nameWord` stays as written): `ARG` and `ENV`
   * values in a RUN, `ENV` values in CMD, ENTRYPOINT and HEALTHCHECK; `''` when the value is not known.
   */
  readonly name: string;
  /** The word that names the program (after wrappers). */
  readonly nameWord: ShellWord;
  /** The wrapper words that were looked through, outermost first (`sudo`, `env`). */
  readonly wrappers: readonly ShellWord[];
  /** The arguments after the program's name; redirections are not arguments. */
  readonly args: readonly ShellWord[];
  /** `NAME=value` prefixes, and those of an `env` wrapper. */
  readonly assignments: readonly ShellAssignment[];
  /** Targets of redirections (`> /dev/null` gives `/dev/null`), and heredoc markers. */
  readonly redirects: readonly { readonly operator: string; readonly target: ShellWord }[];
  /** The text of heredocs fed to this command, with the range of their bodies. */
  readonly heredocs: readonly { readonly body: string; readonly range: Range }[];
  /** From the first word (wrappers included) to the last argument. */
  readonly range: Range;
  readonly nesting: CommandNesting;
  /** The command whose word, shell string or heredoc holds this one (for nesting other than 'top'). */
  readonly parent: ShellCommand | undefined;
  /** The commands of the pipeline this one is part of, in order (just this one when there is no pipe). */
  readonly pipeline: readonly ShellCommand[];
  /** This command's index in `pipeline`. */
  readonly pipelineIndex: number;
  /**
   * The simple commands of this command's element of the pipeline: just this one, or, when it is the first
   * command of a group or subshell piped as a whole (`{ echo a; curl x; } | tee`), every command of it
   * (not those of its `$(...)`). In `a && b 2>/dev/null | c`, which tree-sitter reads as a pipe from the whole
   * list (the pipeline's first command is `a`), it is `b`, the command bash pipes.
   */
  readonly pipelineElement: readonly ShellCommand[];
  /** Run in the background with `&`. */
  readonly background: boolean;
}

export interface ShellScript {
  /** The shell that runs it, as the SHELL in force says (`['/bin/sh', '-c']` by default). */
  readonly shell: readonly string[];
  /** Every simple command, in source order, nested ones (substitutions, `sh -c` strings) included. */
  readonly commands: readonly ShellCommand[];
  /** The number of top-level simple commands (what `&&`, `;`, `|` and newlines separate). */
  readonly topLevelCount: number;
  /** True when the parser could not read part of the script; the commands read so far are kept. */
  readonly hasErrors: boolean;
  /** Variables set by `export NAME=...` or `NAME=...` statements anywhere in the script. */
  readonly assignedVariables: ReadonlySet<string>;
  /**
   * The assignment statements among them, with their values (quotes removed, expansions as written), in source
   * order: `A=1`, `export A="x y"`, `A=(x y)` (an array's value is its elements as written, parentheses included).
   * `A+=1` is not listed: its value is not the variable's.
   */
  readonly assignments: readonly ShellAssignment[];
  /**
   * The value variable `name` has at `at` (the start of a word that reads it), as far as the script tells:
   * undefined when no assignment of the script reaches `at` (the ARG/ENV value, if any, holds there). Order,
   * branches, loops and subshells are taken into account conservatively: see ./shell-variables.ts.
   */
  valueAt(name: string, at: Position): ScriptValue | undefined;
}

/**
 * Short and long options of a command, read the way most CLIs read them:
 * `-abc` is `-a -b -c`, `--name=value` is `--name` with `value`.
 */
export function hasFlag(command: ShellCommand, ...names: string[]): boolean {
  for (const word of command.args) {
    const value = word.value;
    if (value === '--') break;
    if (value.startsWith('--')) {
      const name = value.includes('=') ? value.slice(0, value.indexOf('=')) : value;
      if (names.includes(name)) return true;
    } else if (value.startsWith('-') && value.length > 1) {
      for (const letter of value.slice(1)) if (names.includes(`-${letter}`)) return true;
      if (names.includes(value)) return true;
    }
  }
  return false;
}

/** The value of `--name=value`, `--name value` or `-n value`, or undefined. */
export function flagValue(command: ShellCommand, ...names: string[]): string | undefined {
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') break;
    for (const name of names) {
      if (value === name) return args[i + 1]?.value;
      if (name.startsWith('--') && value.startsWith(`${name}=`)) return value.slice(name.length + 1);
    }
  }
  return undefined;
}

/**
 * The operands of a command: the words that are not options. `valueFlags` names the
 * options that take the next word as their value (`-t`, `--target-release`), so that
 * value is not taken for an operand.
 */
export function operands(command: ShellCommand, valueFlags: readonly string[] = []): ShellWord[] {
  const result: ShellWord[] = [];
  const args = command.args;
  let afterDoubleDash = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const value = word.value;
    if (afterDoubleDash) {
      result.push(word);
    } else if (value === '--') {
      afterDoubleDash = true;
    } else if (value.startsWith('-') && value.length > 1) {
      if (valueFlags.includes(value)) i++;
    } else {
      result.push(word);
    }
  }
  return result;
}

/**
 * An option word split the way most CLIs read it: `--name=value` is `--name` with `value` attached;
 * any other word is its own name, with no attached value.
 */
export function splitOption(word: string): { readonly option: string; readonly value: string | undefined } {
  const eq = word.startsWith('--') ? word.indexOf('=') : -1;
  return eq < 0 ? { option: word, value: undefined } : { option: word.slice(0, eq), value: word.slice(eq + 1) };
}

/** `{a,b}` twenty times in one word is a million words: past this many, the word stays as written. */
const MAX_BRACE_WORDS = 256;

/** `/var/lib/{apt,dpkg}/` → `/var/lib/apt/`, `/var/lib/dpkg/`: the shell's brace expansion of one word. */
export function braceExpansion(value: string): string[] {
  let words = [value];
  for (let expanded = true; expanded; ) {
    expanded = false;
    const next: string[] = [];
    for (const word of words) {
      const m = /^(.*?)\{([^{}]*,[^{}]*)\}(.*)$/.exec(word);
      if (!m) {
        next.push(word);
        continue;
      }
      expanded = true;
      for (const part of m[2].split(',')) next.push(`${m[1]}${part}${m[3]}`);
      if (next.length > MAX_BRACE_WORDS) return [value];
    }
    words = next;
  }
  return words;
}

/**
 * The directory each of `commands` runs in, following `cd` from `start` (the WORKDIR); undefined once it
 * cannot be told. `expand` resolves the ARG/ENV variables of a `cd` target.
 */
export function workingDirectories(commands: readonly ShellCommand[], start: string | undefined, expand: (text: string) => string): (string | undefined)[] {
  let cwd = start;
  return commands.map((command) => {
    const here = cwd;
    if (command.name === 'cd' && command.nesting !== 'substitution') {
      const target = command.args.find((w) => !w.value.startsWith('-'));
      const value = target && expand(target.value);
      cwd = value && !/[$`]/.test(value) && cwd !== undefined ? posix.resolve(cwd, value) : value?.startsWith('/') && !/[$`]/.test(value) ? value : undefined;
    }
    return here;
  });
}

/** The paths a command deletes as written: `rm` operands, `find ... -delete` starting points; none for other commands. */
export function removedPaths(command: ShellCommand): ShellWord[] {
  if (command.name === 'rm') return operands(command);
  if (command.name === 'find' && command.args.some((w) => w.value === '-delete')) {
    // The starting points: the words before the first test (`-name`, `(`, `!`).
    const first = command.args.findIndex((w) => /^[-(!]/.test(w.value));
    return command.args.slice(0, first < 0 ? undefined : first);
  }
  return [];
}

/**
 * The words a word with variables becomes (`$PACKAGES` → `curl`, `git`), or undefined when a value is not
 * known: the value the script gives the variable at the word (`ShellScript.valueAt`: on every path to it), else
 * `expandDeclared` (the ARG/ENV values in force). `$NAME`, `${NAME}` and `${NAME[@]}` are substituted. Of a script
 * value with parts the script cannot know (`P="curl $(echo x)"`), the known fields are kept when the word is the
 * variable alone, and the word is unknown otherwise.
 */
export function expandWord(word: ShellWord, script: ShellScript | undefined, expandDeclared: (text: string) => string): string[] | undefined {
  const names = [...new Set([...word.value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
  if (names.length === 0) return undefined;
  let value = word.value;
  const fromScript: string[] = [];
  for (const name of names) {
    const known = script?.valueAt(name, word.range.start);
    if (known === undefined) continue;
    if (!known.known) return undefined;
    const fields = known.fields.filter((f) => f !== undefined);
    if (fields.length < known.fields.length && !isOnly(word.value, name)) return undefined;
    fromScript.push(name);
    value = substitute(value, name, fields.join(' '));
  }
  if (fromScript.some((n) => new RegExp(`\\$\\{?${n}\\b`).test(value))) return undefined;
  const expanded = expandDeclared(value);
  if (/[$`]/.test(expanded)) return undefined;
  return expanded.split(/\s+/).filter(Boolean);
}

/** `$NAME`, `${NAME}` or `${NAME[@]}` and nothing else. */
function isOnly(text: string, name: string): boolean {
  return text === `$${name}` || text === `\${${name}}` || text === `\${${name}[@]}` || text === `\${${name}[*]}`;
}

/** `$NAME`, `${NAME}` and `${NAME[@]}` replaced by `value`; other forms (`${NAME:-x}`) are left as written. */
function substitute(text: string, name: string, value: string): string {
  return text.replace(new RegExp(`\\$(?:\\{${name}(?:\\[[@*]\\])?\\}|${name}(?![A-Za-z0-9_]))`, 'g'), () => value);
}
