/**
 * The `--mount` options of a RUN, read the way BuildKit reads them: one
 * comma-separated list of `key=value` fields per flag (CSV quoting allowed),
 * `dst`/`destination` for `target`, `bind` when no type is written, and the
 * build's ARG/ENV variables expanded in the values. Rules ask whether a cache
 * (or tmpfs) mount holds a directory, so that what is written there never
 * reaches the image.
 */
import { posix } from 'node:path';
import type { Flag, Instruction } from './dockerfile.js';
import { workdirAt } from './packages.js';

export interface RunMount {
  /** `bind`, `cache`, `tmpfs`, `secret`, `ssh`: lower-cased, `bind` when not written. */
  readonly type: string;
  /** The absolute, normalized target with variables expanded; undefined when none is written. */
  readonly target: string | undefined;
  /** Every field, keys lower-cased and their aliases (`dst`, `src`) read as `target` and `source`. */
  readonly options: ReadonlyMap<string, string>;
  readonly flag: Flag;
}

const KEY_ALIASES: Readonly<Record<string, string>> = { dst: 'target', destination: 'target', src: 'source' };

/** The `--mount` flags of a RUN. */
export function runMounts(run: Instruction): RunMount[] {
  const mounts: RunMount[] = [];
  for (const flag of run.flags) {
    if (flag.name.toLowerCase() !== 'mount' || flag.value === undefined) continue;
    const options = new Map<string, string>();
    for (const field of csvFields(flag.value)) {
      const eq = field.indexOf('=');
      const rawKey = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
      const key = Object.hasOwn(KEY_ALIASES, rawKey) ? KEY_ALIASES[rawKey] : rawKey;
      options.set(key, eq < 0 ? '' : run.expand(field.slice(eq + 1)));
    }
    const written = options.get('target');
    const target = written ? (isAbsoluteLike(written) ? normalize(written) : posix.resolve(workdirAt(run), written)) : undefined;
    mounts.push({ type: (options.get('type') || 'bind').toLowerCase(), target, options, flag });
  }
  return mounts;
}

/**
 * True when a `type=cache` or `type=tmpfs` mount of the RUN holds `dir`: the
 * directory itself or one of its parents. A `dir` written `~/.cache/pip` is that
 * path under any home directory: `/root/.cache/pip`, `$HOME/.cache` and
 * `~/.cache` all hold it.
 */
export function hasCacheMountOn(run: Instruction, ...dirs: string[]): boolean {
  const targets = runMounts(run)
    .filter((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined)
    .map((m) => m.target!);
  return dirs.some((dir) => targets.some((target) => covers(target, dir)));
}

/** True when the folder `target` (a mount's target, a deleted path) is `dir` or one of its parents. */
export function covers(folder: string, dir: string): boolean {
  const target = normalize(folder);
  const home = homeRelative(dir);
  if (home === undefined) {
    const wanted = normalize(dir);
    return target !== '/' && (wanted === target || wanted.startsWith(`${target}/`));
  }
  const targetHome = homeRelative(target);
  if (targetHome !== undefined) return targetHome === '' || home === targetHome || home.startsWith(`${targetHome}/`);
  // An absolute target holds `~/a/b` when it ends with `/a` or `/a/b` under some home (`/root/.cache`,
  // `/home/app/.cache/pip`); `/.cache` is not under a home (root's is /root).
  const parts = home.split('/');
  for (let n = 1; n <= parts.length; n++) {
    const suffix = `/${parts.slice(0, n).join('/')}`;
    if (target.endsWith(suffix) && target.length > suffix.length) return true;
  }
  return false;
}

/** `~/x`, `$HOME/x`, `${HOME}/x` → `x` (`''` for the home itself); undefined for other paths. */
function homeRelative(path: string): string | undefined {
  const m = /^(~|\$HOME|\$\{HOME\})(\/.*)?$/.exec(path);
  if (!m) return undefined;
  return normalize(m[2] ?? '/').slice(1);
}

function isAbsoluteLike(path: string): boolean {
  return path.startsWith('/') || homeRelative(path) !== undefined;
}

/** Collapses `//`, `.` and `..` and drops a trailing `/`, keeping a leading `~`/`$HOME`. */
function normalize(path: string): string {
  const home = /^(~|\$HOME|\$\{HOME\})(?=\/|$)/.exec(path);
  if (home) return `${home[1]}${normalize(path.slice(home[1].length) || '/').replace(/^\/$/, '')}`;
  const clean = posix.normalize(path);
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
}

/** Splits a CSV record the way Go's encoding/csv does for one line: `"a,b",c` is two fields. */
function csvFields(value: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
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
      quoted = true;
    } else if (c === ',') {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields.filter((f) => f.trim() !== '');
}
