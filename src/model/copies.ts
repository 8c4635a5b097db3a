/**
 * What `COPY` and `ADD` take: which words are their sources, which sources come from
 * the build context (cleaned, wildcards read as BuildKit's Go-style patterns), which
 * context files a source carries into the image, and which stages `COPY --from` and
 * `RUN --mount=from=` name. Several rules ask this (secret files, notebooks, ignored
 * files, cache order, missing .dockerignore, --from checks), so it is read here once.
 */
import { posix } from 'node:path';
import type { Instruction, Word } from './dockerfile.js';
import { parseDockerignore } from './dockerignore.js';
import type { RunMount } from './mounts.js';
import type { Range } from './position.js';
import { stageLineage, workdirAt } from './stages.js';

/** A COPY/ADD source taken from the build context. */
export interface ContextSource {
  readonly word: Word;
  /** As written, quotes removed. */
  readonly text: string;
  /** Context-relative, cleaned, `''` for the whole context. */
  readonly path: string;
  /** Set when the source is a wildcard pattern. */
  readonly glob: RegExp | undefined;
}

/** `COPY --from=X` or the `from=X` option of `RUN --mount`, with the range of `X`. */
export interface FromReference {
  readonly option: '--from' | 'from';
  readonly value: string;
  readonly range: Range;
}

/** True for a COPY or ADD that reads the build context (no `--from`). */
export function copiesFromContext(instruction: Instruction): boolean {
  return (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && !instruction.flag('from');
}

/** The source words of a COPY/ADD: not the destination, not heredoc markers or bodies. */
export function sourceWords(copy: Instruction): Word[] {
  if (copy.execForm) return copy.execForm.slice(0, -1);
  const lastMarkerLine = Math.max(0, ...copy.heredocs.map((h) => h.markerRange.start.line));
  const words = lastMarkerLine > 0 ? copy.args.filter((w) => w.range.start.line <= lastMarkerLine) : copy.args;
  return words.slice(0, -1).filter((w) => !w.value.startsWith('<<'));
}

/** The sources a COPY/ADD takes from the build context: not `--from`, URLs, heredocs, or unresolved variables. */
export function contextSources(copy: Instruction): ContextSource[] {
  if (!copiesFromContext(copy)) return [];
  const sources: ContextSource[] = [];
  for (const word of sourceWords(copy)) {
    const text = word.expanded;
    if (text.includes('$') || (copy.keyword === 'ADD' && /^([a-z][a-z0-9+.-]*:\/\/|git@)/i.test(text))) continue;
    const path = posix.normalize(`./${text.replace(/^\/+/, '')}`).replace(/\/+$/, '');
    if (path === '..' || path.startsWith('../')) continue;
    const clean = path === '.' ? '' : path;
    sources.push({ word, text, path: clean, glob: /[*?[]/.test(clean) ? globPattern(clean) : undefined });
  }
  return sources;
}

/** Go's filepath.Match pattern (what BuildKit matches COPY sources with) as a RegExp over a whole path. */
export function globPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += escapeRegExp(ch);
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return /$^/;
  }
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`. */
export function pathPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** A test for context paths that the source brings in: itself, what is below it, or what a wildcard matches (or is below a match), less `--exclude`. */
export function carriedBy(source: ContextSource, copy: Instruction): (path: string) => boolean {
  const excluded = excludeMatcher(copy);
  return (path) => {
    let below: string;
    if (source.glob) {
      const prefix = pathPrefixes(path).find((p) => source.glob!.test(p));
      if (prefix === undefined) return false;
      below = path.slice(prefix.length + 1);
    } else if (source.path === '') below = path;
    else if (path === source.path) below = posix.basename(path);
    else if (path.startsWith(`${source.path}/`)) below = path.slice(source.path.length + 1);
    else return false;
    return !excluded(below || posix.basename(path));
  };
}

/** `COPY --exclude=<pattern>` (repeatable): patterns matched like `.dockerignore` lines, relative to the source. */
function excludeMatcher(copy: Instruction): (relative: string) => boolean {
  const patterns = copy.flags.filter((f) => f.name === 'exclude' && f.value).map((f) => f.valueWord?.unquoted ?? f.value!);
  if (patterns.length === 0) return () => false;
  const ignore = parseDockerignore(patterns.join('\n'), '--exclude');
  return (relative) => ignore.isIgnored(relative);
}

/** `COPY --from=X` and the `from=X` option of `RUN --mount`. */
export function fromReferences(instruction: Instruction): FromReference[] {
  if (instruction.keyword === 'COPY') {
    const flag = instruction.flag('from');
    return flag?.value && flag.valueRange ? [{ option: '--from', value: flag.value, range: flag.valueRange }] : [];
  }
  const references: FromReference[] = [];
  for (const mount of instruction.mounts) {
    const from = mount.options.find((o) => o.name === 'from' && o.value);
    const range = from?.valueRange ?? mount.flag.valueRange;
    if (from && range) references.push({ option: 'from', value: from.value!, range });
  }
  return references;
}

/** How a path in the image can have come to be there: by which instruction, from where. */
export interface CopyOrigin {
  /** The COPY or ADD, or the RUN whose bind mount shows the path. */
  readonly instruction: Instruction;
  /** The source word of the COPY/ADD; undefined for a mount. */
  readonly source: Word | undefined;
  /** The bind mount of the RUN; undefined for a COPY/ADD. */
  readonly mount: RunMount | undefined;
  /** `--from`/`from=` as written (a stage, an image or a named context); undefined for the build context. */
  readonly from: string | undefined;
  /** Where the path comes from in its origin, cleaned and relative (`''` for the root); undefined for a heredoc. */
  readonly path: string | undefined;
  /** `path` when it is a path in the build context (no `from`); else undefined. */
  readonly contextPath: string | undefined;
  /** `source`: the path is the source itself (a file, or a match of a wildcard); `folder`: it is inside the source, read as a folder. */
  readonly via: 'source' | 'folder';
  /**
   * For a `folder` reading: true when the source is certainly a folder (written with a trailing `/`, the whole context, a
   * bind mount with the path below its target); undefined when only the context can tell. Undefined for `source` readings.
   */
  readonly sourceIsFolder: true | undefined;
}

/**
 * Where the file or folder at `containerPath` (absolute, or relative to the WORKDIR of `instruction`) can have come
 * from when `instruction` runs, latest first: the bind mounts of `instruction` itself (a RUN), then every COPY/ADD
 * before it in its stage and the stages it is built on. A source gives one reading per way it can land on the path:
 * after `COPY src /app/`, `/app/src` is `src` if that is a file, and `/app/x` is `src/x` if `src` is a folder. Which
 * reading holds is for the build context to tell (`contextPathOf` in packages.ts asks it); this query does no I/O. Wildcard sources (`COPY package*.json ./`) give the files they match by name; `--exclude` and .dockerignore
 * are not looked at; sources with unresolved variables and ADD URLs are left out.
 */
export function copySourcesOf(instruction: Instruction, containerPath: string): CopyOrigin[] {
  const wanted = posix.resolve(workdirAt(instruction), containerPath);
  const origins: CopyOrigin[] = [];
  for (const mount of instruction.mounts) {
    if (mount.type !== 'bind' || mount.target === undefined) continue;
    const rest = relativeTo(wanted, mount.target);
    if (rest === undefined) continue;
    const path = cleanRelative(posix.join(cleanRelative(mount.source ?? ''), rest));
    const contextPath = mount.from === undefined ? path : undefined;
    origins.push({ instruction, source: undefined, mount, from: mount.from, path, contextPath, via: rest === '' ? 'source' : 'folder', sourceIsFolder: rest === '' ? undefined : true });
  }
  const copies = stageLineage(instruction.stage)
    .flatMap((s) => s.instructions)
    .filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && (i.stage !== instruction.stage || i.index < instruction.index));
  for (let c = copies.length - 1; c >= 0; c--) origins.push(...copyReadings(copies[c], wanted));
  return origins;
}

/** The readings of one COPY/ADD that put something at the absolute path `wanted`. */
export function copyReadings(copy: Instruction, wanted: string): CopyOrigin[] {
  const words = copy.execForm ?? copy.args;
  if (words.length < 2) return [];
  const destination = posix.resolve(workdirAt(copy), words[words.length - 1].expanded);
  const rest = relativeTo(wanted, destination);
  if (rest === undefined) return [];
  const from = copy.flag('from')?.value;
  const origins: CopyOrigin[] = [];
  const add = (source: Word | undefined, path: string | undefined, via: 'source' | 'folder' = 'source', sourceIsFolder?: true) =>
    origins.push({ instruction: copy, source, mount: undefined, from, path, contextPath: from === undefined ? path : undefined, via, sourceIsFolder });
  for (const heredoc of copy.heredocs) {
    if (rest === '' || rest === heredoc.name) add(undefined, undefined);
  }
  for (const source of from === undefined ? contextSources(copy) : fromSources(copy)) {
    if (source.glob) {
      // Each match lands in the destination folder by its name; a matching folder's contents cannot be told by name.
      const match = cleanRelative(posix.join(posix.dirname(source.path), rest));
      if (rest !== '' && !rest.includes('/') && source.glob.test(match)) add(source.word, match);
      continue;
    }
    // A folder (or the whole context) copies its contents into the destination; a file lands at the
    // destination itself or, in a destination folder, under its own name.
    if (rest !== '') {
      const folder = source.path === '' || /\/\.?$/.test(source.text) ? true : undefined;
      add(source.word, cleanRelative(posix.join(source.path, rest)), 'folder', folder);
    }
    if (source.path !== '' && (rest === '' || rest === posix.basename(source.path))) add(source.word, source.path);
  }
  return origins;
}

/** The sources of a `COPY --from`: paths in the other stage or image, cleaned like context paths. */
function fromSources(copy: Instruction): ContextSource[] {
  return sourceWords(copy).flatMap((word) => {
    const text = word.expanded;
    if (text.includes('$')) return [];
    const path = cleanRelative(text);
    return [{ word, text, path, glob: /[*?[]/.test(path) ? globPattern(path) : undefined }];
  });
}

/** `path` below `folder` (`''` for the folder itself); undefined when it is not inside it. */
function relativeTo(path: string, folder: string): string | undefined {
  if (path === folder) return '';
  if (folder === '/') return path.slice(1);
  return path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : undefined;
}

/** `./a/../b/`, `/b` → `b`; `.` → `''`. */
function cleanRelative(path: string): string {
  const clean = posix.normalize(`./${path.replace(/^\/+/, '')}`).replace(/\/+$/, '');
  return clean === '.' ? '' : clean;
}

/** The sources of ADD: every word but the destination. */
export function addSources(add: Instruction): readonly Word[] {
  const words = add.execForm ?? add.args;
  return words.slice(0, -1);
}
