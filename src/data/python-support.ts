/**
 * Which Pythons the releases of the most used ML/data packages install on: their `Requires-Python` and the CPython
 * versions their Linux x86_64 wheels are built for, per range of releases. `incompatible-python-version` asks it
 * through src/model/python-support.ts. A release that no row covers is not judged: add a row, with its source, to
 * judge it (PyPI's "Download files" page of a release lists its wheels; its metadata gives Requires-Python).
 */

/** The day the rows were checked against their sources. */
export const checked = '2026-12-07';

export interface PythonSupportRow {
  /** PEP 503 normalized name: `scikit-learn`. */
  readonly package: string;
  /** The first and the last release of the range (inclusive, plain release versions); releases between them share the row's facts. */
  readonly first: string;
  readonly last: string;
  /** The releases' Requires-Python (a PEP 440 specifier); pip skips a release whose Requires-Python excludes the running Python. Omitted when only wheels are published (the wheels decide). */
  readonly requiresPython?: string;
  /**
   * The CPython minor versions the releases publish Linux x86_64 wheels for, inclusive. `to` is omitted when the last
   * one is not tabled (no finding above `from` then) or when `anyPython` says any later Python takes the wheels
   * (pure Python, `py3-none`, `abi3`).
   */
  readonly wheels: { readonly from: string; readonly to?: string; readonly anyPython?: true };
  /** The releases publish a source distribution: without a wheel pip builds from it (a compiler and headers, often failing on a newer Python); without one pip finds nothing to install. */
  readonly sdist: boolean;
  /** Where the facts come from. */
  readonly source: string;
}

const pypi = (name: string, version: string) => `https://pypi.org/project/${name}/${version}/#files`;
const TENSORFLOW = 'https://www.tensorflow.org/install/source#tested_build_configurations';
const TORCH = 'https://github.com/pytorch/pytorch/blob/main/RELEASE.md#release-compatibility-matrix';
const JAX = 'https://docs.jax.dev/en/latest/changelog.html';
/** pip's list of the releases it ignored for Requires-Python: on Python 3.12 (numpy 1.21.2-1.21.6, scipy 1.6.2-1.10.1), 3.13 (numpy 1.26.0-1.26.1), 3.10 (numpy 2.3-2.5, scipy 1.16-1.18). */
const ISSUE_PY312_PINS = 'https://github.com/tensorflow/tensorflow/issues/85371';
const ISSUE_PY313_PINS = 'https://github.com/royshil/note-taker/pull/7';
const ISSUE_PY310_PINS = 'https://github.com/YongqiJin/NMR-Solver/issues/5';
/** SciPy's Python ranges by wheel availability on PyPI, reviewed by a SciPy maintainer. */
const SCIPY_WHEELS = 'https://github.com/spack/spack/pull/37137';
/** scipy 1.14.1 is the first release with CPython 3.13 wheels. */
const SCIPY_CP313 = 'https://github.com/ROCm/rocm-systems/pull/7784';

type Row = Omit<PythonSupportRow, 'package' | 'source'> & { readonly source?: string };

/** Rows of one package; a row's source defaults to the PyPI files page of its last release. */
function rowsOf(name: string, rows: readonly Row[]): PythonSupportRow[] {
  return rows.map((row) => ({ package: name, ...row, source: row.source ?? pypi(name, row.last) }));
}

const PY2_35 = '>=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*';
const PY2_35_PANDAS = '>=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*';

export const pythonSupport: readonly PythonSupportRow[] = [
  ...rowsOf('numpy', [
    { first: '1.16.0', last: '1.16.5', requiresPython: PY2_35, wheels: { from: '3.5', to: '3.7' }, sdist: true },
    { first: '1.17.0', last: '1.17.2', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.7' }, sdist: true },
    { first: '1.17.3', last: '1.17.5', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.8' }, sdist: true },
    { first: '1.18.0', last: '1.18.5', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.8' }, sdist: true },
    { first: '1.19.0', last: '1.19.2', requiresPython: '>=3.6', wheels: { from: '3.6', to: '3.8' }, sdist: true },
    { first: '1.19.3', last: '1.19.5', requiresPython: '>=3.6', wheels: { from: '3.6', to: '3.9' }, sdist: true },
    { first: '1.20.0', last: '1.20.3', requiresPython: '>=3.7', wheels: { from: '3.7', to: '3.9' }, sdist: true },
    { first: '1.21.0', last: '1.21.1', requiresPython: '>=3.7', wheels: { from: '3.7', to: '3.9' }, sdist: true, source: ISSUE_PY312_PINS },
    // 1.21.2 published the first CPython 3.10 wheels (for its release candidates): https://github.com/pandas-dev/pandas/issues/43050
    { first: '1.21.2', last: '1.21.6', requiresPython: '>=3.7,<3.11', wheels: { from: '3.7', to: '3.10' }, sdist: true, source: ISSUE_PY312_PINS },
    { first: '1.22.0', last: '1.22.4', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.10' }, sdist: true },
    { first: '1.23.0', last: '1.23.1', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.10' }, sdist: true },
    { first: '1.23.2', last: '1.23.5', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true },
    { first: '1.24.0', last: '1.24.4', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true, source: 'https://github.com/numpy/numpy/releases/tag/v1.24.4' },
    { first: '1.25.0', last: '1.25.2', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.11' }, sdist: true },
    { first: '1.26.0', last: '1.26.1', requiresPython: '>=3.9,<3.13', wheels: { from: '3.9', to: '3.12' }, sdist: true, source: ISSUE_PY313_PINS },
    { first: '1.26.2', last: '1.26.4', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '2.0.0', last: '2.0.2', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '2.1.0', last: '2.1.3', requiresPython: '>=3.10', wheels: { from: '3.10', to: '3.13' }, sdist: true },
    { first: '2.2.0', last: '2.2.6', requiresPython: '>=3.10', wheels: { from: '3.10', to: '3.13' }, sdist: true },
    { first: '2.3.0', last: '2.4.6', requiresPython: '>=3.11', wheels: { from: '3.11' }, sdist: true, source: ISSUE_PY310_PINS },
    { first: '2.5.0', last: '2.5.1', requiresPython: '>=3.12', wheels: { from: '3.12' }, sdist: true, source: ISSUE_PY310_PINS },
  ]),
  ...rowsOf('pandas', [
    { first: '0.24.0', last: '0.24.2', requiresPython: PY2_35_PANDAS, wheels: { from: '3.5', to: '3.7' }, sdist: true },
    { first: '0.25.0', last: '0.25.1', requiresPython: '>=3.5.3', wheels: { from: '3.5', to: '3.7' }, sdist: true },
    { first: '0.25.2', last: '0.25.3', requiresPython: '>=3.5.3', wheels: { from: '3.5', to: '3.8' }, sdist: true },
    { first: '1.0.0', last: '1.0.5', requiresPython: '>=3.6.1', wheels: { from: '3.6', to: '3.8' }, sdist: true },
    { first: '1.1.0', last: '1.1.2', requiresPython: '>=3.6.1', wheels: { from: '3.6', to: '3.8' }, sdist: true },
    { first: '1.1.3', last: '1.1.5', requiresPython: '>=3.6.1', wheels: { from: '3.6', to: '3.9' }, sdist: true },
    { first: '1.2.0', last: '1.2.5', requiresPython: '>=3.7.1', wheels: { from: '3.7', to: '3.9' }, sdist: true },
    // 1.3.3 to 1.3.5 may have CPython 3.10 wheels (https://github.com/pandas-dev/pandas/issues/43050): not tabled.
    { first: '1.3.0', last: '1.3.2', requiresPython: '>=3.7.1', wheels: { from: '3.7', to: '3.9' }, sdist: true },
    { first: '1.4.0', last: '1.4.4', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.10' }, sdist: true },
    // Which 1.5 release first had CPython 3.11 wheels is reported differently (https://github.com/pandas-dev/pandas/issues/48586,
    // https://github.com/saulpw/visidata/pull/2100): only the floor is tabled for 1.5.0 to 1.5.2.
    { first: '1.5.0', last: '1.5.2', requiresPython: '>=3.8', wheels: { from: '3.8' }, sdist: true },
    { first: '1.5.3', last: '1.5.3', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true },
    { first: '2.0.0', last: '2.0.3', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true },
    { first: '2.1.0', last: '2.1.4', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '2.2.0', last: '2.2.2', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '2.2.3', last: '2.2.3', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.13' }, sdist: true },
    { first: '2.3.0', last: '2.3.3', requiresPython: '>=3.9', wheels: { from: '3.9' }, sdist: true },
  ]),
  ...rowsOf('scipy', [
    { first: '1.2.0', last: '1.2.2', requiresPython: PY2_35, wheels: { from: '3.5', to: '3.7' }, sdist: true },
    { first: '1.3.0', last: '1.3.1', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.7' }, sdist: true },
    { first: '1.3.2', last: '1.3.3', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.8' }, sdist: true },
    { first: '1.4.0', last: '1.4.1', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.8' }, sdist: true },
    { first: '1.5.0', last: '1.5.3', requiresPython: '>=3.6', wheels: { from: '3.6', to: '3.8' }, sdist: true },
    { first: '1.5.4', last: '1.5.4', requiresPython: '>=3.6', wheels: { from: '3.6', to: '3.9' }, sdist: true },
    { first: '1.6.0', last: '1.6.1', requiresPython: '>=3.7', wheels: { from: '3.7', to: '3.9' }, sdist: true, source: SCIPY_WHEELS },
    { first: '1.6.2', last: '1.6.3', requiresPython: '>=3.7,<3.10', wheels: { from: '3.7', to: '3.9' }, sdist: true, source: ISSUE_PY312_PINS },
    { first: '1.7.0', last: '1.7.1', requiresPython: '>=3.7,<3.10', wheels: { from: '3.7', to: '3.9' }, sdist: true, source: ISSUE_PY312_PINS },
    { first: '1.7.2', last: '1.7.3', requiresPython: '>=3.7,<3.11', wheels: { from: '3.7', to: '3.10' }, sdist: true, source: ISSUE_PY312_PINS },
    { first: '1.8.0', last: '1.8.1', requiresPython: '>=3.8,<3.11', wheels: { from: '3.8', to: '3.10' }, sdist: true, source: ISSUE_PY312_PINS },
    { first: '1.9.0', last: '1.9.1', requiresPython: '>=3.8,<3.12', wheels: { from: '3.8', to: '3.10' }, sdist: true, source: ISSUE_PY312_PINS },
    { first: '1.9.2', last: '1.9.3', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true, source: SCIPY_WHEELS },
    { first: '1.10.0', last: '1.10.1', requiresPython: '>=3.8,<3.12', wheels: { from: '3.8', to: '3.11' }, sdist: true, source: ISSUE_PY312_PINS },
    { first: '1.11.2', last: '1.11.4', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '1.12.0', last: '1.12.0', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '1.13.0', last: '1.13.1', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '1.14.0', last: '1.14.0', requiresPython: '>=3.10', wheels: { from: '3.10', to: '3.12' }, sdist: true, source: SCIPY_CP313 },
    { first: '1.14.1', last: '1.14.1', requiresPython: '>=3.10', wheels: { from: '3.10', to: '3.13' }, sdist: true, source: SCIPY_CP313 },
    { first: '1.15.0', last: '1.15.3', requiresPython: '>=3.10', wheels: { from: '3.10', to: '3.13' }, sdist: true },
    { first: '1.16.0', last: '1.17.1', requiresPython: '>=3.11', wheels: { from: '3.11' }, sdist: true, source: ISSUE_PY310_PINS },
    { first: '1.18.0', last: '1.18.0', requiresPython: '>=3.12', wheels: { from: '3.12' }, sdist: true, source: ISSUE_PY310_PINS },
  ]),
  ...rowsOf('scikit-learn', [
    { first: '0.20.1', last: '0.20.3', requiresPython: PY2_35, wheels: { from: '3.5', to: '3.7' }, sdist: true },
    { first: '0.21.0', last: '0.21.3', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.7' }, sdist: true },
    { first: '0.22.0', last: '0.22.2.post1', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.8' }, sdist: true },
    { first: '0.23.0', last: '0.23.2', requiresPython: '>=3.6', wheels: { from: '3.6', to: '3.8' }, sdist: true },
    { first: '0.24.0', last: '0.24.2', requiresPython: '>=3.6', wheels: { from: '3.6', to: '3.9' }, sdist: true },
    { first: '1.0.1', last: '1.0.2', requiresPython: '>=3.7', wheels: { from: '3.7', to: '3.10' }, sdist: true },
    { first: '1.1.0', last: '1.1.2', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.10' }, sdist: true },
    { first: '1.1.3', last: '1.1.3', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true },
    { first: '1.2.0', last: '1.2.2', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true },
    { first: '1.3.1', last: '1.3.2', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.12' }, sdist: true },
    { first: '1.4.0', last: '1.4.2', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '1.5.0', last: '1.5.1', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '1.5.2', last: '1.5.2', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.13' }, sdist: true },
    { first: '1.6.0', last: '1.6.1', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.13' }, sdist: true },
    { first: '1.7.0', last: '1.7.2', requiresPython: '>=3.10', wheels: { from: '3.10' }, sdist: true },
  ]),
  // torch publishes no sdist on PyPI: a Python without a wheel gets "No matching distribution". The wheels of
  // download.pytorch.org (`+cpu`, `+cu121`) cover the same Pythons.
  ...rowsOf('torch', [
    { first: '1.4.0', last: '1.4.0', wheels: { from: '3.5', to: '3.8' }, sdist: false },
    { first: '1.5.0', last: '1.5.1', wheels: { from: '3.5', to: '3.8' }, sdist: false },
    { first: '1.6.0', last: '1.7.0', wheels: { from: '3.6', to: '3.8' }, sdist: false },
    { first: '1.7.1', last: '1.10.2', wheels: { from: '3.6', to: '3.9' }, sdist: false, source: 'https://github.com/pytorch/pytorch/issues/66399' },
    { first: '1.11.0', last: '1.12.1', wheels: { from: '3.7', to: '3.10' }, sdist: false },
    { first: '2.0.0', last: '2.1.2', wheels: { from: '3.8', to: '3.11' }, sdist: false, source: TORCH },
    { first: '2.2.0', last: '2.4.1', wheels: { from: '3.8', to: '3.12' }, sdist: false, source: TORCH },
    { first: '2.5.0', last: '2.8.0', wheels: { from: '3.9', to: '3.13' }, sdist: false, source: 'https://github.com/pytorch/pytorch/issues/138979' },
    { first: '2.9.0', last: '2.9.1', wheels: { from: '3.10' }, sdist: false, source: 'https://github.com/Dao-AILab/flash-attention/pull/2007' },
  ]),
  // tensorflow publishes wheels only; the tested build configurations list the Pythons of each release.
  ...rowsOf('tensorflow', [
    { first: '1.15.0', last: '1.15.5', wheels: { from: '3.5', to: '3.7' }, sdist: false, source: TENSORFLOW },
    { first: '2.0.0', last: '2.1.4', wheels: { from: '3.5', to: '3.7' }, sdist: false, source: TENSORFLOW },
    { first: '2.2.0', last: '2.3.4', wheels: { from: '3.5', to: '3.8' }, sdist: false, source: TENSORFLOW },
    { first: '2.4.0', last: '2.4.4', wheels: { from: '3.6', to: '3.8' }, sdist: false, source: TENSORFLOW },
    { first: '2.5.0', last: '2.6.5', wheels: { from: '3.6', to: '3.9' }, sdist: false, source: TENSORFLOW },
    { first: '2.7.0', last: '2.7.4', wheels: { from: '3.7', to: '3.9' }, sdist: false, source: TENSORFLOW },
    { first: '2.8.0', last: '2.11.1', wheels: { from: '3.7', to: '3.10' }, sdist: false, source: TENSORFLOW },
    { first: '2.12.0', last: '2.13.1', wheels: { from: '3.8', to: '3.11' }, sdist: false, source: TENSORFLOW },
    { first: '2.14.0', last: '2.15.1', wheels: { from: '3.9', to: '3.11' }, sdist: false, source: TENSORFLOW },
    { first: '2.16.1', last: '2.19.1', wheels: { from: '3.9', to: '3.12' }, sdist: false, source: TENSORFLOW },
    { first: '2.20.0', last: '2.20.0', wheels: { from: '3.9', to: '3.13' }, sdist: false, source: TENSORFLOW },
  ]),
  // jax is pure Python (its floor is Requires-Python); jaxlib publishes wheels only.
  ...rowsOf('jax', [
    { first: '0.4.31', last: '0.6.2', requiresPython: '>=3.10', wheels: { from: '3.10', anyPython: true }, sdist: true, source: JAX },
    { first: '0.7.0', last: '0.7.2', requiresPython: '>=3.11', wheels: { from: '3.11', anyPython: true }, sdist: true, source: JAX },
  ]),
  ...rowsOf('jaxlib', [
    { first: '0.4.31', last: '0.6.2', requiresPython: '>=3.10', wheels: { from: '3.10' }, sdist: false, source: JAX },
    { first: '0.7.0', last: '0.7.2', requiresPython: '>=3.11', wheels: { from: '3.11' }, sdist: false, source: JAX },
  ]),
  ...rowsOf('pillow', [
    { first: '6.2.1', last: '6.2.2', requiresPython: PY2_35_PANDAS, wheels: { from: '3.5', to: '3.8' }, sdist: true },
    { first: '7.0.0', last: '7.2.0', requiresPython: '>=3.5', wheels: { from: '3.5', to: '3.8' }, sdist: true },
    { first: '8.0.0', last: '8.3.1', requiresPython: '>=3.6', wheels: { from: '3.6', to: '3.9' }, sdist: true },
    { first: '8.4.0', last: '8.4.0', requiresPython: '>=3.6', wheels: { from: '3.6', to: '3.10' }, sdist: true },
    { first: '9.0.0', last: '9.2.0', requiresPython: '>=3.7', wheels: { from: '3.7', to: '3.10' }, sdist: true },
    { first: '9.3.0', last: '9.5.0', requiresPython: '>=3.7', wheels: { from: '3.7', to: '3.11' }, sdist: true },
    { first: '10.1.0', last: '10.4.0', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.12' }, sdist: true },
    { first: '11.0.0', last: '11.3.0', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.13' }, sdist: true },
  ]),
  ...rowsOf('matplotlib', [
    { first: '3.4.0', last: '3.4.3', requiresPython: '>=3.7', wheels: { from: '3.7', to: '3.9' }, sdist: true },
    { first: '3.5.0', last: '3.5.3', requiresPython: '>=3.7', wheels: { from: '3.7', to: '3.10' }, sdist: true },
    { first: '3.6.0', last: '3.6.3', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true },
    { first: '3.7.0', last: '3.7.1', requiresPython: '>=3.8', wheels: { from: '3.8', to: '3.11' }, sdist: true },
    { first: '3.8.0', last: '3.8.4', requiresPython: '>=3.9', wheels: { from: '3.9', to: '3.12' }, sdist: true },
    { first: '3.10.0', last: '3.10.7', requiresPython: '>=3.10', wheels: { from: '3.10' }, sdist: true },
  ]),
  // xgboost's wheels are `py3-none` (the library is loaded with ctypes): any Python 3 its Requires-Python allows.
  ...rowsOf('xgboost', [
    { first: '2.0.0', last: '2.1.4', requiresPython: '>=3.8', wheels: { from: '3.8', anyPython: true }, sdist: true },
    { first: '3.0.0', last: '3.0.5', requiresPython: '>=3.10', wheels: { from: '3.10', anyPython: true }, sdist: true },
  ]),
];

/** The `python3` of a Debian or Ubuntu release: what `apt-get install python3 python3-pip` brings, and what `pip3` installs for. */
export interface DistributionPythonRow {
  readonly distribution: 'debian' | 'ubuntu';
  /** As the EOL table names it: `22.04`, `12`. */
  readonly release: string;
  readonly python: string;
  readonly source: string;
}

const ubuntu = (release: string, codename: string, python: string): DistributionPythonRow => ({ distribution: 'ubuntu', release, python, source: `https://packages.ubuntu.com/${codename}/python3` });
const debian = (release: string, codename: string, python: string): DistributionPythonRow => ({ distribution: 'debian', release, python, source: `https://packages.debian.org/${codename}/python3` });

export const distributionPythons: readonly DistributionPythonRow[] = [
  ubuntu('16.04', 'xenial', '3.5'),
  ubuntu('18.04', 'bionic', '3.6'),
  ubuntu('20.04', 'focal', '3.8'),
  ubuntu('22.04', 'jammy', '3.10'),
  ubuntu('24.04', 'noble', '3.12'),
  debian('9', 'stretch', '3.5'),
  debian('10', 'buster', '3.7'),
  debian('11', 'bullseye', '3.9'),
  debian('12', 'bookworm', '3.11'),
  debian('13', 'trixie', '3.13'),
];
