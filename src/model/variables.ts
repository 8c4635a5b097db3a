/**
 * Docker's variable substitution (`$V`, `${V}`, `${V:-default}`, `${V:+alt}`)
 * over ARG and ENV values. A variable that is not defined (or an ARG declared
 * without a value) is left as written, so rules can tell "unknown" from "empty".
 *
 * Dockerfiles come from pull requests: `ARG A=$A$A` on every line doubles a value
 * per line, and `${A:-${A:-...}}` nests as deep as the file is long. An expansion
 * longer than MAX_EXPANDED_LENGTH, or nested deeper than MAX_EXPANSION_NESTING, is
 * unknown: its text as written, never a truncated value that would look real.
 */
export type Variables = ReadonlyMap<string, string | undefined>;

/**
 * The variables in force at one instruction, as a layer of what this instruction sets over the scope
 * before it. Every instruction keeps its scope, and a copy per ARG or ENV is quadratic: 77,000 ENV lines
 * (1 MB) took 4 GB and were killed. A chain deeper than four times the square root of its size is flattened,
 * so lookups walk a short chain and all the flattening costs about n√n/4 for n entries.
 */
export class VariableScope implements Variables {
  static readonly empty = new VariableScope(new Map(), undefined, 0, 0);

  private constructor(
    private readonly own: ReadonlyMap<string, string | undefined>,
    private readonly parent: VariableScope | undefined,
    private readonly depth: number,
    /** Entries in the chain, counting a name set twice twice. */
    private readonly count: number,
  ) {}

  /** This scope with `values` set over it. `values` must not change afterwards. */
  with(values: ReadonlyMap<string, string | undefined>): VariableScope {
    if (values.size === 0) return this;
    const count = this.count + values.size;
    if (this.depth + 1 <= 8 + 4 * Math.sqrt(count)) return new VariableScope(values, this, this.depth + 1, count);
    const flat = this.toMap();
    for (const [name, value] of values) flat.set(name, value);
    return new VariableScope(flat, undefined, 0, flat.size);
  }

  get(name: string): string | undefined {
    for (let scope: VariableScope | undefined = this; scope; scope = scope.parent) {
      if (scope.own.has(name)) return scope.own.get(name);
    }
    return undefined;
  }

  has(name: string): boolean {
    for (let scope: VariableScope | undefined = this; scope; scope = scope.parent) if (scope.own.has(name)) return true;
    return false;
  }

  /** A new Map of the scope, in the order names were first set (as copying Maps kept them). */
  toMap(): Map<string, string | undefined> {
    const chain: VariableScope[] = [];
    for (let scope: VariableScope | undefined = this; scope; scope = scope.parent) chain.push(scope);
    const map = new Map<string, string | undefined>();
    for (let i = chain.length - 1; i >= 0; i--) for (const [name, value] of chain[i].own) map.set(name, value);
    return map;
  }

  get size(): number {
    return this.toMap().size;
  }

  forEach(callback: (value: string | undefined, key: string, map: Variables) => void, thisArg?: unknown): void {
    for (const [key, value] of this.toMap()) callback.call(thisArg, value, key, this);
  }

  entries(): MapIterator<[string, string | undefined]> {
    return this.toMap().entries();
  }

  keys(): MapIterator<string> {
    return this.toMap().keys();
  }

  values(): MapIterator<string | undefined> {
    return this.toMap().values();
  }

  [Symbol.iterator](): MapIterator<[string, string | undefined]> {
    return this.toMap().entries();
  }
}

/** What an expansion reads from its variables. */
export type VariableLookup = Pick<Variables, 'get'>;

export interface Expansion {
  readonly value: string;
  /** Names that had no value (every name of the text when the expansion was too large). */
  readonly unresolved: readonly string[];
  /** The expanded value would be longer than MAX_EXPANDED_LENGTH or nest too deep: `value` is the text as written. */
  readonly tooLarge: boolean;
}

/** No real ARG, ENV or image word comes near this; a longer expansion is an attack or a mistake. */
export const MAX_EXPANDED_LENGTH = 64 * 1024;
/** `${A:-${B:-...}}` deeper than this is not expanded (each level is a call; the stack is finite). */
export const MAX_EXPANSION_NESTING = 200;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** One expansion: the text, where each `{` closes, and what has been found so far. */
interface ExpandState {
  readonly text: string;
  readonly variables: VariableLookup;
  /** For each `{` of the text, the index of its `}` (-1 when it has none); computed once, so nesting costs no rescans. */
  closes: Int32Array | undefined;
  readonly unresolved: string[];
  depth: number;
}

/** Thrown inside an expansion that grew too large; never escapes expandVariables. */
const TOO_LARGE = Symbol('too large');

export function expandVariables(text: string, variables: VariableLookup): Expansion {
  if (!text.includes('$')) return { value: text, unresolved: [], tooLarge: false };
  const state: ExpandState = { text, variables, closes: undefined, unresolved: [], depth: 0 };
  try {
    const value = expandRange(state, 0, text.length);
    if (value.length > MAX_EXPANDED_LENGTH) throw TOO_LARGE;
    return { value, unresolved: state.unresolved, tooLarge: false };
  } catch (error) {
    if (error !== TOO_LARGE) throw error;
    return { value: text, unresolved: referencedNames(text), tooLarge: true };
  }
}

function expandRange(state: ExpandState, from: number, to: number): string {
  const { text, variables } = state;
  let out = '';
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '\\' && i + 1 < to && text[i + 1] === '$') {
      out += '\\$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      // A run of plain characters at once: the text can be megabytes long.
      let j = i + 1;
      while (j < to && text[j] !== '$' && text[j] !== '\\') j++;
      out += text.slice(i, j);
      i = j;
      continue;
    }
    if (i + 1 < to && text[i + 1] === '{') {
      state.closes ??= braceMatches(text, undefined);
      const close = state.closes[i + 1];
      if (close < 0 || close >= to) {
        out += text.slice(i, to);
        break;
      }
      out += substitute(state, i, close);
      if (out.length > MAX_EXPANDED_LENGTH) throw TOO_LARGE;
      i = close + 1;
      continue;
    }
    let j = i + 1;
    if (j < to && NAME_START.test(text[j])) {
      while (j < to && NAME_CHAR.test(text[j])) j++;
      const name = text.slice(i + 1, j);
      const value = variables.get(name);
      if (value === undefined) {
        state.unresolved.push(name);
        out += text.slice(i, j);
      } else out += value;
      if (out.length > MAX_EXPANDED_LENGTH) throw TOO_LARGE;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * For each `{` in `text`, the index of the `}` that closes it, or -1; with `escapeChar`, an escaped
 * character is neither. One pass with a stack: the same answers as counting braces from each `{`.
 */
export function braceMatches(text: string, escapeChar: string | undefined): Int32Array {
  const closes = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escapeChar) i++;
    else if (c === '{') open.push(i);
    else if (c === '}' && open.length > 0) closes[open.pop()!] = i;
  }
  return closes;
}

/** `${...}` from `text[start] === '$'` to its `}` at `close`. */
function substitute(state: ExpandState, start: number, close: number): string {
  const { text, variables, unresolved } = state;
  const whole = text.slice(start, close + 1);
  let n = start + 2;
  while (n < close && NAME_CHAR.test(text[n])) n++;
  const name = text.slice(start + 2, n);
  const op = text.slice(n, close);
  const value = variables.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  // The word of `${NAME:-word}` starts after the operator.
  const take = (operatorLength: number) => {
    if (++state.depth > MAX_EXPANSION_NESTING) throw TOO_LARGE;
    const expanded = expandRange(state, n + operatorLength, close);
    state.depth--;
    return expanded;
  };
  if (op === '') {
    if (!set) {
      unresolved.push(name);
      return whole;
    }
    return value;
  }
  if (op.startsWith(':-')) return nonEmpty ? value : take(2);
  if (op.startsWith('-')) return set ? value : take(1);
  if (op.startsWith(':+')) return nonEmpty ? take(2) : set ? '' : whole;
  if (op.startsWith('+')) return set ? take(1) : whole;
  if (!set) unresolved.push(name);
  // Pattern operators (`#`, `%`, `/`) and `:?`: keep it simple, the value when known.
  return set ? value : whole;
}

/** The names `$NAME` and `${NAME` of a text, once each. */
function referencedNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
  return [...names];
}

/** A `$NAME` or `${NAME...}` in a text, with where it is. */
export interface VariableReference {
  readonly name: string;
  /** `$NAME` or `${NAME...}` as written. */
  readonly text: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * The variables a Dockerfile word expands, as BuildKit's word lexer finds them: none inside single
 * quotes or after the escape character; `${NAME:-word}` also expands the variables of `word` (down to
 * MAX_EXPANSION_NESTING levels: deeper ones are not listed).
 */
export function variableReferences(text: string, escapeChar: string): VariableReference[] {
  const refs: VariableReference[] = [];
  if (text.includes('$')) scanReferences({ text, escapeChar, closes: undefined, refs }, 0, text.length, 0);
  return refs;
}

interface ReferenceScan {
  readonly text: string;
  readonly escapeChar: string;
  closes: Int32Array | undefined;
  readonly refs: VariableReference[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function scanReferences(scan: ReferenceScan, from: number, to: number, depth: number): void {
  const { text, escapeChar } = scan;
  let inDouble = false;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === escapeChar) i++;
    else if (c === "'" && !inDouble) {
      const close = text.indexOf("'", i + 1);
      i = close < 0 || close >= to ? to : close;
    } else if (c === '"') inDouble = !inDouble;
    else if (c === '$') i = readReference(scan, i, to, depth) - 1;
  }
}

function nameAt(text: string, at: number, to: number): string | undefined {
  NAME.lastIndex = at;
  const name = NAME.exec(text)?.[0];
  return name === undefined ? undefined : name.slice(0, Math.max(0, to - at)) || undefined;
}

/** Reads the reference starting at `text[start] === '$'`; returns the index after it. */
function readReference(scan: ReferenceScan, start: number, to: number, depth: number): number {
  const { text, refs } = scan;
  if (text[start + 1] !== '{' || start + 1 >= to) {
    const name = nameAt(text, start + 1, to);
    if (!name) return start + 1;
    refs.push({ name, text: `$${name}`, offset: start, length: name.length + 1 });
    return start + 1 + name.length;
  }
  scan.closes ??= braceMatches(text, scan.escapeChar);
  const close = scan.closes[start + 1];
  if (close < 0 || close >= to) return to;
  const name = nameAt(text, start + 2, close);
  if (name) {
    refs.push({ name, text: text.slice(start, close + 1), offset: start, length: close + 1 - start });
    if (depth < MAX_EXPANSION_NESTING) scanReferences(scan, start + 2 + name.length, close, depth + 1);
  }
  return close + 1;
}
