/**
 * A word of a Dockerfile instruction and what BuildKit makes of it: its quotes and escapes removed
 * (`unquoted`), and its ARG/ENV variables substituted too (`expanded`). BuildKit's shell lexer
 * (frontend/dockerfile/shell/lex.go) is the reference: single quotes keep everything literal; double
 * quotes keep everything but `$` and an escape before `"`, `$` or the escape character; outside quotes
 * the escape character (`\`, or `` ` `` with `# escape=`) takes the next character literally.
 *
 * Both are read from the word's source text, not from dockerfile-ast's value: dockerfile-ast has already
 * dropped some escapes there (`a\"b` gives `a"b`), so an escaped quote could no longer be told from a real one.
 */
import type { Range } from './position.js';
import { braceMatches, expandVariables, MAX_EXPANDED_LENGTH, type VariableLookup } from './variables.js';

export interface Word {
  /** As dockerfile-ast gives it: quotes kept. For exec form, the JSON string's value. */
  readonly value: string;
  readonly range: Range;
  /** Quotes and escape characters removed as BuildKit removes them; `$X` and `${X...}` left as written (`"$DIR"/app` is `$DIR/app`). */
  readonly unquoted: string;
  /**
   * Quotes removed and the instruction's ARG/ENV values substituted, as BuildKit does (`${X:-y}` included).
   * A variable without a value is left as written (`$X`), as Instruction.expand leaves it, so a `$` in the
   * result means the word is not fully known (or holds a literal `$`).
   */
  readonly expanded: string;
}

/**
 * A shell-form word: `written` gives its text as written in the file (continuations joined) unless `source` is
 * that text already; both values are computed on first use and kept. A class, not an object literal with
 * getters: V8 keeps such literals as hash tables (dictionary mode), which cost a few hundred bytes and a slow
 * lookup per word, and the models of a whole run hold hundreds of thousands of words.
 */
class SourceWord implements Word {
  #source: string | undefined;
  #unquoted: string | undefined;
  #expanded: string | undefined;
  readonly #written: (range: Range) => string;
  readonly #escapeChar: string;
  readonly #variables: VariableLookup;

  constructor(
    readonly value: string,
    readonly range: Range,
    written: (range: Range) => string,
    source: string | undefined,
    escapeChar: string,
    variables: VariableLookup,
  ) {
    this.#written = written;
    this.#source = source;
    this.#escapeChar = escapeChar;
    this.#variables = variables;
  }

  get unquoted(): string {
    return (this.#unquoted ??= processWord(this.#text(), this.#escapeChar, undefined));
  }

  get expanded(): string {
    return (this.#expanded ??= processWord(this.#text(), this.#escapeChar, this.#variables));
  }

  #text(): string {
    return (this.#source ??= this.#written(this.range));
  }
}

export function sourceWord(value: string, range: Range, written: (range: Range) => string, source: string | undefined, escapeChar: string, variables: VariableLookup): Word {
  return new SourceWord(value, range, written, source, escapeChar, variables);
}

/**
 * An exec-form (JSON) word: JSON has already removed its quoting, so `unquoted` is its value and `expanded`
 * only substitutes variables.
 */
class ExecWord implements Word {
  #expanded: string | undefined;
  readonly #variables: VariableLookup;

  constructor(
    readonly value: string,
    readonly range: Range,
    variables: VariableLookup,
  ) {
    this.#variables = variables;
  }

  get unquoted(): string {
    return this.value;
  }

  get expanded(): string {
    return (this.#expanded ??= expandVariables(this.value, this.#variables).value);
  }
}

export function execWord(value: string, range: Range, variables: VariableLookup): Word {
  return new ExecWord(value, range, variables);
}

/**
 * `text` with BuildKit's quote and escape removal; with `variables`, its variables substituted (each
 * `$NAME` or `${...}` through expandVariables, so defaults and the size caps are the same everywhere).
 * An unterminated quote or `${` is kept as written: BuildKit rejects the word, and dockerfile-ast splits
 * `"a b"` into `"a` and `b"`, which must not lose their quote. One pass over the text.
 */
export function processWord(text: string, escapeChar: string, variables: VariableLookup | undefined): string {
  let out = '';
  let i = 0;
  const n = text.length;
  // Where each `{` closes, found once: looking for it from every `${` of `${${${...` would be quadratic.
  let closes: Int32Array | undefined;
  const variableEnd = (at: number): number => {
    const next = text[at + 1];
    if (next === '{') {
      closes ??= braceMatches(text, escapeChar);
      return closes[at + 1] < 0 ? -1 : closes[at + 1] + 1;
    }
    if (next === undefined || !NAME_START.test(next)) return -1;
    let j = at + 2;
    while (j < n && NAME_CHAR.test(text[j])) j++;
    return j;
  };
  /** The index of the `"` that closes a double-quoted part starting at `from`, or -1. */
  const doubleQuoteEnd = (from: number): number => {
    for (let j = from; j < n; j++) {
      const c = text[j];
      if (c === escapeChar) j++;
      else if (c === '"') return j;
      else if (c === '$' && text[j + 1] === '{') {
        // `"${X:-"a"}"`: the quotes inside the braces belong to the default word.
        const end = variableEnd(j);
        if (end > 0) j = end - 1;
      }
    }
    return -1;
  };
  const dollar = (at: number): number => {
    const end = variableEnd(at);
    if (end < 0) {
      out += '$';
      return at + 1;
    }
    const written = text.slice(at, end);
    out += variables ? expandVariables(written, variables).value : written;
    return end;
  };
  while (i < n) {
    if (variables && out.length > MAX_EXPANDED_LENGTH) return processWord(text, escapeChar, undefined);
    const c = text[i];
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) {
        out += c;
        i++;
        continue;
      }
      out += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      const close = doubleQuoteEnd(i + 1);
      if (close < 0) {
        out += c;
        i++;
        continue;
      }
      i++;
      while (i < close) {
        const d = text[i];
        if (d === '$') i = dollar(i);
        else if (d === escapeChar && i + 1 < close && (text[i + 1] === '"' || text[i + 1] === '$' || text[i + 1] === escapeChar)) {
          out += text[i + 1];
          i += 2;
        } else {
          out += d;
          i++;
        }
      }
      i = close + 1;
    } else if (c === escapeChar) {
      // An escape at the end of the word escapes nothing and is dropped, as BuildKit drops it.
      if (i + 1 < n) out += text[i + 1];
      i += 2;
    } else if (c === '$') {
      i = dollar(i);
    } else {
      out += c;
      i++;
    }
  }
  return variables && out.length > MAX_EXPANDED_LENGTH ? processWord(text, escapeChar, undefined) : out;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
