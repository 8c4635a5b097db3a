/**
 * What `COPY` and `ADD` take: which words are their sources, which sources come from
 * the build context (cleaned, wildcards read as BuildKit's Go-style patterns), which
 * context files a source carries into the image, and which stages `COPY --from` and
 * `RUN --mount=from=` name. Several rules ask this (secret files, notebooks, ignored
 * files, cache order, missing .dockerignore, --from checks), so it is read here once.
 */
import { posix } from 'node:path';
import type { Flag, Instruction, Word } from './dockerfile.js';
import { parseDockerignore } from './dockerignore.js';
import type { Range } from './position.js';

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
  if (instruction.keyword !== 'RUN') return [];
  return instruction.flags.filter((f) => f.name === 'mount').flatMap((f) => mountFrom(f));
}

function mountFrom(flag: Flag): FromReference[] {
  if (!flag.value || !flag.valueRange) return [];
  let offset = 0;
  for (const option of flag.value.split(',')) {
    if (option.startsWith('from=') && option.length > 'from='.length) {
      const start = flag.valueRange.start;
      const column = start.column + offset + 'from='.length;
      const value = option.slice('from='.length);
      return [{ option: 'from', value, range: { start: { line: start.line, column }, end: { line: start.line, column: column + value.length } } }];
    }
    offset += option.length + 1;
  }
  return [];
}

/** The sources of ADD: every word but the destination. */
export function addSources(add: Instruction): readonly Word[] {
  const words = add.execForm ?? add.args;
  return words.slice(0, -1);
}
