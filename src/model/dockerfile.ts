/**
 * The Dockerfile model: one parse per file (with dockerfile-ast), shared by all
 * rules. Positions are 1-based; variables are resolved with Docker's scoping;
 * the shell of every RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD is parsed on
 * first use and kept.
 */
import { posix } from 'node:path';
import {
  DockerfileParser,
  type Instruction as AstInstruction,
  type Flag as AstFlag,
  type Heredoc as AstHeredoc,
  type JSONInstruction,
  type From as AstFrom,
  type Property as AstProperty,
} from 'dockerfile-ast';
import { textIn, type Position, type Range } from './position.js';
import { MappedText } from './source-map.js';
import { parseImageRef, type ImageRef } from './image-ref.js';
import type { ShellScript } from './shell.js';
import { parseExecForm, parseShellScript, type ExpandWord } from './shell-parser.js';
import { expandVariables, VariableScope, type VariableLookup, type Variables } from './variables.js';
import { memoizeDockerfileAst } from './dockerfile-ast-memo.js';
import { execWord, sourceWord, type Word } from './word.js';

export type { Word } from './word.js';
import { parseRunMounts, type RunMount } from './mounts.js';

memoizeDockerfileAst();

export interface Flag {
  /** Without the dashes: `mount`, `from`, `platform`. */
  readonly name: string;
  readonly value: string | undefined;
  readonly range: Range;
  readonly valueRange: Range | undefined;
  /** The value as a word, for its `unquoted` and `expanded` forms (`--exclude="*.md"`). */
  readonly valueWord: Word | undefined;
}

export interface Heredoc {
  readonly name: string;
  readonly body: string;
  /** The body lines (without the terminator); undefined for an empty body. */
  readonly bodyRange: Range | undefined;
  /** The `<<EOF` marker. */
  readonly markerRange: Range;
}

/** `ENV`, `ARG` and `LABEL` pairs. */
export interface KeyValue {
  /** As dockerfile-ast reads it, quotes removed. */
  readonly key: string;
  readonly value: string | undefined;
  readonly keyRange: Range;
  readonly valueRange: Range | undefined;
  /** The key and the value as words: their `unquoted` and `expanded` forms, read from the source as BuildKit reads them. */
  readonly keyWord: Word;
  readonly valueWord: Word | undefined;
  /** True for the legacy `ENV key value` form. */
  readonly legacy: boolean;
}

export interface Directive {
  readonly name: string;
  readonly value: string;
  readonly range: Range;
  readonly valueRange: Range;
}

export interface Comment {
  readonly text: string;
  readonly line: number;
  readonly range: Range;
}

export interface Instruction {
  /** Upper-case keyword: `RUN`, `FROM`; for an unknown instruction what was written, upper-cased. */
  readonly keyword: string;
  /** As written (`run`, `Run`). */
  readonly rawKeyword: string;
  readonly range: Range;
  readonly keywordRange: Range;
  /** First line of the instruction. */
  readonly line: number;
  readonly stage: Stage | undefined;
  readonly index: number;
  readonly flags: readonly Flag[];
  /** The argument words after the flags, as dockerfile-ast splits them (quotes kept). */
  readonly args: readonly Word[];
  /**
   * All the argument words as one, from the first to the last (comment lines of a continuation left out):
   * the path of `WORKDIR /my dir`, which BuildKit reads whole. Its value joins the words with one space.
   */
  readonly argument: Word | undefined;
  /** The arguments' text with line continuations and comment lines removed. */
  readonly argsText: string;
  /** The range from the first argument to the end of the instruction. */
  readonly argsRange: Range | undefined;
  /** For JSON (exec) form: the array's strings with their ranges; undefined for shell form. */
  readonly execForm: readonly Word[] | undefined;
  /** True when the arguments are a JSON array holding something other than strings, which BuildKit rejects (it is not shell form either). */
  readonly execFormHasNonStrings: boolean;
  /**
   * The leading `--name[=value]` words BuildKit reads as flags of any instruction (a lone `--` ends them). dockerfile-ast
   * splits them off for ADD, COPY, FROM, HEALTHCHECK and RUN only, whose `flags` these are; for the others they stay in
   * `args` and are read here. Flags without a name are left out.
   */
  readonly leadingFlags: readonly Flag[];
  /** The argument words after `leadingFlags`, on the instruction's own lines (heredoc bodies are not arguments). */
  readonly operands: readonly Word[];
  /** The WORKDIR in force when the instruction runs (`/` when none; a stage starts in that of the stage it is built on). */
  readonly workdir: string;
  /** RUN: the `--mount` flags, parsed on first use; empty for other instructions. */
  readonly mounts: readonly RunMount[];
  readonly heredocs: readonly Heredoc[];
  /** `ENV`/`ARG`/`LABEL` pairs. */
  readonly pairs: readonly KeyValue[];
  /** For `ONBUILD`: the instruction it registers. */
  readonly trigger: Instruction | undefined;
  /** Variables in scope when this instruction runs (ARG and ENV before it, with Docker's scoping). */
  readonly variables: Variables;
  /** RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD: what the shell runs. Parsed on first use. */
  readonly script: ShellScript | undefined;
  /** The SHELL in force for this instruction. */
  readonly shell: readonly string[];
  flag(name: string): Flag | undefined;
  /** `text` with this instruction's variables expanded (unknown ones left as written). */
  expand(text: string): string;
}

export interface Stage {
  readonly index: number;
  /** The name after `AS`, as written. */
  readonly name: string | undefined;
  readonly nameRange: Range | undefined;
  readonly from: Instruction;
  /** The image word as written (`python:${PY}-slim`). */
  readonly imageText: string;
  readonly imageRange: Range;
  /** The image reference after expanding global ARG defaults. */
  readonly image: ImageRef;
  /** True when the image still holds a variable after expansion. */
  readonly imageHasUnresolvedVariables: boolean;
  /** True when `imageText` has a variable (resolved or not). */
  readonly imageUsesVariables: boolean;
  /** The earlier stage this one is built on (`FROM build`), if any. */
  readonly parent: Stage | undefined;
  readonly isScratch: boolean;
  readonly platform: Flag | undefined;
  /** The instructions of the stage after its FROM. */
  readonly instructions: readonly Instruction[];
  /** Range of the tag (or where the tag would be) and of the digest, when the image has no variables. */
  readonly tagRange: Range | undefined;
  readonly digestRange: Range | undefined;
}

export interface DockerfileModel {
  readonly kind: 'dockerfile';
  readonly path: string;
  readonly text: string;
  readonly lines: readonly string[];
  readonly escapeChar: string;
  readonly directives: readonly Directive[];
  readonly comments: readonly Comment[];
  /** Every instruction in order, those before the first FROM included. */
  readonly instructions: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** ARGs before the first FROM. */
  readonly globalArgs: readonly Instruction[];
  /** The stage of that name (case-insensitive, as BuildKit resolves names), defined before `before` if given. */
  findStage(name: string, before?: Stage): Stage | undefined;
}

const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];
/** Real files add a few kilobytes; 4 MiB of `ARG A=$A$A` lines could otherwise keep gigabytes. */
const MAX_VALUE_GROWTH = 8 * 1024 * 1024;
/** Docker's default shell on Windows images: no POSIX shell to parse. */
const WINDOWS_SHELL: readonly string[] = ['cmd', '/S', '/C'];

function isWindowsImage(image: ImageRef): boolean {
  const text = `${image.repository}:${image.tag ?? ''}`.toLowerCase();
  return /(^|[/:_-])(windows|servercore|nanoserver|windowsservercore)([/:_-]|$)|ltsc\d{4}/.test(text);
}
/** A parser directive as BuildKit reads one: `# name=value`, the name a single word. */
const DIRECTIVE = /^\s*#\s*[A-Za-z][A-Za-z0-9]*\s*=\s*\S/;
const SCRIPT_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

function toPosition(p: { line: number; character: number }): Position {
  return { line: p.line + 1, column: p.character + 1 };
}

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): Range {
  const start = toPosition(r.start);
  const end = toPosition(r.end);
  // dockerfile-ast gives an escaped blank at the start of a continuation line (`ENV T= \` + `\\ L`) a name
  // range that ends on the line before it starts: empty, at its start.
  return end.line < start.line || (end.line === start.line && end.column < start.column) ? { start, end: start } : { start, end };
}

export function parseDockerfile(source: string, path: string): DockerfileModel {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  // dockerfile-ast, whose positions the model reports, ends a line at a lone CR too.
  const lines = text.split(/\r\n|\r|\n/);
  // dockerfile-ast rescans an unterminated comment line of the directive block from each of its `#` (quadratic:
  // 76,000 `#` took 5 s). A line break after a final comment line changes no position (after anything else it
  // could: a final `\` would continue into it).
  const ast = DockerfileParser.parse(/(^|[\r\n])[ \t]*#[^\r\n]*$/.test(text) ? `${text}\n` : text);
  const escapeChar = ast.getEscapeCharacter();

  // dockerfile-ast takes `# hadolint ignore=DL3008` for a directive named `hadolint`;
  // BuildKit's grammar (a single word, then `=`) does not, and neither do we.
  const directives: Directive[] = [];
  const comments: Comment[] = [];
  let directiveBlock = true;
  for (const d of ast.getDirectives()) {
    const line = d.getRange().start.line;
    const valid = directiveBlock && DIRECTIVE.test(lines[line] ?? '');
    if (valid) {
      directives.push({ name: d.getName().toLowerCase(), value: d.getValue(), range: toRange(d.getRange()), valueRange: toRange(d.getValueRange()) });
    } else {
      directiveBlock = false;
      comments.push({ text: (lines[line] ?? '').replace(/^\s*#\s?/, ''), line: line + 1, range: toRange(d.getRange()) });
    }
  }
  for (const c of ast.getComments()) {
    comments.push({ text: c.getContent(), line: c.getRange().start.line + 1, range: toRange(c.getRange()) });
  }
  comments.sort((a, b) => a.line - b.line);

  const builder = new ModelBuilder(lines, escapeChar);
  const instructions: Instruction[] = [];
  const stages: StageImpl[] = [];
  const globalArgs: Instruction[] = [];
  for (const node of ast.getInstructions()) {
    const current = stages[stages.length - 1];
    const instruction = builder.instruction(node, current, instructions.length);
    instructions.push(instruction);
    if (instruction.keyword === 'FROM') {
      const stage = builder.stage(node as AstFrom, instruction, stages);
      stages.push(stage);
      instruction.stage = stage;
    } else if (current) {
      current.instructions.push(instruction);
    } else if (instruction.keyword === 'ARG') {
      globalArgs.push(instruction);
    }
    builder.afterInstruction(instruction);
  }

  return {
    kind: 'dockerfile',
    path,
    text,
    lines,
    escapeChar,
    directives,
    comments,
    instructions,
    stages,
    globalArgs,
    findStage(name: string, before?: Stage) {
      const wanted = name.toLowerCase();
      const limit = before ? before.index : stages.length;
      for (let i = limit - 1; i >= 0; i--) if (stages[i].name?.toLowerCase() === wanted) return stages[i];
      return undefined;
    },
  };
}

interface StageImpl extends Stage {
  instructions: Instruction[];
}

interface InstructionImpl extends Instruction {
  stage: Stage | undefined;
  workdir: string;
}

type InstructionFields = Omit<Instruction, 'script' | 'mounts' | 'flag' | 'expand'>;

// The fields of Instruction, declared once (in the interface) for the class too.
interface ModelInstruction extends InstructionFields {
  stage: Stage | undefined;
  workdir: string;
}

/**
 * A class, not an object literal with getters: V8 keeps such literals as hash tables (dictionary mode), slower to
 * read and several times larger, and a run over thousands of Dockerfiles holds every instruction.
 */
class ModelInstruction implements InstructionImpl {
  /** Null until the script is parsed on first use. */
  #script: ShellScript | undefined | null = null;
  #mounts: readonly RunMount[] | undefined;
  readonly #builder: ModelBuilder;
  /** The ENV values in force: a container's command has those and no ARG. */
  readonly #env: Variables;

  constructor(fields: InstructionFields, builder: ModelBuilder, env: Variables) {
    // Every instruction gets the same fields in the same order: one shape for all.
    Object.assign(this, fields);
    this.#builder = builder;
    this.#env = env;
  }

  get script(): ShellScript | undefined {
    if (this.#script === null) this.#script = this.#builder.script(this, this.#env);
    return this.#script;
  }

  get mounts(): readonly RunMount[] {
    return (this.#mounts ??= parseRunMounts(this));
  }

  flag(name: string): Flag | undefined {
    return this.flags.find((f) => f.name === name);
  }

  expand(value: string): string {
    return expandVariables(value, this.variables).value;
  }
}

/** Keeps the state that flows from one instruction to the next: variables and SHELL. */
class ModelBuilder {
  /** Global ARGs (before the first FROM) with their defaults. */
  private globalVariables = VariableScope.empty;
  private variables = VariableScope.empty;
  private shell: readonly string[] = DEFAULT_SHELL;
  /** ENV and SHELL at the end of each stage, inherited by `FROM <stage>`. */
  private readonly stageEnds: { env: VariableScope; variables: VariableScope; shell: readonly string[]; workdir: string }[] = [];
  private workdir = '/';
  private currentEnv = VariableScope.empty;
  /** Characters that expanded ARG and ENV values may add to their texts, over the whole file. */
  private growthBudget = MAX_VALUE_GROWTH;

  constructor(
    private readonly lines: readonly string[],
    private readonly escapeChar: string,
  ) {}

  instruction(node: AstInstruction, stage: Stage | undefined, index: number): InstructionImpl {
    const keyword = node.getKeyword().toUpperCase();
    const heredocs = readHeredocs(node, this.lines);
    // Heredoc bodies are not arguments, though dockerfile-ast lists their words.
    const bodyStart = heredocs.length > 0 ? heredocs[0].markerRange.start.line + 1 : Infinity;
    const variables = keyword === 'FROM' ? this.globalVariables : this.variables;
    const lines = this.lines;
    const escapeChar = this.escapeChar;
    // Most words sit on one line: slice it rather than join continuations.
    const written = (range: Range): string =>
      range.start.line === range.end.line
        ? (lines[range.start.line - 1] ?? '').slice(range.start.column - 1, range.end.column - 1).replace(/\r$/, '')
        : continuationText(lines, range.start, range.end, escapeChar).text;
    const word: WordMaker = (value, range, source) => sourceWord(value, range, written, source, escapeChar, variables);
    const flags: Flag[] = 'getFlags' in node ? (node as unknown as { getFlags(): AstFlag[] }).getFlags().map((f) => convertFlag(f, word)) : [];
    const args = node
      .getArguments()
      .map((a) => word(a.getValue(), toRange(a.getRange())))
      .filter((a) => a.range.start.line < bodyStart);
    const argument =
      args.length > 0 ? word(args.map((w) => w.value).join(' '), { start: args[0].range.start, end: args[args.length - 1].range.end }) : undefined;
    const end = toRange(node.getRange()).end;
    const argsRange = args.length > 0 ? { start: args[0].range.start, end } : undefined;
    const argsText = argsRange ? argumentsText(this.lines, argsRange.start, end, this.escapeChar, bodyStart) : '';
    let execFormHasNonStrings = false;
    const execForm =
      keyword === 'HEALTHCHECK'
        ? healthcheckExecForm(args, this.lines, end, this.escapeChar, variables)
        : readExecForm(
            node,
            keyword,
            argsText,
            variables,
            () => (argsRange ? execWordsFrom(this.lines, argsRange.start, end, this.escapeChar, variables) : undefined),
            () => (execFormHasNonStrings = true),
          );
    const { leadingFlags, operands } = splitLeadingFlags(flags, args);
    const pairs = readPairs(node, keyword, word);
    const env = this.currentEnv;
    const shell = this.shell;
    let trigger: Instruction | undefined;
    if (keyword === 'ONBUILD') {
      const inner = (node as unknown as { getTriggerInstruction(): AstInstruction | null }).getTriggerInstruction();
      if (inner) trigger = this.instruction(inner, stage, index);
    }
    const instruction = new ModelInstruction({
      keyword,
      rawKeyword: node.getInstruction(),
      range: toRange(node.getRange()),
      keywordRange: toRange(node.getInstructionRange()),
      line: node.getRange().start.line + 1,
      stage,
      index,
      flags,
      args,
      argument,
      argsText,
      argsRange,
      execForm,
      execFormHasNonStrings,
      leadingFlags,
      operands,
      heredocs,
      pairs,
      trigger,
      variables,
      shell,
      workdir: this.workdir,
    }, this, env);
    return instruction;
  }

  stage(node: AstFrom, from: InstructionImpl, stages: readonly StageImpl[]): StageImpl {
    // The image word is the first argument; `AS name` follows it.
    const words = from.args;
    const imageWord = words[0] ?? { value: '', range: from.keywordRange, unquoted: '', expanded: '' };
    const asIndex = words.findIndex((w, i) => i > 0 && w.value.toLowerCase() === 'as');
    const nameWord = asIndex > 0 ? words[asIndex + 1] : undefined;
    const expanded = expandVariables(imageWord.value, this.globalVariables);
    const image = parseImageRef(expanded.value);
    const usesVariables = imageWord.value.includes('$');
    const lower = expanded.value.toLowerCase();
    let parent: StageImpl | undefined;
    for (let i = stages.length - 1; i >= 0; i--) {
      if (stages[i].name !== undefined && stages[i].name!.toLowerCase() === lower) {
        parent = stages[i];
        break;
      }
    }
    let tagRange: Range | undefined;
    let digestRange: Range | undefined;
    if (!usesVariables) {
      const start = imageWord.range.start;
      // `FROM pyth\` + `on:latest`: offsets in the word are mapped through its continuation lines.
      const mapped = imageWord.range.end.line > start.line ? continuationText(this.lines, start, imageWord.range.end, this.escapeChar) : undefined;
      const span = (offset: number, length: number): Range | undefined =>
        !mapped ? lineSpan(start, offset, length) : mapped.text === imageWord.value ? mapped.rangeAt(offset, offset + length) : undefined;
      if (image.tag !== undefined && image.tagOffset !== undefined) {
        tagRange = span(image.tagOffset, image.tag.length);
      }
      if (image.digest !== undefined && image.digestOffset !== undefined) {
        digestRange = span(image.digestOffset, image.digest.length);
      }
    }
    const platform = from.flags.find((f) => f.name === 'platform');
    void node;
    // A new stage starts from the base image's environment, or the parent stage's.
    const inherited = parent ? this.stageEnds[parent.index] : undefined;
    this.currentEnv = inherited?.env ?? VariableScope.empty;
    this.workdir = inherited?.workdir ?? '/';
    from.workdir = this.workdir;
    // BuildKit carries the parent stage's ARG values into `FROM <stage>` along with its ENV.
    this.variables = inherited?.variables ?? this.currentEnv;
    this.shell = inherited?.shell ?? (isWindowsImage(image) ? WINDOWS_SHELL : DEFAULT_SHELL);
    return {
      index: stages.length,
      name: nameWord?.value,
      nameRange: nameWord?.range,
      from,
      imageText: imageWord.value,
      imageRange: imageWord.range,
      image,
      // A value can hold a variable it could not resolve (`ARG A=$B` with `ARG B`), or be too large to expand.
      imageHasUnresolvedVariables: expanded.unresolved.length > 0 || expanded.value.includes('$'),
      imageUsesVariables: usesVariables,
      parent,
      isScratch: lower === 'scratch',
      platform,
      instructions: [],
      tagRange,
      digestRange,
    };
  }

  /** Carries ARG, ENV and SHELL forward, with Docker's scoping rules. */
  afterInstruction(instruction: InstructionImpl): void {
    const inStage = instruction.stage !== undefined && instruction.keyword !== 'FROM';
    switch (instruction.keyword) {
      case 'ARG': {
        if (!instruction.stage) {
          const set = new Map<string, string | undefined>();
          const scope = overlay(this.globalVariables, set);
          for (const pair of instruction.pairs) {
            set.set(pair.key, pair.value === undefined ? undefined : this.expandedValue(pair.value, scope));
          }
          this.globalVariables = this.globalVariables.with(set);
          return;
        }
        const set = new Map<string, string | undefined>();
        const scope = overlay(this.variables, set);
        for (const pair of instruction.pairs) {
          // `ARG NAME` in a stage takes the global default; ENV of the same name wins over ARG.
          if (this.currentEnv.has(pair.key)) continue;
          const value = pair.value !== undefined ? this.expandedValue(pair.value, scope) : this.globalVariables.get(pair.key);
          set.set(pair.key, value);
        }
        this.variables = this.variables.with(set);
        return;
      }
      case 'ENV': {
        if (!inStage) return;
        const set = new Map<string, string | undefined>();
        const scope = overlay(this.variables, set);
        for (const pair of instruction.pairs) set.set(pair.key, this.expandedValue(pair.value ?? '', scope));
        this.variables = this.variables.with(set);
        this.currentEnv = this.currentEnv.with(set);
        break;
      }
      case 'WORKDIR': {
        if (!inStage) return;
        const target = instruction.expand(instruction.args[0]?.value ?? '').replace(/^["']|["']$/g, '');
        if (target) this.workdir = posix.resolve(this.workdir, target);
        break;
      }
      case 'SHELL': {
        if (instruction.execForm && instruction.execForm.length > 0) this.shell = instruction.execForm.map((w) => w.value);
        break;
      }
    }
    if (instruction.stage) {
      this.stageEnds[instruction.stage.index] = { env: this.currentEnv, variables: this.variables, shell: this.shell, workdir: this.workdir };
    }
  }

  /**
   * The value an ARG or ENV gets. Each instruction keeps the values in force, so growth is paid for out of one
   * budget per file: `ARG A=$A$A` line after line doubles the value each time. Past MAX_EXPANDED_LENGTH or
   * the budget, the value is its text as written, unexpanded: unknown, the way `$NAME` of an ARG without a
   * value stays in the values that use it.
   */
  private expandedValue(text: string, variables: VariableLookup): string {
    const expansion = expandVariables(text, variables);
    if (expansion.tooLarge) return text;
    const growth = expansion.value.length - text.length;
    if (growth <= 0) return expansion.value;
    this.growthBudget -= growth;
    return this.growthBudget >= 0 ? expansion.value : text;
  }

  /** `env`: the ENV values in force, which are all a container's command (CMD, ENTRYPOINT, HEALTHCHECK) has. */
  script(instruction: Instruction, env: Variables): ShellScript | undefined {
    if (!SCRIPT_KEYWORDS.has(instruction.keyword)) return undefined;
    // A RUN has its ARG and ENV values in its environment.
    const expand = commandNameExpander(instruction.keyword === 'RUN' ? instruction.variables : env);
    if (instruction.keyword === 'HEALTHCHECK') return this.healthcheckScript(instruction, expand);
    if (instruction.execForm) return parseExecForm(instruction.execForm, instruction.shell, expand);
    const source = shellSource(instruction, this.lines, this.escapeChar);
    if (!source) return undefined;
    return parseShellScript(source, instruction.shell, expand);
  }

  private healthcheckScript(instruction: Instruction, expand: ExpandWord): ShellScript | undefined {
    if (instruction.execForm) return parseExecForm(instruction.execForm, instruction.shell, expand);
    // HEALTHCHECK [flags] CMD <command>: the command follows the CMD word.
    const cmdIndex = instruction.args.findIndex((w) => w.value.toUpperCase() === 'CMD');
    if (cmdIndex < 0 || cmdIndex + 1 >= instruction.args.length) return undefined;
    const first = instruction.args[cmdIndex + 1];
    const source = continuationText(this.lines, first.range.start, instruction.range.end, this.escapeChar);
    return parseShellScript(source, instruction.shell, expand);
  }
}

/** `scope` with the values an instruction has set so far over it: its later pairs see its earlier ones. */
function overlay(scope: Variables, set: ReadonlyMap<string, string | undefined>): VariableLookup {
  return { get: (name) => (set.has(name) ? set.get(name) : scope.get(name)) };
}

/** A command word written with variables, with their values; undefined when one of them has none. */
function commandNameExpander(variables: Variables): ExpandWord {
  return (word) => {
    const expansion = expandVariables(word, variables);
    return expansion.unresolved.length > 0 ? undefined : expansion.value;
  };
}

function lineSpan(start: Position, offset: number, length: number): Range {
  return { start: { line: start.line, column: start.column + offset }, end: { line: start.line, column: start.column + offset + length } };
}

function convertFlag(f: AstFlag, word: WordMaker): Flag {
  const astValueRange = f.getValueRange();
  const value = f.getValue() ?? undefined;
  const valueRange = astValueRange ? toRange(astValueRange) : undefined;
  return {
    name: f.getName(),
    value,
    range: toRange(f.getRange()),
    valueRange,
    valueWord: value !== undefined && valueRange ? word(value, valueRange) : undefined,
  };
}

function readHeredocs(node: AstInstruction, lines: readonly string[]): Heredoc[] {
  const getter = (node as unknown as { getHeredocs?: () => AstHeredoc[] }).getHeredocs;
  if (typeof getter !== 'function') return [];
  let heredocs: AstHeredoc[];
  try {
    heredocs = getter.call(node);
  } catch {
    return [];
  }
  return heredocs.map((h) => {
    const content = h.getContentRange();
    const bodyRange = content ? toRange(content) : undefined;
    return { name: h.getName(), body: bodyRange ? textIn(lines, bodyRange) : '', bodyRange, markerRange: toRange(h.getStartRange()) };
  });
}

const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'ADD', 'COPY']);

/** The JSON array of an exec-form instruction, when its arguments are a valid JSON array of strings (else BuildKit reads shell form). */
/** `fallback` reads the words itself where dockerfile-ast's strings are off (an array continued with the backtick escape). */
/** `nonStrings` is called for a JSON array that holds something other than strings. */
function readExecForm(
  node: AstInstruction,
  keyword: string,
  argsText: string,
  variables: VariableLookup,
  fallback: () => Word[] | undefined,
  nonStrings: () => void,
): Word[] | undefined {
  if (!EXEC_FORM_KEYWORDS.has(keyword) || !('getJSONStrings' in node)) return undefined;
  if (argsText.trimStart()[0] !== '[') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(argsText);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  if (!parsed.every((v) => typeof v === 'string')) {
    nonStrings();
    return undefined;
  }
  // Values from JSON.parse (escapes decoded); positions from dockerfile-ast's strings.
  const strings = (node as JSONInstruction).getJSONStrings();
  if (strings.length !== parsed.length) return fallback();
  return strings.map((s, i) => execWord(parsed[i] as string, toRange(s.getJSONRange()), variables));
}

/** `HEALTHCHECK [flags] CMD ["curl", "-f", "..."]`: the array after `CMD`. */
function healthcheckExecForm(
  args: readonly Word[],
  lines: readonly string[],
  end: Position,
  escapeChar: string,
  variables: VariableLookup,
): Word[] | undefined {
  const cmd = args.findIndex((w) => w.value.toUpperCase() === 'CMD');
  const first = args[cmd + 1];
  if (cmd < 0 || !first?.value.startsWith('[')) return undefined;
  return execWordsFrom(lines, first.range.start, end, escapeChar, variables);
}

/**
 * BuildKit reads the leading `--name[=value]` words of every instruction as flags (a lone `--` ends them);
 * dockerfile-ast splits them off for ADD, COPY, FROM, HEALTHCHECK and RUN only, so for the others they are
 * taken from the arguments.
 */
function splitLeadingFlags(astFlags: readonly Flag[], args: readonly Word[]): { leadingFlags: Flag[]; operands: Word[] } {
  const leadingFlags = astFlags.filter((f) => f.name !== '');
  // Flags dockerfile-ast split off are not arguments, whichever way it lists them.
  const flagStarts = new Set(astFlags.map((f) => `${f.range.start.line}:${f.range.start.column}`));
  let operands = args.filter((w) => !flagStarts.has(`${w.range.start.line}:${w.range.start.column}`));
  if (astFlags.length === 0) {
    let i = 0;
    for (; i < operands.length && operands[i].value.startsWith('--'); i++) {
      const word = operands[i];
      if (word.value === '--') {
        i++;
        break;
      }
      const eq = word.value.indexOf('=');
      const start = word.range.start;
      leadingFlags.push({
        name: eq < 0 ? word.value.slice(2) : word.value.slice(2, eq),
        value: eq < 0 ? undefined : word.value.slice(eq + 1),
        range: word.range,
        valueRange: eq < 0 ? undefined : { start: { line: start.line, column: start.column + eq + 1 }, end: word.range.end },
        valueWord: undefined,
      });
    }
    operands = operands.slice(i);
  }
  return { leadingFlags, operands };
}

/** A shell-form word of the instruction at `range`; `written` stands for its source text when it has no range of its own. */
type WordMaker = (value: string, range: Range, written?: string) => Word;

function readPairs(node: AstInstruction, keyword: string, word: WordMaker): KeyValue[] {
  if (keyword !== 'ENV' && keyword !== 'ARG' && keyword !== 'LABEL') return [];
  const properties = (node as unknown as { getProperties(): AstProperty[] }).getProperties?.() ?? [];
  return properties.map((p) => {
    const astValueRange = p.getValueRange();
    const value = p.getValue();
    const keyRange = toRange(p.getNameRange());
    const valueRange = astValueRange ? toRange(astValueRange) : undefined;
    return {
      key: p.getName(),
      value: value ?? undefined,
      keyRange,
      valueRange,
      keyWord: word(p.getName(), keyRange),
      // `ENV A=` has an empty value and no value range.
      valueWord: value === null ? undefined : valueRange ? word(value, valueRange) : word(value, { start: keyRange.end, end: keyRange.end }, value),
      legacy: p.getAssignmentOperator() === null && value !== null,
    };
  });
}

/**
 * The text a shell-form RUN/CMD/ENTRYPOINT hands to the shell: line
 * continuations and the comment and blank lines inside them removed, as
 * BuildKit does, then the heredoc lines verbatim. `RUN <<EOF` alone runs the
 * heredoc as the script.
 */
function shellSource(instruction: Instruction, lines: readonly string[], escapeChar: string): MappedText | undefined {
  if (!instruction.argsRange) return undefined;
  const end = instruction.range.end;
  const heredocs = instruction.heredocs;
  if (heredocs.length === 0) return continuationText(lines, instruction.argsRange.start, end, escapeChar);

  const firstBodyLine = heredocs[0].markerRange.start.line + 1;
  const commandEnd: Position = { line: firstBodyLine - 1, column: (lines[firstBodyLine - 2] ?? '').length + 1 };
  const command = continuationText(lines, instruction.argsRange.start, commandEnd, escapeChar);
  const onlyHeredoc = heredocs.length === 1 && /^<<-?\s*(["']?)[^\s"']+\1$/.test(command.text.trim());
  if (onlyHeredoc) {
    const h = heredocs[0];
    const body = new MappedText();
    if (!h.bodyRange) return body;
    for (let line = h.bodyRange.start.line; line <= h.bodyRange.end.line; line++) {
      body.append(`${lines[line - 1] ?? ''}\n`, { line, column: 1 });
    }
    return body;
  }
  const mapped = heredocsAfterCommand(command, heredocs);
  mapped.append('\n', undefined);
  for (let line = firstBodyLine; line <= end.line; line++) mapped.append(`${lines[line - 1] ?? ''}\n`, { line, column: 1 });
  return mapped;
}

/**
 * `<<EOF bash -ex` as `bash -ex <<EOF`: the same command for a shell (redirections may stand anywhere), but
 * tree-sitter-bash reads heredoc redirections only after the command name.
 */
function heredocsAfterCommand(command: MappedText, heredocs: readonly Heredoc[]): MappedText {
  const text = command.text;
  const offsetOf = (p: Position): number => {
    for (let i = 0; i < text.length; i++) {
      const at = command.positionAt(i);
      if (at.line === p.line && at.column === p.column) return i;
    }
    return -1;
  };
  let lead = text.length - text.trimStart().length;
  const start = lead;
  for (const h of heredocs) {
    if (offsetOf(h.markerRange.start) !== lead) break;
    const end = offsetOf({ line: h.markerRange.end.line, column: h.markerRange.end.column - 1 });
    if (end < 0) break;
    lead = end + 1;
    while (lead < text.length && (text[lead] === ' ' || text[lead] === '\t')) lead++;
  }
  if (lead === start || lead >= text.length) return command;
  const reordered = command.slice(lead, text.length);
  reordered.append(' ', undefined);
  return reordered.appendMapped(command.slice(start, lead));
}

/**
 * The text a shell-form RUN/CMD/ENTRYPOINT hands to the shell, mapped back to the file, for tools
 * that read the script themselves (ShellCheck); undefined for exec form.
 */
export function runSource(instruction: Instruction, file: DockerfileModel): MappedText | undefined {
  return instruction.execForm ? undefined : shellSource(instruction, file.lines, file.escapeChar);
}

/** The arguments as Docker reads them: continuations and their comment lines removed, heredoc lines verbatim. */
function argumentsText(lines: readonly string[], start: Position, end: Position, escapeChar: string, bodyStart: number): string {
  if (bodyStart > end.line) return continuationText(lines, start, end, escapeChar).text;
  const commandEnd: Position = { line: bodyStart - 1, column: (lines[bodyStart - 2] ?? '').length + 1 };
  const command = continuationText(lines, start, commandEnd, escapeChar).text;
  return [command, ...lines.slice(bodyStart - 1, end.line)].join('\n');
}

/** Joins the physical lines of one logical line from `start` to `end`, as Docker's parser does. */
function continuationText(lines: readonly string[], start: Position, end: Position, escapeChar: string): MappedText {
  const mapped = new MappedText();
  for (let line = start.line; line <= end.line; line++) {
    let text = lines[line - 1] ?? '';
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const from = line === start.line ? start.column - 1 : 0;
    let segment = text.slice(from, line === end.line ? Math.max(from, end.column - 1) : undefined);
    if (line !== start.line) {
      const trimmed = segment.trimStart();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
    }
    const continued = endsWithContinuation(segment, escapeChar);
    if (continued >= 0) segment = segment.slice(0, continued);
    mapped.append(segment, { line, column: from + 1 });
    if (continued < 0) break;
  }
  return mapped;
}

/** The index of the escape character that continues the line, or -1. */
function endsWithContinuation(segment: string, escapeChar: string): number {
  let i = segment.length - 1;
  while (i >= 0 && (segment[i] === ' ' || segment[i] === '\t')) i--;
  // BuildKit: an escaped escape character (`C:\\`) does not continue the line.
  if (i < 0 || segment[i] !== escapeChar || (i > 0 && segment[i - 1] === escapeChar)) return -1;
  return i;
}

/** Exec-form words of `HEALTHCHECK CMD [...]`, read from the source text. */
function execWordsFrom(
  lines: readonly string[],
  start: Position,
  end: Position,
  escapeChar: string,
  variables: VariableLookup,
): Word[] | undefined {
  const mapped = continuationText(lines, start, end, escapeChar);
  let parsed: unknown;
  try {
    parsed = JSON.parse(mapped.text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) return undefined;
  // Positions: find each string's opening quote in order.
  const words: Word[] = [];
  let offset = 0;
  const source = mapped.text;
  for (const value of parsed as string[]) {
    const open = source.indexOf('"', offset);
    let close = open + 1;
    while (close < source.length && source[close] !== '"') close += source[close] === '\\' ? 2 : 1;
    // The string's content, without its quotes, as dockerfile-ast's JSON ranges give it.
    words.push(execWord(value, mapped.rangeAt(open + 1, close), variables));
    offset = close + 1;
  }
  return words;
}
