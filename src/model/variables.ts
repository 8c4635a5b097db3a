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
