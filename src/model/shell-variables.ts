/**
 * What a shell variable holds at a point of a script, as far as the script itself tells: the answer to
 * "which value does `$P` have at this word" that ShellScript.valueAt gives. The shell walk
 * (./shell-parser.ts) records where the script sets variables and inside which parts that may not run;
 * this file answers from those records.
 *
 * The answer is conservative: a value is known only when the same assignment sets it on every path to the
 * read. An assignment after the read does not change it (unless a loop holds both), one in a subshell,
 * `$(...)` or `sh -c` string does not reach reads outside it, and one in a part that may not run (an `if`
 * or `case` branch, the right of `&&`/`||`, a loop or function body) makes the value unknown after it.
 * A function body is read as if it ran where it is written.
 */
import { comparePositions, contains, type Position, type Range } from './position.js';

/** A part of a script that runs at most once and maybe not (`branch`), maybe many times (`loop`), in a shell of its own (`subshell`), or when called (`function`). */
export interface Region {
  readonly kind: 'branch' | 'loop' | 'subshell' | 'function';
  readonly range: Range;
  readonly parent: Region | undefined;
  /** For a branch of an `if` or `case`: the whole statement, whose other branches do not run with this one. */
  readonly exclusive?: Range;
}

/** One place where the script sets a variable. */
export interface VariableRecord {
  readonly name: string;
  /** `set`: `P=value`; `append`: `P+=value`; `unset`: `unset P`; `unknown`: a value the script cannot tell (`read P`, `for P in`). */
  readonly kind: 'set' | 'append' | 'unset' | 'unknown';
  /** Quotes removed, expansions as written; an array's elements without the parentheses. */
  readonly value: string;
  /** [start, end) offsets in `value` of its expansions (`$(...)`, `$OTHER`), whose text is not known. */
  readonly expansions: readonly number[];
  /** An array (`P=(a b)`, `P+=(c)`): appended elements stay apart. */
  readonly array: boolean;
  readonly range: Range;
  /** The innermost region that holds the assignment. */
  readonly region: Region | undefined;
}

/**
 * The value of a variable at a point of the script: unknown, or known as the fields an unquoted `$P` expands to
 * (split at blanks; an array gives its elements). A field the script cannot know (it holds a `$(...)` or another
 * variable) is undefined: `P="curl git $(echo x)"` gives `['curl', 'git', undefined]`.
 */
export type ScriptValue = { readonly known: false } | { readonly known: true; readonly fields: readonly (string | undefined)[] };

/** How many records a read looks through before it gives up (the value is then unknown): keeps each query bounded. */
const MAX_RECORDS_LOOKED_AT = 64;
/** How many `P+=x` in a row are followed back to the assignment they extend. */
const MAX_APPEND_CHAIN = 16;

const UNKNOWN = { known: false } as const;

/** Answers ShellScript.valueAt from the records of one script. */
export function variableValues(records: readonly VariableRecord[]): (name: string, at: Position) => ScriptValue | undefined {
  const byName = new Map<string, Records>();
  for (const record of records) {
    let entry = byName.get(record.name);
    if (!entry) byName.set(record.name, (entry = { all: [], inLoops: [] }));
    entry.all.push(record);
    if (inLoop(record.region)) entry.inLoops.push(record);
  }
  for (const entry of byName.values()) {
    entry.all.sort(byStart);
    entry.inLoops.sort(byStart);
  }
  return (name, at) => {
    const entry = byName.get(name);
    if (!entry) return undefined;
    const value = valueAt(entry, at, 0);
    return value && (value.known ? { known: true, fields: fieldsOf(value) } : UNKNOWN);
  };
}

/** The records of one variable in source order, and those of them inside a loop. */
interface Records {
  readonly all: VariableRecord[];
  readonly inLoops: VariableRecord[];
}

function byStart(a: VariableRecord, b: VariableRecord): number {
  return comparePositions(a.range.start, b.range.start);
}

/** The index of the first record that starts at or after `at`. */
function firstFrom(list: readonly VariableRecord[], at: Position): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (comparePositions(list[middle].range.start, at) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface Text {
  readonly known: true;
  readonly value: string;
  readonly expansions: readonly number[];
}

function valueAt(records: Records, at: Position, chain: number): Text | { known: false } | undefined {
  // An assignment later in a loop that also holds the read runs before it from the second round on.
  const loops = records.inLoops;
  const firstInLoop = firstFrom(loops, at);
  for (let i = firstInLoop; i < loops.length; i++) {
    if (i >= firstInLoop + MAX_RECORDS_LOOKED_AT || inLoopAround(loops[i].region, at)) return UNKNOWN;
  }
  const list = records.all;
  const low = firstFrom(list, at);
  for (let i = low - 1, looked = 0; i >= 0; i--, looked++) {
    if (looked >= MAX_RECORDS_LOOKED_AT) return UNKNOWN;
    const record = list[i];
    // `P=$(... $P ...)`: the read is part of the assignment, which takes effect after it.
    if (comparePositions(record.range.end, at) > 0) continue;
    const reach = reaches(record.region, at);
    if (reach === 'never') continue;
    if (reach === 'maybe') return UNKNOWN;
    switch (record.kind) {
      case 'unknown':
        return UNKNOWN;
      case 'unset':
        return { known: true, value: '', expansions: [] };
      case 'set':
        return { known: true, value: record.value, expansions: record.expansions };
      case 'append': {
        if (chain >= MAX_APPEND_CHAIN) return UNKNOWN;
        const before = valueAt(records, record.range.start, chain + 1);
        if (!before?.known) return UNKNOWN;
        // An array's elements stay apart; a string goes on where the old one ends.
        const glue = record.array && before.value !== '' && record.value !== '' ? ' ' : '';
        const offset = before.value.length + glue.length;
        return {
          known: true,
          value: before.value + glue + record.value,
          expansions: [...before.expansions, ...record.expansions.map((o) => o + offset)],
        };
      }
    }
  }
  return undefined;
}

/**
 * Whether an assignment in `region` takes effect at `at`: `never` when a subshell holds it and not `at`,
 * `maybe` when a part that may not run (or may run again) holds it and not `at`, else `always`.
 */
function reaches(region: Region | undefined, at: Position): 'always' | 'maybe' | 'never' {
  let result: 'always' | 'maybe' = 'always';
  for (let r = region; r; r = r.parent) {
    if (contains(r.range, at)) continue;
    if (r.kind === 'subshell') return 'never';
    // Set in the `then` part, read in the `else` part: not on the same path.
    if (r.exclusive && contains(r.exclusive, at)) return 'never';
    result = 'maybe';
  }
  return result;
}

function inLoop(region: Region | undefined): boolean {
  for (let r = region; r; r = r.parent) if (r.kind === 'loop') return true;
  return false;
}

function inLoopAround(region: Region | undefined, at: Position): boolean {
  for (let r = region; r; r = r.parent) {
    if (r.kind === 'subshell' && !contains(r.range, at)) return false;
    if (r.kind === 'loop' && contains(r.range, at)) return true;
  }
  return false;
}

/** The fields of an unquoted expansion of `text`: split at blanks; a field that touches an expansion is not known. */
function fieldsOf(text: Text): (string | undefined)[] {
  const { value, expansions } = text;
  const fields: (string | undefined)[] = [];
  let start = -1;
  let unknown = false;
  let next = 0; // index into expansions
  for (let i = 0; i <= value.length; i++) {
    if (next < expansions.length && i === expansions[next]) {
      // An expansion is one piece of the field it is in, blanks of its own text included.
      if (start < 0) start = i;
      unknown = true;
      i = Math.max(i, expansions[next + 1] - 1);
      next += 2;
      continue;
    }
    const c = value.charCodeAt(i);
    const blank = i === value.length || c === 32 || c === 9 || c === 10;
    if (!blank) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      const field = value.slice(start, i);
      // A `$` or backtick left in a field is not expanded by this walk: not known either.
      fields.push(unknown || /[$`]/.test(field) ? undefined : field);
    }
    start = -1;
    unknown = false;
  }
  return fields;
}
