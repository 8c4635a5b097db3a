/**
 * Whether a pinned release of a package installs on a Python: the facts of src/data/python-support.ts (each
 * release range's Requires-Python, wheels and sdist), asked for one release and one Python. A release, package or
 * Python the table does not cover gives no answer, never a guess.
 */
import { compare, parse, satisfies } from '@renovatebot/pep440';
import { pythonSupport, type PythonSupportRow } from '../data/python-support.js';
import type { BuildContext } from './context.js';
import type { Instruction, Stage } from './dockerfile.js';
import { packageInstalls } from './packages.js';
import { pythonVersionOf } from './python-dependencies.js';
import { rootStage, stageChain } from './stages.js';

export interface PythonMismatch {
  /** `requires-python`: the release's Requires-Python excludes the Python; `no-wheel`: no wheel for it. */
  readonly reason: 'requires-python' | 'no-wheel';
  /** What pip does: finds no release to install, or builds the release from its source distribution. */
  readonly outcome: 'no-distribution' | 'source-build';
  /** The table row of the pinned release. */
  readonly row: PythonSupportRow;
  /** The Pythons the pinned release installs on, for a message: `3.8-3.11`, `>=3.10`. */
  readonly supported: string;
  /** True when the Python is newer than those the release supports, false when older. */
  readonly pythonIsNewer: boolean;
  /**
   * A release of the same package that installs on the Python: the first one after the pin when the Python is newer
   * than the pin's, the last one before it when older; undefined when the table has none.
   */
  readonly alternative: string | undefined;
}

/** The table's rows by package, built once. */
const rowsByPackage = new Map<string, PythonSupportRow[]>();
for (const row of pythonSupport) rowsByPackage.set(row.package, [...(rowsByPackage.get(row.package) ?? []), row]);

/**
 * Why the release `version` of `normalizedName` does not install on CPython `python` (`3.12`), or undefined when it
 * does or when the table does not cover it. The local part of a version (`2.3.1+cu121`) is ignored; pre-releases
 * and dev releases are not tabled.
 */
export function pythonMismatch(normalizedName: string, version: string, python: string): PythonMismatch | undefined {
  const rows = rowsByPackage.get(normalizedName);
  const release = version.split('+')[0];
  const parsed = parse(release);
  const minor = minorOf(python);
  if (!rows || !parsed || parsed.pre || parsed.dev || minor === undefined) return undefined;
  const row = rows.find((r) => compare(release, r.first) >= 0 && compare(release, r.last) <= 0);
  if (!row) return undefined;
  const reason = excludes(row, minor);
  if (!reason) return undefined;
  const newer = compareMinor(minor, minorOf(row.wheels.from)!) > 0;
  const fits = rows.filter((r) => !excludes(r, minor));
  const alternative = newer
    ? fits.filter((r) => compare(r.first, release) > 0).sort((a, b) => compare(a.first, b.first))[0]?.first
    : fits.filter((r) => compare(r.last, release) < 0).sort((a, b) => compare(b.last, a.last))[0]?.last;
  return {
    reason,
    outcome: reason === 'requires-python' || !row.sdist ? 'no-distribution' : 'source-build',
    row,
    supported: reason === 'requires-python' ? row.requiresPython! : row.wheels.to ? `${row.wheels.from}-${row.wheels.to}` : `>=${row.wheels.from}`,
    pythonIsNewer: newer,
    alternative,
  };
}

/** Why a row's releases do not install on a Python minor, if they do not. */
function excludes(row: PythonSupportRow, minor: readonly [number, number]): PythonMismatch['reason'] | undefined {
  // Any patch release of the minor: `>=3.7.1` admits the 3.7 that images ship, `<3.11` excludes every 3.11.
  if (row.requiresPython !== undefined && !satisfies(`${minor[0]}.${minor[1]}.99`, row.requiresPython)) return 'requires-python';
  const below = compareMinor(minor, minorOf(row.wheels.from)!) < 0;
  const above = row.wheels.to !== undefined && compareMinor(minor, minorOf(row.wheels.to)!) > 0;
  return below || above ? 'no-wheel' : undefined;
}

function minorOf(python: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(python);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function compareMinor(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * The CPython `major.minor` of the image a stage is built on (following `FROM <earlier stage>`), from its name:
 * `python:3.12-slim`, `uv:python3.11-bookworm`. Undefined when the name does not say, still holds a variable, or is a
 * Windows image (whose wheels differ).
 */
export function stagePython(stage: Stage): string | undefined {
  const root = rootStage(stage);
  if (root.isScratch || root.imageHasUnresolvedVariables) return undefined;
  if (/windowsservercore|nanoserver/i.test(root.image.tag ?? '')) return undefined;
  return pythonVersionOf(root);
}

/**
 * The Python that the installs of a RUN run with: the image's (`stagePython`), unless the stage, up to and with that
 * RUN, chooses or brings another one. Then undefined: which Python a `python3.11 -m pip`, `uv pip install --python`,
 * a virtualenv made with `-p`, conda, pyenv or `uv python install` installs for is not followed. `uv sync` and
 * `uv run` pick the Python of `.python-version` (downloading it if needed), so a context with one makes the Python
 * of `uv` installs unknown too.
 */
export function pythonAt(run: Instruction, context?: BuildContext, manager?: string): string | undefined {
  const python = run.stage && stagePython(run.stage);
  if (!python) return undefined;
  if (manager === 'uv' && context?.exists('.python-version')) return undefined;
  for (const instruction of stageChain(run.stage)) {
    if (instruction.keyword === 'ENV' && instruction.pairs.some((pair) => OTHER_PYTHON_VARIABLES.has(pair.key))) return undefined;
    if (instruction.keyword === 'RUN' && choosesAnotherPython(instruction, python)) return undefined;
    if (instruction === run) break;
  }
  return python;
}

/** Variables that make pip-family tools or shells use another interpreter. */
const OTHER_PYTHON_VARIABLES = new Set(['UV_PYTHON', 'PYENV_VERSION', 'CONDA_DEFAULT_ENV', 'PIP_PYTHON_VERSION', 'PIP_PLATFORM']);
/** Tools that install Python interpreters of their own. */
const PYTHON_INSTALLERS = new Set(['conda', 'mamba', 'micromamba', 'pyenv', 'pixi', 'asdf', 'mise']);
/** Options that make pip, uv or virtualenv install for, or create an environment with, another interpreter. */
const OTHER_PYTHON_OPTION = /^(--python|-p|--python-version|--platform|--abi|--implementation)(=|$)/;

function choosesAnotherPython(run: Instruction, python: string): boolean {
  for (const command of run.script?.commands ?? []) {
    const version = /^(?:python|pip)(\d+\.\d+)$/.exec(command.name)?.[1];
    if (version !== undefined && version !== python) return true;
    if (PYTHON_INSTALLERS.has(command.name)) return true;
    const words = command.args.map((w) => w.value);
    if (command.name === 'uv' && words[0] === 'python') return true;
    if (['uv', 'virtualenv', 'pip', 'pip3', 'python', 'python3'].includes(command.name) && words.some((w) => OTHER_PYTHON_OPTION.test(w))) return true;
  }
  // `apt-get install python3.11` (deadsnakes), `apk add python3~3.11`: a second interpreter beside the image's.
  return packageInstalls(run.script).some(
    (install) => install.manager !== 'pip' && install.manager !== 'uv' && install.packages.some((w) => /^python3\.(\d+)\b/.exec(w.value) !== null && !w.value.startsWith(`python${python}`)),
  );
}
