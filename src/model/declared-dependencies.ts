/**
 * The dependencies a manifest declares and the package indexes it names, in one shape whatever the kind of
 * manifest. The requirements rules read these, so that another manifest (pyproject.toml, Pipfile,
 * environment.yml) only needs a function that fills them to get the same checks.
 */
import { satisfies, valid } from '@renovatebot/pep440';
import type { Range } from './position.js';
import type { RequirementsModel } from './requirements.js';

export interface DeclaredDependency {
  /** The manifest's path. */
  readonly file: string;
  readonly line: number;
  readonly range: Range;
  readonly name: string | undefined;
  /** PEP 503 normalized: `Flask` and `flask`, `scikit_learn` and `scikit-learn` are one. */
  readonly normalizedName: string | undefined;
  readonly extras: readonly string[];
  /** `>=1.2,<2`; empty when none. */
  readonly specifier: string;
  readonly marker: string | undefined;
  /** A URL or a local path the code comes from (`./lib`, `file:///...`, `git+https://...`). */
  readonly url: string | undefined;
  readonly editable: boolean;
}

export interface IndexSetting {
  readonly option: '--index-url' | '--extra-index-url' | '--find-links';
  readonly url: string;
  /** The option's name. */
  readonly range: Range;
}

export function requirementsDependencies(model: RequirementsModel): DeclaredDependency[] {
  return model.entries.map((entry) => ({ ...entry, file: model.path }));
}

export function requirementsIndexSettings(model: RequirementsModel): IndexSetting[] {
  const settings: IndexSetting[] = [];
  for (const option of model.options) {
    if ((option.name === '--index-url' || option.name === '--extra-index-url' || option.name === '--find-links') && option.value !== undefined) {
      settings.push({ option: option.name, url: option.value, range: option.range });
    }
  }
  return settings;
}

/** The marker as a key: two requirements with different markers apply to different environments. */
export function markerKey(marker: string | undefined): string {
  return (marker ?? '').replace(/\s+/g, '').replace(/"/g, "'");
}

/**
 * Whether no version satisfies both specifiers (`==2.0` and `==2.1`, `<2` and `>=2`); undefined when that cannot
 * be told (a `${VAR}` version, `===`, an invalid clause). The answer is searched among the versions the clauses
 * name, the versions just above them and the next releases after them, which holds every interval's edge.
 */
export function specifiersConflict(a: string, b: string): boolean | undefined {
  if (a.trim() === '' || b.trim() === '') return false;
  const clauses = [...a.split(','), ...b.split(',')].map((c) => c.trim()).filter((c) => c !== '');
  const candidates = new Set<string>(['0', '0.0.0.0.1']);
  for (const clause of clauses) {
    const match = /^(~=|==|!=|<=|>=|<|>)\s*(.+)$/.exec(clause);
    if (!match) return undefined;
    const version = match[2].replace(/\.\*$/, '');
    if (!valid(version)) return undefined;
    candidates.add(version);
    const release = /^v?(?:\d+!)?(\d+(?:\.\d+)*)/.exec(version)?.[1];
    if (release === undefined) continue;
    candidates.add(`${release}.0.0.0.0.1`);
    const parts = release.split('.').map(Number);
    for (let i = 0; i < parts.length; i++) candidates.add([...parts.slice(0, i), parts[i] + 1].join('.'));
  }
  const options = { prereleases: true };
  for (const version of candidates) {
    if (satisfies(version, a, options) && satisfies(version, b, options)) return false;
  }
  return true;
}

/** A dependency installed from the local file system: a path (`./lib`, `.`, `/wheels/x.whl`) or a `file:` URL. */
export function localPathOf(dependency: DeclaredDependency): string | undefined {
  const url = dependency.url;
  if (url === undefined) return undefined;
  if (/^file:/i.test(url)) {
    // file:///abs, file://localhost/abs, file:/abs, file:relative (pip accepts all of them)
    const path = url.replace(/^file:(\/\/(localhost)?(?=\/))?/i, '').replace(/[#?].*$/, '');
    return decodeURIComponent(path.replace(/%(?![0-9a-f]{2})/gi, '%25'));
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url) ? undefined : url;
}
