/**
 * Docker's variable substitution (`$V`, `${V}`, `${V:-default}`, `${V:+alt}`)
 * over ARG and ENV values. A variable that is not defined (or an ARG declared
 * without a value) is left as written, so rules can tell "unknown" from "empty".
 */
export type Variables = ReadonlyMap<string, string | undefined>;

export interface Expansion {
  readonly value: string;
  /** Names that had no value. */
  readonly unresolved: readonly string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function expandVariables(text: string, variables: Variables): Expansion {
  if (!text.includes('$')) return { value: text, unresolved: [] };
  const unresolved: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '$') {
      out += '\\$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      out += substitute(text.slice(i, close + 1), text.slice(i + 2, close), variables, unresolved);
      i = close + 1;
      continue;
    }
    let j = i + 1;
    if (j < text.length && NAME_START.test(text[j])) {
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      const name = text.slice(i + 1, j);
      const value = variables.get(name);
      if (value === undefined) {
        unresolved.push(name);
        out += text.slice(i, j);
      } else out += value;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return { value: out, unresolved };
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function substitute(whole: string, inner: string, variables: Variables, unresolved: string[]): string {
  let n = 0;
  while (n < inner.length && NAME_CHAR.test(inner[n])) n++;
  const name = inner.slice(0, n);
  const op = inner.slice(n);
  const value = variables.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  const nested = (word: string) => expandVariables(word, variables);
  const take = (word: string) => {
    const e = nested(word);
    unresolved.push(...e.unresolved);
    return e.value;
  };
  if (op === '') {
    if (!set) {
      unresolved.push(name);
      return whole;
    }
    return value;
  }
  if (op.startsWith(':-')) return nonEmpty ? value : take(op.slice(2));
  if (op.startsWith('-')) return set ? value : take(op.slice(1));
  if (op.startsWith(':+')) return nonEmpty ? take(op.slice(2)) : set ? '' : whole;
  if (op.startsWith('+')) return set ? take(op.slice(1)) : whole;
  if (!set) unresolved.push(name);
  // Pattern operators (`#`, `%`, `/`) and `:?`: keep it simple, the value when known.
  return set ? value : whole;
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
 * quotes or after the escape character; `${NAME:-word}` also expands the variables of `word`.
 */
export function variableReferences(text: string, escapeChar: string): VariableReference[] {
  const refs: VariableReference[] = [];
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escapeChar) i++;
    else if (c === "'" && !inDouble) {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close;
    } else if (c === '"') inDouble = !inDouble;
    else if (c === '$') i = readReference(text, i, escapeChar, refs) - 1;
  }
  return refs;
}

/** Reads the reference starting at `text[start] === '$'`; returns the index after it. */
function readReference(text: string, start: number, escapeChar: string, refs: VariableReference[]): number {
  if (text[start + 1] !== '{') {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(start + 1))?.[0];
    if (!name) return start + 1;
    refs.push({ name, text: `$${name}`, offset: start, length: name.length + 1 });
    return start + 1 + name.length;
  }
  let depth = 0;
  let close = -1;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === escapeChar) i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return text.length;
  const inner = text.slice(start + 2, close);
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(inner)?.[0];
  if (name) {
    refs.push({ name, text: text.slice(start, close + 1), offset: start, length: close + 1 - start });
    for (const nested of variableReferences(inner.slice(name.length), escapeChar)) {
      refs.push({ ...nested, offset: nested.offset + start + 2 + name.length });
    }
  }
  return close + 1;
}
