/**
 * Reads a RUN body (or CMD, ENTRYPOINT, HEALTHCHECK CMD) into the shell model of
 * ./shell.ts, with tree-sitter-bash run by web-tree-sitter. Nothing outside this
 * file sees tree-sitter's nodes, so the parser can be swapped.
 *
 * web-tree-sitter reports offsets in UTF-16 code units when it parses a JS string,
 * the same units as MappedText, so node offsets are used as they are.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type TreeCursor } from 'web-tree-sitter';
import type { Range } from './position.js';
import type { CommandNesting, ShellAssignment, ShellCommand, ShellScript, ShellWord } from './shell.js';
import { variableValues, type Region, type VariableRecord } from './shell-variables.js';
import { MappedText } from './source-map.js';

let loading: Promise<void> | undefined;
let parser: Parser | undefined;
/** The grammar's node type names by id. */
let typeNames: readonly string[] = [];
/** 1 for node types that hold no command (tokens like `;` and `then`, words), by id: not descended into. */
let leafTypes = new Uint8Array(0);

/** Where a bundle that cannot read node_modules (the GitHub Action, dist/cli.js) gets the WASM bytes: read only when a shell is parsed. */
let embedded: { runtime: () => Uint8Array; grammar: () => Uint8Array } | undefined;

/** Makes loadShellParser() use these bytes instead of the files in node_modules. Call before it. */
export function useEmbeddedShellParser(runtime: () => Uint8Array, grammar: () => Uint8Array): void {
  embedded = { runtime, grammar };
}

/** Loads the WASM grammar once per process; every later call returns the same promise. */
export function loadShellParser(): Promise<void> {
  loading ??= (async () => {
    const runtime = embedded?.runtime();
    await Parser.init(runtime ? { wasmBinary: runtime.buffer.slice(runtime.byteOffset, runtime.byteOffset + runtime.byteLength) as ArrayBuffer } : undefined);
    const language = await Language.load(embedded?.grammar() ?? createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    typeNames = language.types;
    leafTypes = new Uint8Array(typeNames.length);
    for (let id = 0; id < typeNames.length; id++) {
      if (!language.nodeTypeIsNamed(id) || LEAVES.has(typeNames[id])) leafTypes[id] = 1;
    }
    const instance = new Parser();
    instance.setLanguage(language);
    parser = instance;
  })();
  return loading;
}

/**
 * The value a word written with variables has before the script runs (the `ARG`/`ENV` values in scope), or
 * undefined when it is not known. It names commands whose name is a variable (`${PYTHON} -m pip`).
 */
export type ExpandWord = (word: string) => string | undefined;

/** Synchronous after loadShellParser() resolved; throws a clear Error if called before. */
export function parseShellScript(source: MappedText, shell: readonly string[], expand?: ExpandWord): ShellScript {
  requireParser();
  const cmd = isCmdShell(shell);
  // cmd.exe splits `a && b`, `a | b` like a POSIX shell, but has no `$(...)` or backticks:
  // those are text there (often inside PowerShell strings), not commands.
  const collected: Collected = { drafts: [], assigned: new Set(), assignments: [], records: [], region: undefined, substitutions: !cmd, depth: 0, truncated: false };
  if (!cmd && !isPosixShell(shell)) return toScript(shell, collected, false);
  // tree-sitter takes time that grows faster than the text on some deep nesting (10,000 `(`: 7 s), and the walk
  // reads no deeper than MAX_NODE_DEPTH anyway: such a script is left unread, marked as having errors.
  // Likewise on many brackets left open followed by more text (100 unclosed `${` then 100 KB: 36 s).
  const brackets = bracketDepth(source.text);
  if (brackets.max > MAX_PARSED_BRACKET_DEPTH || brackets.open > MAX_OPEN_BRACKETS) return toScript(shell, collected, true, expand);
  const hasErrors = parseInto(cmd ? withoutCmdSemicolons(source) : source, collected, { nesting: 'top', parent: undefined }, 0, keepsBuiltinAssignments(shell[0] ?? 'sh'));
  return toScript(shell, collected, hasErrors, expand);
}

/**
 * cmd.exe does not end a command at `;`: in `powershell -Command $a = 1; wget $url` everything after
 * `powershell` is its argument, and `wget` is PowerShell's alias of Invoke-WebRequest, not a command of
 * the RUN. Unquoted semicolons become spaces so that the POSIX parse does not split there.
 */
function withoutCmdSemicolons(source: MappedText): MappedText {
  const text = source.text;
  if (!text.includes(';')) return source;
  let inQuotes = false;
  let out = '';
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '\n') inQuotes = false;
    out += ch === ';' && !inQuotes ? ' ' : ch;
  }
  return source.withText(out);
}

/** Exec form (`RUN ["sh","-c","apt-get install x"]`, `CMD ["python","app.py"]`): words with their file ranges. */
export function parseExecForm(words: readonly { value: string; range: Range }[], shell: readonly string[], expand?: ExpandWord): ShellScript {
  requireParser();
  const collected: Collected = { drafts: [], assigned: new Set(), assignments: [], records: [], region: undefined, substitutions: true, depth: 0, truncated: false };
  if (words.length === 0) return toScript(shell, collected, false);

  // `["sh", "-c", "script"]` is what the shell form runs too: its script's commands are the top level.
  if (SHELLS.has(basename(words[0].value))) {
    const operand = scriptOperandIndex(words.slice(1).map((w) => w.value), 'c');
    if (operand >= 0) {
      const hasErrors = parseInto(jsonStringSource(words[operand + 1]), collected, { nesting: 'top', parent: undefined }, 0, keepsBuiltinAssignments(words[0].value));
      return toScript(shell, collected, hasErrors, expand);
    }
  }

  // Not run through a shell: no quotes, no expansion, every word is what the program receives.
  const draft = newDraft(collected, { nesting: 'top', parent: undefined });
  for (const word of words) {
    draft.words.push({ text: word.value, value: word.value, literal: true, range: word.range });
  }
  resolve(draft);
  const script = shellOperand(draft);
  if (script) inSubshell(collected, script.range, () => parseInto(jsonStringSource(script), collected, { nesting: 'shell-string', parent: draft.command }, 1, keepsBuiltinAssignments(draft.command.name)));
  return toScript(shell, collected, false, expand);
}

function requireParser(): Parser {
  if (!parser) throw new Error('The shell parser is not loaded yet: await loadShellParser() before parsing shell scripts.');
  return parser;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableCommand = Mutable<ShellCommand>;
type Redirect = ShellCommand['redirects'][number];
type Heredoc = ShellCommand['heredocs'][number];

/** A command while it is being read: its words before wrappers are looked through. */
interface Draft {
  readonly command: MutableCommand;
  /** Every word: wrappers, the program's name and its arguments. */
  readonly words: ShellWord[];
  /** [start, end) offsets of each word in the walked text (shell form only). */
  readonly spans: number[];
  /** `NAME=value` words before the first word. */
  readonly prefix: ShellAssignment[];
  readonly redirects: Redirect[];
  readonly heredocs: Heredoc[];
  finished: boolean;
}

/** What one parse collects, nested scripts (`sh -c '...'`, `bash <<EOF`) included. */
interface Collected {
  readonly drafts: Draft[];
  readonly assigned: Set<string>;
  /** Assignment statements with their values, in the order they were read. */
  readonly assignments: ShellAssignment[];
  /** Every place that sets a variable, with the region that holds it: what ShellScript.valueAt answers from. */
  readonly records: VariableRecord[];
  /** The innermost part of the script being walked that may not run, or runs in a subshell (see shell-variables.ts). */
  region: Region | undefined;
  /** Whether `$(...)`, backticks and `<(...)` hold commands (not under cmd.exe). */
  readonly substitutions: boolean;
  /** How many nodes deep the walk is now, across nested scripts: see enter(). */
  depth: number;
  /** True when a part nested deeper than MAX_NODE_DEPTH was not read. */
  truncated: boolean;
}

/** The nesting and parent that commands found at this point of the walk get. */
interface Level {
  readonly nesting: CommandNesting;
  readonly parent: MutableCommand | undefined;
}

/** One tree being walked. */
interface Walk {
  readonly text: string;
  readonly source: MappedText;
  readonly cursor: TreeCursor;
  readonly collected: Collected;
  /** How many scripts deep (shell strings, heredoc scripts) this tree is. */
  readonly depth: number;
  /** Whether `P=x set -x` leaves P set, as POSIX shells do (bash and zsh do not, unless in POSIX mode). */
  readonly posix: boolean;
}

// A shell string holding a shell string holding ...: past this depth they stay plain words.
const MAX_SCRIPT_DEPTH = 4;

/**
 * The walk recurses once per level of the tree, and scripts come from pull requests: 750 nested `$(`
 * overflowed the stack, or did not, depending on how far V8 had optimized the walk. Parts nested deeper
 * than this are not read, and the script says it has errors; the chains of `&&` and `||`, as deep as
 * they are long, are walked with a loop (walkList). Real scripts stay far below.
 */
const MAX_NODE_DEPTH = 200;

/** Deeper than this, tree-sitter's time grows quickly, and nothing so deep is read (MAX_NODE_DEPTH) anyway. */
const MAX_PARSED_BRACKET_DEPTH = 1000;

function withoutNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
}

/** Brackets still open at the end of a script: no real script leaves more than a few. */
const MAX_OPEN_BRACKETS = 64;

/** The deepest nesting of `(` and `{` in a text, and how many are open at its end; quotes not considered. */
function bracketDepth(text: string): { max: number; open: number } {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 125) && depth > 0) depth--;
  }
  return { max, open: depth };
}

const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

/** Returns whether the tree had errors. */
function parseInto(source: MappedText, collected: Collected, level: Level, depth: number, posix: boolean): boolean {
  const parser = requireParser();
  // web-tree-sitter stops reading its input at a NUL and asks again from there: a NUL makes the parse quadratic
  // (100 KB: minutes). Bash drops NULs; one U+FFFD in its place keeps every offset.
  let tree = parser.parse(withoutNul(source.text));
  if (!tree) return true;
  if (tree.rootNode.hasError) {
    // Retry with the separators tree-sitter-bash needs and bash does not; keep the first tree if that does not help.
    const separated = withReservedWordSeparators(source);
    const retry = separated && parser.parse(withoutNul(separated.text));
    if (retry && !retry.rootNode.hasError) {
      tree.delete();
      tree = retry;
      source = separated!;
    } else retry?.delete();
  }
  const cursor = tree.walk();
  try {
    walkChildren({ text: source.text, source, cursor, collected, depth, posix }, level);
    return tree.rootNode.hasError;
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/**
 * bash ends a compound command at `fi`, `done`, `esac`, `)` or `}` and reads a reserved word right after
 * it (`if a; then b; fi done`, common once line continuations are joined); tree-sitter-bash wants a `;`
 * there. The blank before the reserved word becomes that `;`, so that every offset stays where it was.
 */
function withReservedWordSeparators(source: MappedText): MappedText | undefined {
  const text = source.text.replace(/(\b(?:fi|done|esac)\b|[)}])[ \t](?=[ \t]*(?:fi|done|esac|else|elif)\b)/g, '$1;');
  return text === source.text ? undefined : source.withText(text);
}

function toScript(shell: readonly string[], collected: Collected, hasErrors: boolean, expand?: ExpandWord): ShellScript {
  if (expand) nameByValue(collected, expand);
  const commands: ShellCommand[] = collected.drafts.map((d) => d.command);
  let topLevelCount = 0;
  for (const command of commands) if (command.nesting === 'top') topLevelCount++;
  const assignments = collected.assignments.slice().sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return {
    shell,
    commands,
    topLevelCount,
    hasErrors: hasErrors || collected.truncated,
    assignedVariables: collected.assigned,
    assignments,
    valueAt: variableValues(collected.records),
  };
}

/** bash and zsh (not in POSIX mode) forget `P=x` written before a special builtin (`P=x set -e`); sh, dash, ash and ksh keep it. */
function keepsBuiltinAssignments(shell: string): boolean {
  const name = basename(shell.replaceAll('\\', '/'));
  return name !== 'bash' && name !== 'zsh';
}

/** Runs `walk` with `region` (of `kind`, over `range`) as the innermost region. */
function inRegion(collected: Collected, kind: Region['kind'], range: Range, walk: () => void, exclusive?: Range): void {
  const outer = collected.region;
  collected.region = { kind, range, parent: outer, exclusive };
  try {
    walk();
  } finally {
    collected.region = outer;
  }
}

/** A nested script (`sh -c '...'`, `bash <<EOF`): a shell of its own, whose variables do not come back. */
function inSubshell<T>(collected: Collected, range: Range, parse: () => T): T {
  let result!: T;
  inRegion(collected, 'subshell', range, () => {
    result = parse();
  });
  return result;
}

/** Notes that the script sets `name` here (see shell-variables.ts). */
function addRecord(collected: Collected, name: string, kind: VariableRecord['kind'], range: Range, value = '', expansions: readonly number[] = [], array = false): void {
  if (name === '') return;
  collected.records.push({ name, kind, value, expansions, array, range, region: collected.region });
}

/** Notes an assignment `NAME=value` or `NAME+=value` read by readAssignment. */
function recordAssignment(collected: Collected, assignment: ShellAssignment): void {
  const details = assignmentDetails.get(assignment);
  const kind = appending.has(assignment) ? 'append' : 'set';
  addRecord(collected, assignment.name, kind, assignment.range, details?.value ?? assignment.value, details?.expansions ?? [], details?.array ?? false);
}

/** Names the commands whose first word is a variable with a known value (`ENV PIP=pip3` + `$PIP install`). */
function nameByValue(collected: Collected, expand: ExpandWord): void {
  for (const { command } of collected.drafts) {
    if (command.name !== '' || command.nameWord === undefined || command.nameWord.literal) continue;
    const value = expand(command.nameWord.value);
    if (value && !/[\s$`]/.test(value)) command.name = basename(value);
  }
}

function isCmdShell(shell: readonly string[]): boolean {
  return shell.length > 0 && /^cmd(\.exe)?$/i.test(basename(shell[0].replaceAll('\\', '/')));
}

function isPosixShell(shell: readonly string[]): boolean {
  if (shell.length === 0) return true;
  const name = basename(shell[0].replaceAll('\\', '/')).toLowerCase();
  return !(name.includes('pwsh') || name.includes('powershell') || name.includes('cmd'));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------------------
// Walking the tree. Every function that moves the cursor down moves it back up.

// Nodes that can hold no command: not descended into.
const LEAVES: ReadonlySet<string> = new Set([
  'word', 'number', 'raw_string', 'ansi_c_string', 'string_content', 'variable_name', 'special_variable_name',
  'simple_expansion', 'comment', 'heredoc_start', 'heredoc_end', 'heredoc_content', 'file_descriptor',
  'test_operator', 'extglob_pattern', 'regex',
]);

const REDIRECTS: ReadonlySet<string> = new Set(['file_redirect', 'herestring_redirect', 'heredoc_redirect']);

/** Moves the cursor to the first child of its node, unless it has none or is MAX_NODE_DEPTH deep. */
function enter(w: Walk): boolean {
  const collected = w.collected;
  if (collected.depth >= MAX_NODE_DEPTH) {
    collected.truncated = true;
    return false;
  }
  if (!w.cursor.gotoFirstChild()) return false;
  collected.depth++;
  return true;
}

/** Back to the parent of the node entered with enter(). */
function leave(w: Walk): void {
  w.cursor.gotoParent();
  w.collected.depth--;
}

function walkChildren(w: Walk, level: Level): void {
  if (!enter(w)) return;
  walkSiblings(w, level);
  leave(w);
}

/**
 * `a && b && c` is list(list(a, b), c): a tree as deep as the chain is long. The chain is walked with a
 * loop, innermost list first. With `members`, its first command continues a pipeline (addPipelineMember).
 */
function walkList(w: Walk, level: Level, members: Draft[] | undefined): void {
  const cursor = w.cursor;
  // Each list's operator and end, outermost first: the command after `&&` or `||` may not run (a region).
  const operators: string[] = [];
  const ends: number[] = [];
  while (cursor.nodeType === 'list') {
    const node = cursor.currentNode;
    if (!cursor.gotoFirstChild()) break;
    operators.push(listOperator(node));
    ends.push(node.endIndex);
  }
  const lists = operators.length;
  if (lists === 0) return;
  operators.reverse();
  ends.reverse();
  // After `x && a`, what follows through `&&` runs only if `a` ran; after `x || a` it also runs when `x` succeeded.
  const andRunEnds = new Array<number>(lists);
  for (let i = lists - 1; i >= 0; i--) andRunEnds[i] = i + 1 < lists && operators[i + 1] === '&&' ? andRunEnds[i + 1] : ends[i];
  const regionEnds = andRunEnds.map((end, i) => (operators[i] === '&&' ? end : ends[i]));
  const rightOperand = (i: number): void => {
    const start = cursor.startIndex;
    inRegion(w.collected, 'branch', w.source.rangeAt(start, Math.max(start, regionEnds[i])), () => walkSiblings(w, level));
  };
  if (members) addPipelineMember(w, level, members, cursor.nodeType);
  else visitOne(w, level);
  if (cursor.gotoNextSibling()) rightOperand(0);
  // Back up the chain: after each inner list come the operator and the command it chains.
  for (let i = 1; i < lists; i++) {
    cursor.gotoParent();
    if (cursor.gotoNextSibling()) rightOperand(i);
  }
  cursor.gotoParent();
}

/** `&&` or `||`: the operator of a list node. */
function listOperator(node: { readonly children: readonly ({ readonly type: string } | null)[] }): string {
  for (const child of node.children) if (child?.type === '&&' || child?.type === '||') return child.type;
  return '';
}

/** Visits the node at the cursor alone (walkSiblings without the siblings). */
function visitOne(w: Walk, level: Level): void {
  const id = w.cursor.nodeTypeId;
  if (leafTypes[id] !== 1) visit(w, level, typeNames[id] ?? 'ERROR');
}

/**
 * Visits the node at the cursor and the siblings after it. `visitChild`, when given, visits each of them instead
 * of `visit` (walkIf uses it to put the `then` part in a branch region).
 */
function walkSiblings(w: Walk, level: Level, visitChild?: (type: string) => void): void {
  const cursor = w.cursor;
  const drafts = w.collected.drafts;
  let previousStart = drafts.length;
  do {
    const id = cursor.nodeTypeId;
    if (leafTypes[id] === 1) {
      // `a && b &` runs the whole and-or list in the background.
      if (typeNames[id] === '&') for (let i = previousStart; i < drafts.length; i++) drafts[i].command.background = true;
      continue;
    }
    previousStart = drafts.length;
    if (visitChild) visitChild(typeNames[id] ?? 'ERROR');
    else visit(w, level, typeNames[id] ?? 'ERROR');
  } while (cursor.gotoNextSibling());
}

function visit(w: Walk, level: Level, type: string): void {
  switch (type) {
    case 'command':
      finishCommand(w, convertCommand(w, level));
      return;
    case 'declaration_command':
    case 'unset_command':
      finishCommand(w, convertDeclaration(w, level));
      return;
    case 'redirected_statement':
      convertRedirected(w, level);
      return;
    case 'pipeline':
      convertPipeline(w, level, []);
      return;
    case 'list':
      walkList(w, level, undefined);
      return;
    case 'variable_assignment': {
      // A statement of its own (`A=1`, `A=1 && ...`): the variable stays set for what follows.
      // Reading its value visits the commands of its substitutions.
      const assignment = readAssignment(w, level);
      w.collected.assigned.add(assignment.name);
      if (setsValue(assignment)) w.collected.assignments.push(assignment);
      recordAssignment(w.collected, assignment);
      return;
    }
    case 'command_substitution':
      if (w.collected.substitutions) inRegion(w.collected, 'subshell', nodeRange(w), () => walkChildren(w, { nesting: 'substitution', parent: level.parent }));
      return;
    case 'process_substitution':
      if (w.collected.substitutions) inRegion(w.collected, 'subshell', nodeRange(w), () => walkChildren(w, { nesting: 'process-substitution', parent: level.parent }));
      return;
    case 'subshell':
      inRegion(w.collected, 'subshell', nodeRange(w), () => walkChildren(w, level));
      return;
    case 'if_statement':
      walkIf(w, level);
      return;
    case 'case_item':
    case 'elif_clause':
    case 'else_clause': {
      const statement = w.cursor.currentNode.parent;
      const exclusive = statement ? w.source.rangeAt(statement.startIndex, statement.endIndex) : undefined;
      inRegion(w.collected, 'branch', nodeRange(w), () => walkChildren(w, level), exclusive);
      return;
    }
    case 'for_statement':
    case 'c_style_for_statement':
    case 'while_statement':
      // The body may run no time or many; `for P in ...` sets P to values read as unknown.
      inRegion(w.collected, 'loop', nodeRange(w), () => {
        const variable = w.cursor.currentNode.childForFieldName('variable');
        if (type === 'for_statement' && variable) addRecord(w.collected, variable.text, 'unknown', w.source.rangeAt(variable.startIndex, variable.endIndex));
        walkChildren(w, level);
      });
      return;
    case 'function_definition':
      inRegion(w.collected, 'function', nodeRange(w), () => walkChildren(w, level));
      return;
    case 'file_redirect':
    case 'herestring_redirect':
    case 'heredoc_redirect':
      convertRedirect(w, level, undefined, type);
      return;
    default:
      if (!LEAVES.has(type)) walkChildren(w, level);
  }
}

function nodeRange(w: Walk): Range {
  return w.source.rangeAt(w.cursor.startIndex, w.cursor.endIndex);
}

/**
 * `if c; then a; elif d; then b; else e; fi`: the first condition always runs; what follows `then`
 * and the `elif`/`else` clauses are branches that may not.
 */
function walkIf(w: Walk, level: Level): void {
  const children = w.cursor.currentNode.children;
  let branchStart = -1;
  let branchEnd = -1;
  for (const child of children) {
    if (!child) continue;
    if (child.type === 'then' && branchStart < 0) branchStart = child.endIndex;
    else if (branchStart >= 0 && (child.type === 'elif_clause' || child.type === 'else_clause' || child.type === 'fi')) {
      branchEnd = child.startIndex;
      break;
    }
  }
  if (branchStart >= 0 && branchEnd < 0) branchEnd = w.cursor.endIndex;
  const statement = nodeRange(w);
  if (!enter(w)) return;
  const cursor = w.cursor;
  const branch = branchStart >= 0 ? w.source.rangeAt(branchStart, branchEnd) : undefined;
  walkSiblings(w, level, (type) => {
    const inThen = branch !== undefined && cursor.startIndex >= branchStart && cursor.endIndex <= branchEnd;
    if (inThen) inRegion(w.collected, 'branch', branch, () => visit(w, level, type), statement);
    else visit(w, level, type);
  });
  leave(w);
}

function newDraft(collected: Collected, level: Level): Draft {
  const redirects: Redirect[] = [];
  const heredocs: Heredoc[] = [];
  const command: MutableCommand = {
    name: '',
    nameWord: undefined as unknown as ShellWord, // set by resolve()
    wrappers: [],
    args: [],
    assignments: [],
    redirects,
    heredocs,
    range: undefined as unknown as Range, // set by resolve()
    nesting: level.nesting,
    parent: level.parent,
    pipeline: [],
    pipelineIndex: 0,
    pipelineElement: [],
    background: false,
  };
  command.pipeline = [command];
  command.pipelineElement = command.pipeline;
  const draft: Draft = { command, words: [], spans: [], prefix: [], redirects, heredocs, finished: false };
  // Pushed before its words are read, so that commands in its substitutions come after it.
  collected.drafts.push(draft);
  return draft;
}

/** Reads a `command` node: assignments, words and the redirections written inside it. */
function convertCommand(w: Walk, level: Level): Draft {
  const cursor = w.cursor;
  const draft = newDraft(w.collected, level);
  const wordLevel: Level = { nesting: level.nesting, parent: draft.command };
  if (!enter(w)) return draft;
  do {
    const type = cursor.nodeType;
    if (type === 'variable_assignment' && draft.words.length === 0) draft.prefix.push(readAssignment(w, wordLevel));
    else if (REDIRECTS.has(type)) convertRedirect(w, level, draft, type);
    else if (type === 'ERROR' || type === 'comment') visit(w, level, type);
    else addWord(w, draft, readWord(w, wordLevel, type));
  } while (cursor.gotoNextSibling());
  leave(w);
  return draft;
}

/** `export A=1 B`, `local x`, `unset Y`: a command named by its keyword; `NAME=value` operands set variables. */
function convertDeclaration(w: Walk, level: Level): Draft {
  const cursor = w.cursor;
  const draft = newDraft(w.collected, level);
  const wordLevel: Level = { nesting: level.nesting, parent: draft.command };
  if (!enter(w)) return draft;
  do {
    const type = cursor.nodeType;
    if (REDIRECTS.has(type)) {
      convertRedirect(w, level, draft, type);
      continue;
    }
    if (type === 'ERROR' || type === 'comment') {
      visit(w, level, type);
      continue;
    }
    const expansions: number[] = [];
    const word = readWord(w, wordLevel, type, expansions);
    if (type === 'variable_assignment') {
      const name = assignmentName(word.text);
      w.collected.assigned.add(name);
      // `export A="x y"`: the value after `A=` (not `A+=`, which appends).
      if (name !== '' && word.value.startsWith(`${name}=`)) {
        const value = word.value.slice(name.length + 1);
        w.collected.assignments.push({ name, value, range: word.range });
        const array = /^\(.*\)$/s.test(value);
        const shift = name.length + 1 + (array ? 1 : 0);
        addRecord(w.collected, name, 'set', word.range, array ? value.slice(1, -1) : value, expansions.map((o) => o - shift), array);
      } else {
        addRecord(w.collected, name, 'unknown', word.range);
      }
    } else if (declarationSets(draft, word)) {
      addRecord(w.collected, word.value, draft.words[0]?.value === 'unset' ? 'unset' : 'unknown', word.range);
    }
    addWord(w, draft, word);
  } while (cursor.gotoNextSibling());
  leave(w);
  return draft;
}

/**
 * `unset P` empties P; `local P`, `declare P`, `typeset P` (bare names, in a function or not) are taken as
 * giving it a value not known. `export P` and `readonly P` keep the value.
 */
function declarationSets(draft: Draft, word: ShellWord): boolean {
  // The keyword itself is the draft's first word, read before its operands.
  const keyword = draft.words[0]?.value;
  if (keyword === undefined) return false;
  if (!(keyword === 'unset' || keyword === 'local' || keyword === 'declare' || keyword === 'typeset')) return false;
  // `unset -f name` removes a function.
  if (keyword === 'unset' && draft.words.some((d) => d.value === '-f')) return false;
  return word.literal && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.value);
}

/**
 * `cmd ... > out`: tree-sitter puts the redirections beside the command, and for a
 * heredoc the rest of the line too (`cat <<EOF | sh`, `cat <<EOF > f && chmod ...`).
 */
function convertRedirected(w: Walk, level: Level): void {
  const cursor = w.cursor;
  if (!enter(w)) return;
  let draft: Draft | undefined;
  let target: Draft | undefined;
  do {
    const type = cursor.nodeType;
    if (REDIRECTS.has(type)) {
      convertRedirect(w, level, target, type);
    } else if (type === 'command' && !target) {
      draft = convertCommand(w, level);
      target = draft;
    } else if (type === 'pipeline' && !target) {
      // `a | b > out` redirects b's output.
      const members = convertPipeline(w, level, []);
      target = members[members.length - 1];
    } else if (type === 'list' && !target) {
      // tree-sitter reads `a > x && b >> out` as the whole list redirected; bash redirects only `b`.
      const drafts = w.collected.drafts;
      const before = drafts.length;
      visit(w, level, type);
      for (let i = drafts.length - 1; i >= before && !target; i--) {
        if (drafts[i].command.nesting === level.nesting && drafts[i].command.parent === level.parent) target = drafts[i];
      }
    } else {
      visit(w, level, type);
    }
  } while (cursor.gotoNextSibling());
  leave(w);
  if (draft) finishCommand(w, draft);
}

/**
 * The pipeline's members are the commands that read and write the pipe. For a
 * compound member (`curl x | (cd /tmp; sh)`, `cat <<EOF | tee f && echo`), its
 * first simple command takes the slot: the one that reads the pipe first. Its
 * other commands keep a pipeline of their own.
 */
function convertPipeline(w: Walk, level: Level, members: Draft[]): Draft[] {
  const cursor = w.cursor;
  if (!enter(w)) return members;
  do {
    const type = cursor.nodeType;
    if (type !== '|' && type !== '|&') addPipelineMember(w, level, members, type);
  } while (cursor.gotoNextSibling());
  leave(w);
  if (members.length > 1) {
    const pipeline = members.map((d) => d.command);
    for (let i = 0; i < pipeline.length; i++) {
      pipeline[i].pipeline = pipeline;
      pipeline[i].pipelineIndex = i;
    }
  }
  return members;
}

function addPipelineMember(w: Walk, level: Level, members: Draft[], type: string): void {
  const cursor = w.cursor;
  if (type === 'pipeline') {
    convertPipeline(w, level, members);
    return;
  }
  if (type === 'list') {
    // tree-sitter reads `a | b | c && d` as `a | (b | c && d)`: the list's first
    // pipeline continues this one, the rest of the list follows it.
    walkList(w, level, members);
    return;
  }
  const drafts = w.collected.drafts;
  const before = drafts.length;
  const shape = elementShape(w, type);
  visit(w, level, type);
  let member: Draft | undefined;
  const element: ShellCommand[] = [];
  for (let i = before; i < drafts.length; i++) {
    const command = drafts[i].command;
    if (command.nesting === level.nesting && command.parent === level.parent) {
      member ??= drafts[i];
      element.push(command);
    }
  }
  if (!member) return;
  members.push(member);
  // A group or subshell: its exit status is its last command's, and any of its commands can fail.
  if (shape === 'group' && element.length > 1) member.command.pipelineElement = element;
  // tree-sitter reads `a && b 2>/dev/null | c` as a pipe from the whole list; bash pipes only `b`.
  if (shape === 'redirected-list' && element.length > 1) member.command.pipelineElement = [element[element.length - 1]];
}

/** What a pipeline element at the cursor is: a group or subshell, a list that tree-sitter took with its redirection, or else. */
function elementShape(w: Walk, type: string): 'group' | 'redirected-list' | 'other' {
  const body = type === 'redirected_statement' ? w.cursor.currentNode.childForFieldName('body')?.type : type;
  if (body === 'compound_statement' || body === 'subshell') return 'group';
  return type === 'redirected_statement' && body === 'list' ? 'redirected-list' : 'other';
}

const REDIRECT_OPERATORS: ReadonlySet<string> = new Set([
  '>', '>>', '<', '&>', '&>>', '>&', '<&', '>|', '<>', '<<<', '>&-', '<&-',
]);

function convertRedirect(w: Walk, level: Level, draft: Draft | undefined, type: string): void {
  if (type === 'heredoc_redirect') {
    convertHeredoc(w, level, draft);
    return;
  }
  const cursor = w.cursor;
  const start = cursor.startIndex;
  const wordLevel: Level = { nesting: level.nesting, parent: draft?.command ?? level.parent };
  if (!enter(w)) return;
  let operatorEnd = -1;
  let hasTarget = false;
  do {
    const child = cursor.nodeType;
    if (operatorEnd < 0) {
      if (REDIRECT_OPERATORS.has(child)) operatorEnd = cursor.endIndex;
      continue;
    }
    const word = readWord(w, wordLevel, child);
    if (!hasTarget) {
      hasTarget = true;
      draft?.redirects.push({ operator: w.text.slice(start, operatorEnd), target: word });
    } else if (draft) {
      // tree-sitter reads `cmd 2>&1 arg` with `arg` as a second target; it is an argument.
      addWord(w, draft, word);
      if (draft.finished) resolve(draft);
    }
  } while (cursor.gotoNextSibling());
  leave(w);
}

function convertHeredoc(w: Walk, level: Level, draft: Draft | undefined): void {
  const cursor = w.cursor;
  if (!enter(w)) return;
  const wordLevel: Level = { nesting: level.nesting, parent: draft?.command ?? level.parent };
  let operator = '<<';
  do {
    const type = cursor.nodeType;
    if (type === '<<' || type === '<<-') {
      operator = type;
    } else if (type === 'heredoc_start') {
      draft?.redirects.push({ operator, target: readWord(w, wordLevel, type) });
    } else if (type === 'heredoc_body') {
      convertHeredocBody(w, level, draft, operator === '<<-');
    } else if (type === 'pipeline') {
      // `cat <<EOF | sh`: the rest of the line sits inside the heredoc node.
      convertPipeline(w, level, draft ? [draft] : []);
    } else if (REDIRECTS.has(type)) {
      convertRedirect(w, level, draft, type);
    } else if (type !== 'heredoc_end') {
      visit(w, level, type);
    }
  } while (cursor.gotoNextSibling());
  leave(w);
}

function convertHeredocBody(w: Walk, level: Level, draft: Draft | undefined, stripTabs: boolean): void {
  const cursor = w.cursor;
  const start = cursor.startIndex;
  const end = cursor.endIndex;
  const raw = w.text.slice(start, end);
  const rangeEnd = raw.endsWith('\n') ? end - 1 : end;
  if (draft) {
    const body = stripTabs ? raw.split('\n').map((line) => line.replace(/^\t+/, '')).join('\n') : raw;
    draft.heredocs.push({ body, range: w.source.rangeAt(start, rangeEnd) });
    resolve(draft);
    const command = draft.command;
    if (SHELLS.has(command.name) && readsScriptFromStdin(command.args) && w.depth < MAX_SCRIPT_DEPTH) {
      const inner = mappedSlice(w.source, raw, [0, start, raw.length]);
      inSubshell(w.collected, w.source.rangeAt(start, rangeEnd), () =>
        parseInto(inner, w.collected, { nesting: 'heredoc-script', parent: command }, w.depth + 1, keepsBuiltinAssignments(command.name)),
      );
      return;
    }
  }
  // An unquoted delimiter lets the shell run `$(...)` in the body before the command reads it.
  if (raw.includes('$(') || raw.includes('`')) {
    walkChildren(w, { nesting: level.nesting, parent: draft?.command ?? level.parent });
  }
}

/** Names the command and, for `sh -c '...'`, reads its script. */
function finishCommand(w: Walk, draft: Draft): void {
  if (draft.words.length === 0) {
    dropDraft(w.collected, draft);
    return;
  }
  resolve(draft);
  draft.finished = true;
  recordCommandAssignments(w, draft);
  const operand = shellOperand(draft);
  if (!operand || w.depth >= MAX_SCRIPT_DEPTH) return;
  const index = draft.words.indexOf(operand);
  const start = draft.spans[2 * index];
  const end = draft.spans[2 * index + 1];
  const unquoted: Unquoted = { value: '', runs: [] };
  scanLiteral(w.text, start, end, unquoted);
  if (unquoted.value.trim() === '') return;
  const inner = mappedSlice(w.source, unquoted.value, unquoted.runs!);
  inSubshell(w.collected, operand.range, () =>
    parseInto(inner, w.collected, { nesting: 'shell-string', parent: draft.command }, w.depth + 1, keepsBuiltinAssignments(draft.command.name)),
  );
}

/** POSIX special builtins: `NAME=value` written before one stays set after it (in sh, not in bash). */
const SPECIAL_BUILTINS: ReadonlySet<string> = new Set([
  ':', '.', 'break', 'continue', 'eval', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'times', 'trap', 'unset',
]);

/** Variables a command sets in the shell: `P=x set -e` in POSIX shells, and `read P`. */
function recordCommandAssignments(w: Walk, draft: Draft): void {
  const collected = w.collected;
  const first = draft.words[0];
  if (draft.prefix.length > 0 && w.posix && first.literal && SPECIAL_BUILTINS.has(first.value)) {
    for (const assignment of draft.prefix) {
      collected.assigned.add(assignment.name);
      if (setsValue(assignment)) collected.assignments.push(assignment);
      recordAssignment(collected, assignment);
    }
  }
  if (draft.command.name === 'read' && draft.command.wrappers.length === 0) {
    // `read -r -p prompt A B`: every operand is a variable; options that take a value skip it (`-a` names an array).
    const args = draft.command.args;
    for (let i = 0; i < args.length; i++) {
      const value = args[i].value;
      if (value.startsWith('-') && value.length > 1) {
        const letter = value[value.length - 1];
        if ('adinNptu'.includes(letter)) {
          if (letter === 'a' && args[i + 1]) addRecord(collected, args[i + 1].value, 'unknown', args[i + 1].range);
          i++;
        }
        continue;
      }
      addRecord(collected, value, 'unknown', args[i].range);
    }
  }
}

/**
 * A command node with assignments only (`A=1 >/dev/null`) is an assignment
 * statement, not a command.
 */
function dropDraft(collected: Collected, draft: Draft): void {
  const drafts = collected.drafts;
  const index = drafts.lastIndexOf(draft);
  if (index >= 0) drafts.splice(index, 1);
  for (const assignment of draft.prefix) {
    collected.assigned.add(assignment.name);
    if (setsValue(assignment)) collected.assignments.push(assignment);
    recordAssignment(collected, assignment);
  }
  for (let i = index; i < drafts.length; i++) {
    if (drafts[i].command.parent === draft.command) drafts[i].command.parent = draft.command.parent;
  }
}

/**
 * The script of `sh -c 'script'`, or undefined. A script with plain variables
 * (`bash -c "apt-get install $PKGS"`) is read too, the variables left for the
 * inner shell as words; one with command substitutions is not, because the
 * outer walk already collected those commands.
 */
function shellOperand(draft: Draft): ShellWord | undefined {
  const command = draft.command;
  if (!SHELLS.has(command.name)) return undefined;
  const index = scriptOperandIndex(command.args.map((a) => a.value), 'c');
  const operand = index >= 0 ? command.args[index] : undefined;
  if (!operand) return undefined;
  return operand.literal || !/\$\(|`|<\(|>\(/.test(operand.value) ? operand : undefined;
}

/**
 * The index of a shell's first operand when its options include `letter`
 * (`-c`, `-ec`, `-lc`), or -1. Shells read all options before their operands.
 */
function scriptOperandIndex(args: readonly string[], letter: string): number {
  let found = false;
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (value === '--') return found && i + 1 < args.length ? i + 1 : -1;
    if (value.startsWith('--')) {
      if (value === '--rcfile' || value === '--init-file') i++;
      continue;
    }
    if (value.length > 1 && (value[0] === '-' || value[0] === '+')) {
      if (value[0] === '-' && value.includes(letter)) found = true;
      if (value === '-o' || value === '+o' || value === '-O' || value === '+O') i++;
      continue;
    }
    return found ? i : -1;
  }
  return -1;
}

/** `bash <<EOF`, `sh -s <<EOF`: the shell reads its script from the heredoc. */
function readsScriptFromStdin(args: readonly ShellWord[]): boolean {
  const values = args.map((a) => a.value);
  if (scriptOperandIndex(values, 'c') >= 0) return false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === '-') return true;
    if (value === '--') return i + 1 >= values.length;
    if (value.startsWith('--')) {
      if (value === '--rcfile' || value === '--init-file') i++;
      continue;
    }
    if (value.length > 1 && (value[0] === '-' || value[0] === '+')) {
      if (value[0] === '-' && value.includes('s')) return true;
      if (value[0] === '-' && value.includes('c')) return false;
      if (value === '-o' || value === '+o' || value === '-O' || value === '+O') i++;
      continue;
    }
    return false; // a script file
  }
  return true;
}

// ---------------------------------------------------------------------------
// Wrappers: commands that run the command that follows them.

interface WrapperOptions {
  /** Short options that take a value (`-u user`, or attached: `-uuser`). */
  readonly short?: string;
  /** Long options that take the next word as value when written without `=`. */
  readonly long?: readonly string[];
  /** Operands before the wrapped command (timeout's duration, gosu's user). */
  readonly operands?: number;
  /** `NAME=value` words before the command are assignments (env, sudo). */
  readonly assignments?: boolean;
  /** Short options that make it no wrapper (`command -v curl` only looks curl up). */
  readonly notWrapping?: string;
}

const WRAPPERS: ReadonlyMap<string, WrapperOptions> = new Map<string, WrapperOptions>([
  ['sudo', {
    short: 'ugpCrtUDRT',
    long: ['--user', '--group', '--prompt', '--close-from', '--role', '--type', '--other-user', '--chdir', '--chroot', '--command-timeout', '--host'],
    assignments: true,
  }],
  ['doas', { short: 'uC' }],
  ['env', { short: 'uCS', long: ['--unset', '--chdir', '--split-string'], assignments: true }],
  ['exec', { short: 'a' }],
  ['nohup', {}],
  ['time', { short: 'fo', long: ['--format', '--output'] }],
  ['nice', { short: 'n', long: ['--adjustment'] }],
  ['command', { notWrapping: 'vV' }],
  ['builtin', {}],
  ['busybox', {}],
  ['xargs', {
    short: 'adEILnPs',
    long: ['--arg-file', '--delimiter', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'],
  }],
  ['stdbuf', { short: 'ioe', long: ['--input', '--output', '--error'] }],
  ['timeout', { short: 'sk', long: ['--signal', '--kill-after'], operands: 1 }],
  ['gosu', { operands: 1 }],
  ['su-exec', { operands: 1 }],
]);

/** Looks through wrappers and sets the command's name, arguments, assignments and range. */
function resolve(draft: Draft): void {
  const words = draft.words;
  if (words.length === 0) return;
  const command = draft.command;
  const assignments = draft.prefix.slice();
  const wrappers: ShellWord[] = [];
  let i = 0;
  while (i < words.length - 1) {
    const word = words[i];
    const options = word.literal ? WRAPPERS.get(basename(word.value)) : undefined;
    if (!options) break;
    const found: ShellAssignment[] = [];
    const next = skipWrapper(words, i + 1, options, found);
    // `sudo -u app` alone runs nothing else: it is the command itself.
    if (next < 0 || next >= words.length) break;
    wrappers.push(word);
    assignments.push(...found);
    i = next;
  }
  const nameWord = words[i];
  command.nameWord = nameWord;
  command.name = nameWord.literal ? basename(nameWord.value) : '';
  command.wrappers = wrappers;
  command.args = words.slice(i + 1);
  command.assignments = assignments;
  const first = draft.prefix.length > 0 ? draft.prefix[0].range : words[0].range;
  command.range = { start: first.start, end: words[words.length - 1].range.end };
}

/** The index of the word after a wrapper's options and operands, or -1 when it does not wrap. */
function skipWrapper(words: readonly ShellWord[], i: number, options: WrapperOptions, found: ShellAssignment[]): number {
  while (i < words.length) {
    const word = words[i];
    const value = word.value;
    if (value === '--') {
      i++;
      break;
    }
    if (value.startsWith('--')) {
      if (!value.includes('=') && options.long?.includes(value)) i++;
      i++;
      continue;
    }
    if (value.length > 1 && value[0] === '-') {
      for (let k = 1; k < value.length; k++) {
        if (options.notWrapping?.includes(value[k])) return -1;
        if (options.short?.includes(value[k])) {
          if (k === value.length - 1) i++; // the value is the next word
          break;
        }
      }
      i++;
      continue;
    }
    const name = options.assignments ? assignmentName(value) : '';
    if (name === '') break;
    found.push({ name, value: value.slice(value.indexOf('=') + 1), range: word.range });
    i++;
  }
  return i + (options.operands ?? 0);
}

/** `NAME` of `NAME=value` or `NAME+=value`, or '' when the text is no assignment. */
function assignmentName(text: string): string {
  const equals = text.indexOf('=');
  if (equals <= 0) return '';
  const end = text[equals - 1] === '+' ? equals - 1 : equals;
  const first = text.charCodeAt(0);
  if (!(isLetter(first) || first === 95)) return '';
  for (let i = 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!(isLetter(c) || c === 95 || (c >= 48 && c <= 57))) {
      // `arr[0]=x` sets arr.
      return c === 91 ? text.slice(0, i) : '';
    }
  }
  return text.slice(0, end);
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// ---------------------------------------------------------------------------
// Words.

function addWord(w: Walk, draft: Draft, read: ShellWord & { start: number; end: number }): void {
  const words = draft.words;
  const spans = draft.spans;
  const last = words.length - 1;
  // A MISSING node that tree-sitter made up (`A=$(x) >/dev/null` gets an empty command name).
  if (read.start === read.end) return;
  const word = withEscapedBlanks(w, read, last >= 0 ? spans[2 * last + 1] : 0);
  // tree-sitter splits a few words (`$"x"`) into pieces that touch: the shell reads one word.
  if (last >= 0 && spans[2 * last + 1] === word.start) {
    const start = spans[2 * last];
    const previous = words[last];
    words[last] = {
      text: w.text.slice(start, word.end),
      value: previous.value + word.value,
      literal: previous.literal && word.literal,
      range: w.source.rangeAt(start, word.end),
    };
    spans[2 * last + 1] = word.end;
    return;
  }
  words.push({ text: word.text, value: word.value, literal: word.literal, range: word.range });
  spans.push(word.start, word.end);
}

/**
 * tree-sitter skips an escaped blank at the start of a word (`\\ x`, `'a'\\ b`) as
 * if it were a separator; the shell keeps it in the word.
 */
function withEscapedBlanks(w: Walk, word: ShellWord & { start: number; end: number }, floor: number): ShellWord & { start: number; end: number } {
  const text = w.text;
  let start = word.start;
  while (start - 2 >= floor && isBlank(text.charCodeAt(start - 1)) && text.charCodeAt(start - 2) === BACKSLASH) {
    let backslashes = 1;
    while (start - 2 - backslashes >= floor && text.charCodeAt(start - 2 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) break;
    start -= 2;
  }
  if (start === word.start) return word;
  const out: Unquoted = { value: '', runs: undefined };
  scanLiteral(text, start, word.start, out);
  const { end } = word;
  return { text: text.slice(start, end), value: out.value + word.value, literal: word.literal, range: w.source.rangeAt(start, end), start, end };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

interface WordValue {
  value: string;
  literal: boolean;
  /** When set, the [start, end) offsets in `value` of each expansion are pushed here. */
  expansions?: number[];
}

/** The word at the cursor; commands in its substitutions are collected with `level`. */
function readWord(w: Walk, level: Level, type: string, expansions?: number[]): ShellWord & { start: number; end: number } {
  const start = w.cursor.startIndex;
  const end = w.cursor.endIndex;
  const text = w.text.slice(start, end);
  const out: Unquoted & WordValue = { value: '', literal: true, runs: undefined, expansions };
  // Most words hold no expansion: their value is read from the text alone.
  if (!text.includes('$') && !text.includes('`') && type !== 'process_substitution') {
    scanLiteral(w.text, start, end, out);
  } else {
    appendPart(w, level, type, start, end, out);
  }
  return { text, value: out.value, literal: out.literal, range: w.source.rangeAt(start, end), start, end };
}

/** Assignments read from `A+=x`: their value is appended to the variable's, not its value. */
const appending = new WeakSet<ShellAssignment>();

/** What readAssignment saw besides the public value: where its expansions are, and an array's elements. */
const assignmentDetails = new WeakMap<ShellAssignment, { value: string; expansions: readonly number[]; array: boolean }>();

/** A statement `A=x` (not `A+=x`) whose value is the variable's from then on. */
function setsValue(assignment: ShellAssignment): boolean {
  return assignment.name !== '' && !appending.has(assignment);
}

function readAssignment(w: Walk, level: Level): ShellAssignment {
  const cursor = w.cursor;
  const start = cursor.startIndex;
  const end = cursor.endIndex;
  const name = assignmentName(w.text.slice(start, end));
  const appends = w.text.charCodeAt(start + name.length) === 43; // `+`
  const out: Unquoted & WordValue = { value: '', literal: true, runs: undefined, expansions: [] };
  let array = false;
  if (enter(w)) {
    do {
      if (cursor.currentFieldName !== 'value') continue;
      if (cursor.nodeType === 'array') array = true;
      appendPart(w, level, cursor.nodeType, cursor.startIndex, cursor.endIndex, out);
    } while (cursor.gotoNextSibling());
    leave(w);
  }
  const assignment = { name, value: out.value, range: w.source.rangeAt(start, end) };
  if (appends) appending.add(assignment);
  // An array's value is written with its parentheses; its elements are what `${P[@]}` gives.
  const inner = array && out.value.startsWith('(') && out.value.endsWith(')');
  assignmentDetails.set(assignment, {
    value: inner ? out.value.slice(1, -1) : out.value,
    expansions: inner ? out.expansions!.map((o) => o - 1) : out.expansions!,
    array,
  });
  return assignment;
}

const EXPANSIONS: ReadonlySet<string> = new Set([
  'simple_expansion', 'expansion', 'arithmetic_expansion', 'command_substitution', 'process_substitution',
]);

/** Appends the value of the node at the cursor: quotes removed, expansions as written. */
function appendPart(w: Walk, level: Level, type: string, start: number, end: number, out: Unquoted & WordValue): void {
  const text = w.text;
  if (EXPANSIONS.has(type)) {
    out.expansions?.push(out.value.length, out.value.length + end - start);
    out.value += text.slice(start, end);
    out.literal = false;
    if (type !== 'simple_expansion') visit(w, level, type);
    return;
  }
  if (type === 'string') {
    appendDoubleQuoted(w, level, start, end, out);
    return;
  }
  const cursor = w.cursor;
  if (!LEAVES.has(type) && w.collected.depth >= MAX_NODE_DEPTH) {
    // Too deep to read: as written, and not taken for a literal.
    w.collected.truncated = true;
    out.expansions?.push(out.value.length, out.value.length + end - start);
    out.value += text.slice(start, end);
    out.literal = false;
    return;
  }
  if (LEAVES.has(type) || !enter(w)) {
    scanLiteral(text, start, end, out);
    return;
  }
  // A concatenation (`foo"$x"'y'`), a command name, a brace expression ...
  let position = start;
  do {
    const childStart = cursor.startIndex;
    const childEnd = cursor.endIndex;
    if (childStart > position) scanLiteral(text, position, childStart, out);
    appendPart(w, level, cursor.nodeType, childStart, childEnd, out);
    position = childEnd;
  } while (cursor.gotoNextSibling());
  leave(w);
  if (position < end) scanLiteral(text, position, end, out);
}

function appendDoubleQuoted(w: Walk, level: Level, start: number, end: number, out: Unquoted & WordValue): void {
  const text = w.text;
  const cursor = w.cursor;
  const close = end - 1 > start && text.charCodeAt(end - 1) === DOUBLE_QUOTE ? end - 1 : end;
  let position = start + 1;
  if (w.collected.depth >= MAX_NODE_DEPTH && text.slice(start, end).match(/[$`]/)) out.literal = false;
  if (enter(w)) {
    do {
      const type = cursor.nodeType;
      if (!EXPANSIONS.has(type)) continue;
      const childStart = cursor.startIndex;
      const childEnd = cursor.endIndex;
      unescapeDoubleQuoted(text, position, childStart, out);
      appendPart(w, level, type, childStart, childEnd, out);
      position = childEnd;
    } while (cursor.gotoNextSibling());
    leave(w);
  }
  unescapeDoubleQuoted(text, position, close, out);
}

// ---------------------------------------------------------------------------
// Quote removal on text with no expansion. `runs` records where each piece of the
// value comes from (value offset, text offset, length), for `sh -c` scripts.

interface Unquoted {
  value: string;
  runs: number[] | undefined;
}

const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const BACKSLASH = 92;
const DOLLAR = 36;

function emit(out: Unquoted, piece: string, from: number): void {
  if (piece.length === 0) return;
  const runs = out.runs;
  if (runs) {
    const n = runs.length;
    if (n > 0 && runs[n - 3] + runs[n - 1] === out.value.length && runs[n - 2] + runs[n - 1] === from) {
      runs[n - 1] += piece.length;
    } else {
      runs.push(out.value.length, from, piece.length);
    }
  }
  out.value += piece;
}

/** Removes the quotes and backslashes of `text[from, to)`: `'a'"b"\ c$'\n'`. */
function scanLiteral(text: string, from: number, to: number, out: Unquoted): void {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === SINGLE_QUOTE) {
      let close = text.indexOf("'", i + 1);
      if (close < 0 || close > to) close = to;
      emit(out, text.slice(i + 1, close), i + 1);
      i = close + 1;
    } else if (c === DOUBLE_QUOTE) {
      const close = closingQuote(text, i + 1, to, DOUBLE_QUOTE);
      unescapeDoubleQuoted(text, i + 1, close, out);
      i = close + 1;
    } else if (c === DOLLAR && i + 1 < to && text.charCodeAt(i + 1) === SINGLE_QUOTE) {
      const close = closingQuote(text, i + 2, to, SINGLE_QUOTE);
      decodeAnsiC(text, i + 2, close, out);
      i = close + 1;
    } else if (c === BACKSLASH) {
      if (i + 1 < to && text[i + 1] !== '\n') emit(out, text[i + 1], i + 1);
      i += 2;
    } else {
      let j = i + 1;
      while (j < to) {
        const d = text.charCodeAt(j);
        if (d === SINGLE_QUOTE || d === DOUBLE_QUOTE || d === BACKSLASH || d === DOLLAR) break;
        j++;
      }
      emit(out, text.slice(i, j), i);
      i = j;
    }
  }
}

function closingQuote(text: string, from: number, to: number, quote: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quote) return i;
  }
  return to;
}

/** Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and newline. */
function unescapeDoubleQuoted(text: string, from: number, to: number, out: Unquoted): void {
  let runStart = from;
  let i = text.indexOf('\\', from);
  while (i >= 0 && i + 1 < to) {
    const next = text[i + 1];
    if (next === '$' || next === '`' || next === '"' || next === '\\' || next === '\n') {
      emit(out, text.slice(runStart, i), runStart);
      runStart = next === '\n' ? i + 2 : i + 1;
      i = text.indexOf('\\', i + 2);
    } else {
      i = text.indexOf('\\', i + 1);
    }
  }
  if (to > runStart) emit(out, text.slice(runStart, to), runStart);
}

const ANSI_C_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** `$'...'`: the simple escapes, octal `\NNN`, `\xHH` and `\uHHHH`; others are kept as written. */
function decodeAnsiC(text: string, from: number, to: number, out: Unquoted): void {
  let runStart = from;
  let i = text.indexOf('\\', from);
  while (i >= 0 && i + 1 < to) {
    emit(out, text.slice(runStart, i), runStart);
    const next = text[i + 1];
    let length = 2;
    let decoded: string | undefined = ANSI_C_ESCAPES[next];
    if (decoded === undefined) {
      const digits = next === 'x' ? hexDigits(text, i + 2, to, 2) : next === 'u' ? hexDigits(text, i + 2, to, 4) : 0;
      if (digits > 0) {
        decoded = String.fromCharCode(parseInt(text.slice(i + 2, i + 2 + digits), 16));
        length = 2 + digits;
      } else if (next >= '0' && next <= '7') {
        let n = 1;
        while (n < 3 && i + 1 + n < to && text[i + 1 + n] >= '0' && text[i + 1 + n] <= '7') n++;
        decoded = String.fromCharCode(parseInt(text.slice(i + 1, i + 1 + n), 8));
        length = 1 + n;
      } else {
        decoded = text.slice(i, i + 2);
      }
    }
    emit(out, decoded, i);
    runStart = i + length;
    i = text.indexOf('\\', runStart);
  }
  if (to > runStart) emit(out, text.slice(runStart, to), runStart);
}

function hexDigits(text: string, from: number, to: number, max: number): number {
  let n = 0;
  while (n < max && from + n < to && isHexDigit(text.charCodeAt(from + n))) n++;
  return n;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

// ---------------------------------------------------------------------------
// Mapping the text of a nested script back to the Dockerfile.

/**
 * A MappedText of `value`, whose pieces `runs` (value offset, source offset,
 * length) come from `source`; split wherever `source` itself changes line.
 */
function mappedSlice(source: MappedText, value: string, runs: readonly number[]): MappedText {
  const mapped = new MappedText();
  for (let i = 0; i < runs.length; i += 3) appendMapped(mapped, source, value.slice(runs[i], runs[i] + runs[i + 2]), runs[i + 1]);
  return mapped;
}

function appendMapped(mapped: MappedText, source: MappedText, piece: string, from: number): void {
  const first = source.positionAt(from);
  if (piece.length > 1) {
    const last = source.positionAt(from + piece.length - 1);
    // Pieces of a MappedText only move forward, so equal lines and the right distance mean one piece.
    if (last.line !== first.line || last.column - first.column !== piece.length - 1) {
      const half = piece.length >> 1;
      appendMapped(mapped, source, piece.slice(0, half), from);
      appendMapped(mapped, source, piece.slice(half), from + half);
      return;
    }
  }
  mapped.append(piece, first);
}

/**
 * The characters of an exec-form JSON string. Its range holds the quotes; when
 * the string has escapes, they are assumed written the way JSON.stringify writes
 * them, and when that does not fit the range, every character maps to its start.
 */
function jsonStringSource(word: { value: string; range: Range }): MappedText {
  const { value, range } = word;
  const mapped = new MappedText();
  const { line, column } = range.start;
  const width = range.end.column - column;
  if (range.end.line === line) {
    if (width === value.length + 2) return mapped.append(value, { line, column: column + 1 });
    if (width === value.length) return mapped.append(value, range.start);
    const encoded = JSON.stringify(value);
    if (encoded.length === width) {
      // Walk the encoded string: each value character is one encoded character or one escape.
      let e = 1;
      let pieceStart = 0;
      let pieceColumn = column + 1;
      for (let i = 0; i < value.length; i++) {
        if (encoded[e] === '\\') {
          mapped.append(value.slice(pieceStart, i), { line, column: pieceColumn });
          // `\"` maps to its quote, as in the shell form; `\u00e9` to its backslash.
          const unicode = encoded[e + 1] === 'u';
          mapped.append(value[i], { line, column: column + e + (unicode ? 0 : 1) });
          e += unicode ? 6 : 2;
          pieceStart = i + 1;
          pieceColumn = column + e;
        } else {
          e++;
        }
      }
      return mapped.append(value.slice(pieceStart), { line, column: pieceColumn });
    }
  }
  for (const char of value) mapped.append(char, range.start);
  return mapped;
}
