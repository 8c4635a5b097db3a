/**
 * Whether a pinned release of a package installs on a Python: the facts of src/data/python-support.ts (each
 * release range's Requires-Python, wheels and sdist), asked for one release and one Python. A release, package or
 * Python the table does not cover gives no answer, never a guess.
 */
import { compare, parse, satisfies } from '@renovatebot/pep440';
import { distributionPythons, pythonSupport, type PythonSupportRow } from '../data/python-support.js';
import type { BuildContext } from './context.js';
import type { Instruction, Stage } from './dockerfile.js';
import { distributionOf } from './eol.js';
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

/** True when the table has rows for the package (PEP 503 name): the only packages `pythonMismatch` can answer for. */
export function isTabled(normalizedName: string): boolean {
  return rowsByPackage.has(normalizedName);
}

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
  // Only rows whose wheels are known to cover the Python: a row without its last wheel Python tabled proves nothing.
  const fits = rows.filter((r) => !excludes(r, minor) && (r.wheels.to !== undefined || r.wheels.anyPython === true));
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
 * The Python that the installs of a RUN run with: the image's (`stagePython`); or, on a Debian or Ubuntu image
 * (`ubuntu:22.04`, `nvidia/cuda:12.1.1-runtime-ubuntu22.04`), the release's `python3` once the stage installs it with
 * apt and no Python 2. Undefined when the stage, up to and with that RUN, chooses or brings another one: which
 * Python a `python3.11 -m pip`, `uv pip install --python 3.10`, a virtualenv made with `-p`, conda (its commands, its
 * installer, its folder on `PATH`), pyenv or `uv python install` installs for is not followed. `uv sync` and `uv run`
 * pick the Python of `.python-version` (downloading it if needed), so a context with one makes the Python of `uv`
 * installs unknown too.
 */
export function pythonAt(run: Instruction, context?: BuildContext, manager?: string): string | undefined {
  if (!run.stage) return undefined;
  if (manager === 'uv' && context?.exists('.python-version')) return undefined;
  const facts = pythonFactsOf(run.stage);
  const at = facts.position.get(run);
  if (facts.python === undefined || at === undefined || facts.anotherFrom <= at) return undefined;
  // On a Debian or Ubuntu image, pip runs with the release's python3 once apt installed it, and no Python 2 beside it.
  if (facts.fromImage || (facts.python3From <= at && facts.python2From > at)) return facts.python;
  return undefined;
}

interface StagePythonFacts {
  /** The image's Python, or the release's python3 on a Debian or Ubuntu image. */
  readonly python: string | undefined;
  readonly fromImage: boolean;
  /** Each instruction's position in the stage's chain (the stages it is built on first). */
  readonly position: ReadonlyMap<Instruction, number>;
  /** Positions of the first instruction that selects another Python, installs python3 with apt, installs Python 2 (Infinity when none). */
  readonly anotherFrom: number;
  readonly python3From: number;
  readonly python2From: number;
}

/** Read once per stage: asked for every RUN that installs a tabled package, so never a scan per RUN. */
const factsByStage = new WeakMap<Stage, StagePythonFacts>();

function pythonFactsOf(stage: Stage): StagePythonFacts {
  const known = factsByStage.get(stage);
  if (known) return known;
  const chain = stageChain(stage);
  const image = stagePython(stage);
  const python = image ?? distributionPython(stage);
  const position = new Map(chain.map((instruction, i) => [instruction, i] as const));
  let anotherFrom = Infinity;
  let python3From = Infinity;
  let python2From = Infinity;
  if (python !== undefined) {
    chain.forEach((instruction, i) => {
      const another =
        instruction.keyword === 'ENV'
          ? instruction.pairs.some((pair) => namesAnotherPython(pair.key, pair.value ?? '', python))
          : instruction.keyword === 'RUN' && choosesAnotherPython(instruction, python);
      if (another) anotherFrom = Math.min(anotherFrom, i);
      for (const install of packageInstalls(instruction.script)) {
        if (install.manager !== 'apt-get' && install.manager !== 'apt') continue;
        for (const word of install.packages) {
          if (/^python3(-|=|$)/.test(word.value)) python3From = Math.min(python3From, i);
          if (/^python(2[\d.]*)?(-|=|$)/.test(word.value) && word.value !== 'python-is-python3') python2From = Math.min(python2From, i);
        }
      }
    });
  }
  const facts = { python, fromImage: image !== undefined, position, anotherFrom, python3From, python2From };
  factsByStage.set(stage, facts);
  return facts;
}

/** The `python3` of the Debian or Ubuntu release the stage's image is (`ubuntu:22.04` → 3.10), whether or not it is installed. */
function distributionPython(stage: Stage): string | undefined {
  const root = rootStage(stage);
  if (root.isScratch || root.imageHasUnresolvedVariables) return undefined;
  const distribution = distributionOf(root.image);
  return distribution && distributionPythons.find((r) => r.distribution === distribution.product && r.release === distribution.release)?.python;
}

/** Variables that make pip-family tools or shells use another interpreter; `UV_PYTHON` may name the image's own. */
function namesAnotherPython(name: string, value: string, python: string): boolean {
  if (name === 'UV_PYTHON') return !isThisPython(value, python);
  if (name === 'PATH') return /conda|mamba|miniforge|pyenv|\/uv\/python/i.test(value);
  return ['PYENV_VERSION', 'CONDA_DEFAULT_ENV', 'PIP_PYTHON_VERSION', 'PIP_PLATFORM'].includes(name);
}

/** `python3`, `/usr/local/bin/python`, `3.12`, `python3.12` for Python 3.12. */
function isThisPython(value: string, python: string): boolean {
  return new RegExp(`^((/usr(/local)?)?/bin/)?python(3|${python.replace('.', '\\.')})?$|^(cpython-?)?${python.replace('.', '\\.')}$`).test(value);
}

/** Tools that install Python interpreters of their own. */
const PYTHON_INSTALLERS = new Set(['conda', 'mamba', 'micromamba', 'pyenv', 'pixi', 'asdf', 'mise', 'python2', 'pip2']);
/** Options that make pip, uv or virtualenv install for, or create an environment with, another interpreter. */
const OTHER_PYTHON_OPTION = /^(--python|-p|--python-version|--platform|--abi|--implementation)(=|$)/;

function choosesAnotherPython(run: Instruction, python: string): boolean {
  for (const command of run.script?.commands ?? []) {
    const version = /^(?:python|pip)(\d+\.\d+)$/.exec(command.name)?.[1];
    if (version !== undefined && version !== python) return true;
    if (PYTHON_INSTALLERS.has(command.name)) return true;
    const words = command.args.map((w) => w.value);
    // Miniconda, Miniforge and Anaconda installers are shell scripts: `bash Miniconda3-latest-Linux-x86_64.sh -b`.
    if (['sh', 'bash'].includes(command.name) && /conda|miniforge|mambaforge/i.test(words[0] ?? '')) return true;
    if (command.name === 'uv' && words[0] === 'python') return true;
    // `update-alternatives --install /usr/bin/python python /usr/bin/python3.13 10`: `python` becomes another one.
    if (command.name === 'update-alternatives' && words.some((w) => /python(\d+\.\d+)$/.exec(w)?.[1] !== undefined && !w.endsWith(`python${python}`))) return true;
    if (!['uv', 'virtualenv', 'pip', 'pip3', 'python', 'python3'].includes(command.name)) continue;
    for (let i = 0; i < words.length; i++) {
      const option = /^(--[a-z-]+|-p)(?:=(.*))?$/.exec(words[i]);
      if (!option || !OTHER_PYTHON_OPTION.test(option[1])) continue;
      const value = option[2] ?? words[i + 1] ?? '';
      if (!(['--python', '-p'].includes(option[1]) && isThisPython(value, python))) return true;
    }
  }
  // `apt-get install python3.11` (deadsnakes), `apk add python3~3.11`: a second interpreter beside the image's.
  return packageInstalls(run.script).some(
    (install) => install.manager !== 'pip' && install.manager !== 'uv' && install.packages.some((w) => /^python3\.(\d+)\b/.exec(w.value) !== null && !w.value.startsWith(`python${python}`)),
  );
}
