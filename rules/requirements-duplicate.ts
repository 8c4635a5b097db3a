import { dirname, relative, sep } from 'node:path';
import { defineRule, type Fix, type Project } from '../src/engine/rule.js';
import type { Range } from '../src/model/position.js';
import { isTemplate, specifiersConflict, type RequirementEntry, type RequirementsModel } from '../src/model/requirements.js';
import { markerKey, requirementsManifest, type DeclaredDependency, type DependencyManifest } from '../src/model/manifests.js';

/** A requirement as pip meets it while reading the file and its `-r` includes, and where this file shows it. */
interface Occurrence {
  readonly dependency: DeclaredDependency;
  /** The entry itself, or the `-r` line of this file that brings it in. */
  readonly anchor: Range;
  /** The `-r` line it came through; undefined for the file's own entries. */
  readonly via: Range | undefined;
}

/** Includes nested deeper, or more requirements than this, are not followed: the answer stays bounded. */
const MAX_DEPTH = 16;
const MAX_OCCURRENCES = 50_000;

export default defineRule({
  meta: {
    id: 'requirements-duplicate',
    aliases: [],
    severity: 'warning',
    category: 'maintainability',
    summary: 'The same distribution listed twice in a requirements file (or its `-r` includes) or in one list of pyproject.toml, Pipfile or environment.yml',
    fixable: true,
    fix: {
      safe: `The fix deletes the line that adds nothing: the later one when both ask for the same version (spaces
aside), or the one without a version when the other has it (the earlier one, if it is in the same file). Its whole
line goes: the continuation lines of its \`--hash\` options, its comment, and the \`# via\` lines pip-compile writes
under it. pip reads both lines as one requirement, with the intersection of their constraints and of their hashes, so
the file without the redundant line installs the same thing. Offered only for a line of the file itself with the same
extras, marker and source as the line it repeats, no other per-requirement option (\`--config-settings\`), and either no
\`--hash\` or the same hashes as the line that stays. Not offered for conflicts (which line is right is your call), for
a repeat that comes through a \`-r\` include, or in \`pyproject.toml\`, \`Pipfile\` and \`environment.yml\`.`,
    },
    docs: {
      rationale: `pip installs one version of each distribution, however many lines name it. A second line for the same
name (\`Flask\` and \`flask\`, \`scikit_learn\` and \`scikit-learn\` are one name) either says the same thing again, so
that the next upgrade edits one line and forgets the other, or says something else: \`flask==2.0\` here and
\`flask==2.1\` in an included file cannot both hold, and the build stops with \`ResolutionImpossible\`. Keep one line per
distribution and its constraints.`,
      bad: `-r base.txt\nflask==2.1\nnumpy==1.26.4\nrequests>=2.31\nRequests<3\nnumpy==1.26.4\n`,
      badFiles: { 'base.txt': 'flask==2.0\n' },
      good: `-r base.txt\nnumpy==1.26.4\nrequests>=2.31,<3\n`,
      goodFiles: { 'base.txt': 'flask==2.0\n' },
      exampleKind: 'requirements',
      notes: `Names are compared as PEP 503 normalizes them. Two lines with different environment markers
(\`; python_version < "3.9"\` and \`; python_version >= "3.9"\`) apply to different environments and are not duplicates;
neither are two lines that ask for different extras (\`celery\` and \`celery[redis]\`) unless their versions conflict.
The finding is on the second line pip reads, naming the first (file and line); a repeat inside an included file is
reported on that file, and one between this file and an include on the line of this file that pip reads second (the
entry, or the \`-r\` that brings it in). Between two files this one includes, only conflicts are reported: layered
files compiled one per group (\`pip-compile\`) repeat their shared pins on purpose. A file included twice is read once.
\`-c\` constraints files are not requirements and are not compared.

In \`pyproject.toml\`, \`Pipfile\` and \`environment.yml\` a repeat is reported within one list only: \`[project]
dependencies\`, one extra of \`[project.optional-dependencies]\`, one \`[dependency-groups]\` group, one Poetry group,
\`[packages]\` or \`[dev-packages]\`, conda's \`dependencies\` or its \`pip:\` section. A package named both in the main
list and in an extra or a group is how those formats say "also needed there", not a mistake. Poetry's (\`^1.2\`) and
conda's (\`=1.26\`) version syntaxes are compared as text: only PEP 440 specifiers are checked for conflicts.`,
    },
  },
  checkRequirements(file, context) {
    if (isTemplate(file)) return;
    const first = new Map<string, Occurrence>();
    for (const occurrence of occurrencesOf(file, context.project)) {
      const { dependency } = occurrence;
      if (dependency.normalizedName === undefined) continue;
      const key = `${dependency.normalizedName}\0${markerKey(dependency.marker)}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, occurrence);
        continue;
      }
      // Both inside one included file: that file reports it.
      if (earlier.via !== undefined && earlier.via === occurrence.via) continue;
      const found = duplicateMessage(file, earlier.dependency, dependency);
      // Layered files compiled one per group (pip-compile) repeat shared pins; between two includes only a conflict matters.
      if (found && earlier.via !== undefined && occurrence.via !== undefined && !found.conflict) continue;
      if (!found) continue;
      const fix = occurrence.via === undefined ? redundantLineFix(file, earlier.dependency, dependency) : undefined;
      // Two lines no version satisfies stop the install: that is an error, not upkeep.
      context.report({ range: occurrence.anchor, message: found.message, ...(found.conflict ? { severity: 'error' as const } : {}), ...(fix ? { fix } : {}) });
    }
  },
  checkManifest(file, context) {
    const first = new Map<string, DeclaredDependency>();
    for (const dependency of file.dependencies) {
      if (dependency.normalizedName === undefined) continue;
      const key = `${listOf(dependency)}\0${dependency.normalizedName}\0${markerKey(dependency.marker)}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, dependency);
        continue;
      }
      const found = duplicateMessage(file, earlier, dependency);
      if (found) context.report({ range: dependency.range, message: found.message, ...(found.conflict ? { severity: 'error' as const } : {}) });
    }
  },
});

/**
 * The list a dependency of pyproject.toml, a Pipfile or environment.yml is declared in: a name may stand once in each,
 * since an extra or a group adds to the main list rather than restating it.
 */
function listOf(dependency: DeclaredDependency): string {
  // A Poetry dependency marked `optional = true` carries an extra of its own name, yet sits in the main table.
  const extra = dependency.section === 'optional' ? (dependency.extra ?? '') : '';
  return `${dependency.section}\0${extra}\0${dependency.group ?? ''}`;
}

/** Who reads the list and fails on a conflict, for messages. */
function installerOf(dependency: DeclaredDependency): string {
  switch (dependency.section) {
    case 'conda':
      return 'conda';
    case 'poetry':
      return 'Poetry';
    case 'pipfile':
      return 'pipenv';
    case 'requirements':
    case 'conda-pip':
      return 'pip';
    default:
      return 'the installer';
  }
}

/** The requirements of the file with its `-r` includes expanded in place, in the order pip reads them. */
function occurrencesOf(file: RequirementsModel, project: Project): Occurrence[] {
  const found: Occurrence[] = [];
  // Each file is expanded once: a second `-r` of the same file (a diamond of includes, or a cycle) repeats the same lines.
  const expanded = new Set<string>([file.path]);
  const walk = (model: RequirementsModel, via: Range | undefined, depth: number): void => {
    const dependencies = requirementsManifest(model).dependencies;
    const includes = project.includesOf(model).filter((i) => i.include.kind === 'requirement');
    const lines: { line: number; dependency?: DeclaredDependency; include?: (typeof includes)[number] }[] = [
      ...dependencies.map((dependency) => ({ line: dependency.line, dependency })),
      ...includes.map((include) => ({ line: include.include.line, include })),
    ].sort((a, b) => a.line - b.line);
    for (const item of lines) {
      if (found.length >= MAX_OCCURRENCES) return;
      if (item.dependency) {
        const dependency = item.dependency;
        found.push({ dependency, anchor: via ?? dependency.range, via });
        continue;
      }
      const { include, model: included } = item.include!;
      if (expanded.has(included.path) || depth >= MAX_DEPTH) continue;
      expanded.add(included.path);
      walk(included, via ?? include.range, depth + 1);
    }
  };
  walk(file, undefined, 0);
  return found;
}

function duplicateMessage(file: RequirementsModel | DependencyManifest, earlier: DeclaredDependency, later: DeclaredDependency): { message: string; conflict: boolean } | undefined {
  const where = placeOf(file, earlier);
  const installer = installerOf(later);
  const shownEarlier = shown(earlier);
  const shownLater = shown(later);
  const inInclude = later.file === file.path ? '' : ` (in ${placeOf(file, later)}, included here)`;
  if (earlier.url !== undefined && later.url !== undefined && earlier.url !== later.url) {
    return { message: `"${shownLater}"${inInclude} names another source for "${earlier.name}" than "${shownEarlier}" at ${where}; ${installer} cannot install both: keep one`, conflict: true };
  }
  const conflict = earlier.url === undefined && later.url === undefined ? specifiersConflict(earlier.specifier, later.specifier) : false;
  if (conflict) {
    return { message: `"${shownLater}"${inInclude} conflicts with "${shownEarlier}" at ${where}: no version satisfies both, so ${installer} cannot resolve them; keep one`, conflict: true };
  }
  // Asking for other extras of the same distribution is a reason to name it again.
  if (!sameExtras(earlier, later)) return undefined;
  // A line without a version adds nothing to one with a version.
  const sameOrLoose = spaceless(earlier.specifier) === spaceless(later.specifier) || earlier.specifier === '' || later.specifier === '';
  if (sameOrLoose && earlier.url === later.url) {
    const fix = later.specifier === earlier.specifier ? 'remove one of them' : later.specifier === '' ? 'it adds nothing; remove it' : 'keep one line, with the version';
    return { message: `"${shownLater}"${inInclude} repeats "${shownEarlier}" at ${where}: ${fix}`, conflict: false };
  }
  return { message: `"${shownLater}"${inInclude} adds to "${shownEarlier}" at ${where}: ${installer} applies both; write the constraints on one line`, conflict: false };
}

function shown(dependency: DeclaredDependency): string {
  const extras = dependency.extras.length > 0 ? `[${dependency.extras.join(',')}]` : '';
  if (dependency.url !== undefined) return `${dependency.name}${extras} @ ${dependency.url}`;
  const specifier = spaceless(dependency.specifier);
  // Poetry's `2.31.0` and `^2.31` read better apart from the name than `requests2.31.0`.
  return `${dependency.name}${extras}${/^[\d^~*]/.test(specifier) ? ' ' : ''}${specifier}`;
}

function spaceless(text: string): string {
  return text.replace(/\s+/g, '');
}

function sameExtras(a: DeclaredDependency, b: DeclaredDependency): boolean {
  const key = (d: DeclaredDependency) => d.extras.map((e) => e.toLowerCase()).sort().join(',');
  return key(a) === key(b);
}

/** `line 3` in the same file, else `base.txt:3` relative to this file's folder. */
function placeOf(file: RequirementsModel | DependencyManifest, dependency: DeclaredDependency): string {
  if (dependency.file === file.path) return `line ${dependency.line}`;
  return `${relative(dirname(file.path), dependency.file).split(sep).join('/')}:${dependency.line}`;
}

/**
 * Deleting the line that adds nothing to the other, when pip would read the file without it the same way: the same
 * extras, marker, source and hashes, and either the same specifier or none on the deleted line. Undefined otherwise.
 */
function redundantLineFix(file: RequirementsModel, earlier: DeclaredDependency, later: DeclaredDependency): Fix | undefined {
  if (!sameExtras(earlier, later) || earlier.url !== later.url || earlier.editable !== later.editable) return undefined;
  const same = spaceless(earlier.specifier) === spaceless(later.specifier);
  // The line without a version goes; with the same version, the later one.
  const redundant = same || later.specifier === '' ? later : earlier.specifier === '' ? earlier : undefined;
  if (redundant === undefined || redundant.file !== file.path) return undefined;
  const kept = redundant === later ? earlier : later;
  const entry = entryAt(file, redundant.line);
  if (!entry || entry.perRequirementOptions.length > 0 || continues(file.lines[entry.line - 2])) return undefined;
  if (entry.hashes.length > 0) {
    // pip keeps the hashes both lines allow: deleting one changes nothing only when the other has the same.
    const other = kept.file === file.path ? entryAt(file, kept.line) : undefined;
    if (!other || other.hashes.length !== entry.hashes.length || !entry.hashes.every((h) => other.hashes.includes(h))) return undefined;
  }
  let last = entry.endLine;
  // pip-compile's annotation of the entry, `    # via flask`, and its indented continuation lines.
  if (/^\s+# via\b/.test(file.lines[last] ?? '')) while (/^\s+#/.test(file.lines[last] ?? '')) last++;
  const range =
    last < file.lines.length
      ? { start: { line: entry.line, column: 1 }, end: { line: last + 1, column: 1 } }
      : entry.line > 1
        ? // The last line of the file: the line break before it goes, so that the file ends as it did.
          { start: { line: entry.line - 1, column: file.lines[entry.line - 2].length + 1 }, end: { line: last, column: file.lines[last - 1].length + 1 } }
        : { start: { line: 1, column: 1 }, end: { line: last, column: file.lines[last - 1].length + 1 } };
  return { applicability: 'safe', description: `delete the line of \`${redundant.name ?? ''}${redundant.specifier}\`, which adds nothing to line ${kept.line}`, edits: [{ range, text: '' }] };
}

/** A line that pip joins to the next (it ends with `\\` and is no comment): the entry began above it. */
function continues(line: string | undefined): boolean {
  return line !== undefined && line.endsWith('\\') && !/^\s*#/.test(line);
}

function entryAt(file: RequirementsModel, line: number): RequirementEntry | undefined {
  return file.entries.find((e) => e.line === line);
}
