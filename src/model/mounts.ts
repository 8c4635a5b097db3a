/**
 * The `--mount` flags of a RUN, read once the way BuildKit reads them: one CSV record of
 * `key=value` fields per flag, keys lower-cased, `dst`/`destination` for `target`, `src` for
 * `source`, `ro` for `readonly`, `rw` for `readwrite`, `bind` when no type is written, the
 * build's ARG/ENV variables expanded in the values. Rules ask `run.mounts`; invalid-instruction
 * reads the fields as written to report unknown keys and types.
 */
import { posix } from 'node:path';
import type { Range } from './position.js';

/** What the parser reads of a flag (a `Flag` of the Dockerfile model; written out here so that dockerfile.ts can keep the result without an import cycle). */
export interface MountFlag {
  readonly name: string;
  readonly value: string | undefined;
  readonly valueRange: Range | undefined;
}

/** What the parser reads of a RUN instruction. */
interface MountedRun {
  readonly keyword: string;
  readonly flags: readonly MountFlag[];
  /** The WORKDIR in force, which relative targets are under. */
  readonly workdir: string;
  expand(text: string): string;
}

/** One `key=value` field of a `--mount` flag. */
export interface MountOption {
  /** The key as written, lower-cased (BuildKit lower-cases keys), not trimmed: `dst`, `ro`, or an unknown key. */
  readonly key: string;
  /** The key trimmed and read through its alias: `target` for `dst`/`destination`, `source` for `src`, `readonly` for `ro`, `readwrite` for `rw`. */
  readonly name: string;
  /** The value as written; undefined when the field has no `=` (`ro`, `required`). */
  readonly value: string | undefined;
  /** The field in the file, assuming the flag's value stands on one line. */
  readonly range: Range | undefined;
  /** The value in the file (after `=`), on the same assumption. */
  readonly valueRange: Range | undefined;
}

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';

/** The mount types BuildKit knows. */
export const MOUNT_TYPES: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];

/** The keys BuildKit accepts in `--mount`, aliases included. */
export const MOUNT_KEYS: readonly string[] = [
  'type', 'from', 'source', 'src', 'target', 'dst', 'destination', 'readonly', 'ro', 'readwrite', 'rw', 'required',
  'id', 'sharing', 'mode', 'uid', 'gid', 'size', 'env',
];

export interface RunMount {
  readonly flag: MountFlag;
  /** Every field in order, as written. */
  readonly options: readonly MountOption[];
  /** Lower-cased, variables expanded, `bind` when none is written (not necessarily a known type: see `MOUNT_TYPES`). */
  readonly type: string;
  /** The absolute, normalized target with variables expanded (relative targets are under the RUN's WORKDIR); undefined when none is written. */
  readonly target: string | undefined;
  /** `source`/`src`, variables expanded: a path in the build context, or in the `from` stage or image. */
  readonly source: string | undefined;
  /** The first non-empty `from`, as written (BuildKit resolves stage names before variables). */
  readonly from: string | undefined;
  /** `id` (cache, secret, ssh), variables expanded. */
  readonly id: string | undefined;
  /** `env` of a secret mount: the variable the secret is exposed as. */
  readonly env: string | undefined;
  readonly mode: string | undefined;
  readonly uid: string | undefined;
  readonly gid: string | undefined;
  /** True for a read-only mount: `ro`/`readonly` (without a value or `=true`), or a bind mount without `rw`. */
  readonly readonly: boolean;
  /** `required` of a secret or ssh mount (without a value or `=true`). */
  readonly required: boolean;
  /** The value of a field by its name (aliases read as their name), variables expanded; `''` for a field without `=`. The last one written wins. */
  get(name: string): string | undefined;
}

const KEY_ALIASES: Readonly<Record<string, string>> = { dst: 'target', destination: 'target', src: 'source', ro: 'readonly', rw: 'readwrite' };

/** The `--mount` flags of a RUN, parsed (dockerfile.ts keeps the result as `instruction.mounts`). */
export function parseRunMounts(run: MountedRun): RunMount[] {
  if (run.keyword !== 'RUN') return [];
  return run.flags.filter((flag) => flag.name.toLowerCase() === 'mount' && flag.value !== undefined).map((flag) => parseMount(run, flag));
}

function parseMount(run: MountedRun, flag: MountFlag): RunMount {
  const options: MountOption[] = [];
  const expanded = new Map<string, string>();
  for (const field of csvFields(flag.value!)) {
    const eq = field.text.indexOf('=');
    const key = (eq < 0 ? field.text : field.text.slice(0, eq)).toLowerCase();
    const trimmed = key.trim();
    const name = Object.hasOwn(KEY_ALIASES, trimmed) ? KEY_ALIASES[trimmed] : trimmed;
    const value = eq < 0 ? undefined : field.text.slice(eq + 1);
    const at = (from: number, to: number) => (flag.valueRange && !field.quoted ? lineSpan(flag.valueRange, from, to) : undefined);
    options.push({ key, name, value, range: at(field.start, field.end), valueRange: eq < 0 ? undefined : at(field.start + eq + 1, field.end) });
    if (trimmed !== '') expanded.set(name, value === undefined ? '' : run.expand(value));
  }
  const get = (name: string) => expanded.get(name);
  const type = (get('type') || 'bind').toLowerCase();
  const written = get('target');
  const target = written ? (isAbsoluteLike(written) ? normalizePath(written) : posix.resolve(run.workdir, written)) : undefined;
  const yes = (name: string) => expanded.has(name) && ['', 'true'].includes(get(name)!.toLowerCase());
  const readonly = expanded.has('readonly') ? yes('readonly') : expanded.has('readwrite') ? !yes('readwrite') : type === 'bind';
  return {
    flag,
    options,
    type,
    target,
    source: get('source'),
    from: options.find((o) => o.name === 'from' && o.value)?.value,
    id: get('id'),
    env: get('env'),
    mode: get('mode'),
    uid: get('uid'),
    gid: get('gid'),
    readonly,
    required: yes('required'),
    get,
  };
}

/** `from`..`to` of the flag's value, on the line the value starts on. */
function lineSpan(valueRange: Range, from: number, to: number): Range {
  const { line, column } = valueRange.start;
  return { start: { line, column: column + from }, end: { line, column: column + to } };
}

/** `~/x`, `$HOME/x`, `${HOME}/x` → `x` (`''` for the home itself); undefined for other paths. */
export function homeRelative(path: string): string | undefined {
  const m = /^(~|\$HOME|\$\{HOME\})(\/.*)?$/.exec(path);
  if (!m) return undefined;
  return normalizePath(m[2] ?? '/').slice(1);
}

function isAbsoluteLike(path: string): boolean {
  return path.startsWith('/') || homeRelative(path) !== undefined;
}

/** Collapses `//`, `.` and `..` and drops a trailing `/`, keeping a leading `~`/`$HOME`. */
export function normalizePath(path: string): string {
  const home = /^(~|\$HOME|\$\{HOME\})(?=\/|$)/.exec(path);
  if (home) return `${home[1]}${normalizePath(path.slice(home[1].length) || '/').replace(/^\/$/, '')}`;
  const clean = posix.normalize(path);
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
}

interface CsvField {
  readonly text: string;
  /** Offsets of the field in the record (quotes included). */
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

/** Splits a CSV record the way Go's encoding/csv does for one line: `"a,b",c` is two fields. Blank fields are kept: BuildKit rejects them. */
function csvFields(value: string): CsvField[] {
  const fields: CsvField[] = [];
  let current = '';
  let start = 0;
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '"' && value[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c === '"' && current === '') {
      quoted = wasQuoted = true;
    } else if (c === ',') {
      fields.push({ text: current, start, end: i, quoted: wasQuoted });
      current = '';
      start = i + 1;
      wasQuoted = false;
    } else {
      current += c;
    }
  }
  fields.push({ text: current, start, end: value.length, quoted: wasQuoted });
  return fields;
}
