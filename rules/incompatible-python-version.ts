import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { imagePythonPackages, type ImagePackage } from '../src/model/python-packages.js';
import { isTabled, pythonAt, pythonMismatch, type PythonMismatch } from '../src/model/python-support.js';

export default defineRule({
  meta: {
    id: 'incompatible-python-version',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    section: 'ml-images',
    summary: "A pinned package release that publishes no wheel for, and does not support, the base image's Python",
    fixable: false,
    docs: {
      rationale: `A pin such as \`numpy==1.24.4\` was written for the Python of its day. Each release of a compiled package
publishes wheels for the Pythons current at its release, and declares the oldest Python it supports
(\`Requires-Python\`). On a newer Python (\`numpy==1.24.4\` on \`python:3.12\`) pip finds no wheel and builds the release
from its source distribution: that needs a compiler and the library headers that slim images lack, takes minutes, and
often fails anyway because the old code does not build with the new Python (numpy 1.24 uses \`distutils\`, which Python
3.12 removed). Packages that publish wheels only (\`torch\`, \`tensorflow\`, \`jaxlib\`) fail at once with \`No matching
distribution found\`, as does a release too new for an old Python (\`numpy==2.1.0\` requires Python 3.10). Pin a release
that supports the image's Python (the message names the first one after the pin, or the last one before it), or build on
a Python the pin supports.`,
      bad: `FROM python:3.12-slim\nRUN pip install --no-cache-dir numpy==1.24.4 pandas==2.2.3`,
      good: `FROM python:3.12-slim\nRUN pip install --no-cache-dir numpy==1.26.4 pandas==2.2.3`,
      notes: `Judged: exact pins (\`==\`, \`===\`) of the packages of a table kept in the repository
(\`src/data/python-support.ts\`: numpy, pandas, scipy, scikit-learn, torch, tensorflow, jax, jaxlib, Pillow,
matplotlib, xgboost), whether named on a \`pip\`/\`python -m pip\`/\`uv pip\`/\`uv add\`/\`poetry add\` command or in a
requirements file (\`-r\` includes followed), \`pyproject.toml\` or Pipfile that the image installs, in any stage: the
Python that matters is the one of the stage that installs (a builder stage's wheels are for its own Python). The
finding is where the package is named. A local version (\`torch==2.3.1+cu121\`) is judged as its release.

The Python is read from the base image's name (\`python:3.12-slim\`, \`python:\${PY}\` with an \`ARG\` default,
\`ghcr.io/astral-sh/uv:python3.11-bookworm\`, following \`FROM <earlier stage>\`), or is the \`python3\` of the Debian or
Ubuntu release the image is (\`ubuntu:22.04\` → 3.10, \`nvidia/cuda:12.1.1-runtime-ubuntu22.04\` → 3.10, \`debian:bookworm\`
→ 3.11) when the stage installs \`python3\` with apt and no Python 2. Not judged: images whose Python the name does not
say (\`pytorch/pytorch\`, \`nvcr.io/nvidia/pytorch\`, conda images, a Debian or Ubuntu image that does not install
\`python3\`), Windows images, conda packages (conda builds its own packages per Python), a RUN whose stage brings or
selects another Python (\`python3.11 -m pip\`, \`apt-get install python3.11\`, \`update-alternatives\` to another
\`python3.X\`, \`uv pip install --python 3.10\`, \`virtualenv -p\`, conda and its installer or its folder on \`PATH\`,
pyenv, \`uv python install\`, \`ENV UV_PYTHON\` naming another Python), \`uv\` installs in a context with a
\`.python-version\`, ranges (\`numpy>=1.24\`), and releases, packages or pre-releases the table does not cover: those
give no finding, never a guess. Wheels are those for Linux x86_64 (glibc): an Alpine image or another platform may have
fewer, which is not reported.

The table gives, per range of releases, their \`Requires-Python\`, the CPython versions of their Linux x86_64 wheels,
and whether they publish a source distribution, each row with its source (the release's files on PyPI, the
TensorFlow tested build configurations, the JAX changelog) and the date it was checked. To add a package or a release,
add a row with its source; \`test/python-support.test.ts\` checks the table's shape. Debian's and Ubuntu's \`python3\`
versions are a second table in the same file.

Public reports of the failure: \`numpy==1.24.4\` building from source on Python 3.12 and failing on \`distutils\`
(https://github.com/mit-ll/MaDDG/issues/1), pip skipping scipy and numpy releases whose Requires-Python excludes 3.12
(https://github.com/tensorflow/tensorflow/issues/85371), \`torch==1.9.1+cu111\` with no distribution on Python 3.10
(https://github.com/pytorch/pytorch/issues/66399).`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    // One answer per RUN (and per uv or not): a requirements file of thousands of pins asks the same question.
    const pythons = { uv: new Map<Instruction, string | undefined>(), other: new Map<Instruction, string | undefined>() };
    for (const pkg of imagePythonPackages(file, context.project)) {
      if (pkg.version === undefined || pkg.conda || !isTabled(pkg.normalizedName)) continue;
      const known = pkg.manager === 'uv' ? pythons.uv : pythons.other;
      if (!known.has(pkg.run)) known.set(pkg.run, pythonAt(pkg.run, buildContext, pkg.manager));
      const python = known.get(pkg.run);
      if (python === undefined) continue;
      const mismatch = pythonMismatch(pkg.normalizedName, pkg.version, python);
      if (!mismatch) continue;
      // Found on a manifest's line: the RUN that installs it on that Python is the other place the message is about.
      const related = pkg.target.path === file.path ? undefined : [{ path: file.path, range: pkg.run.range, message: `the install, on Python ${python}` }];
      context.reportOn(pkg.target, { range: pkg.range, message: messageFor(pkg, python, mismatch), ...(related ? { related } : {}) });
    }
  },
});

function messageFor(pkg: ImagePackage, python: string, mismatch: PythonMismatch): string {
  const { supported, alternative } = mismatch;
  const what =
    mismatch.reason === 'requires-python'
      ? `requires Python ${supported}: pip finds no matching distribution on ${python}`
      : mismatch.outcome === 'no-distribution'
        ? `has wheels only for Python ${supported} and no source: pip finds no matching distribution on ${python}`
        : `has no wheel for Python ${python} (only ${supported}): pip builds it from source, which needs a compiler and headers${mismatch.pythonIsNewer ? ' and often fails on a newer Python' : ''}`;
  const release =
    alternative === undefined
      ? ''
      : mismatch.pythonIsNewer
        ? `pin ${pkg.name} ${alternative} or later, which support ${python}, or `
        : `pin ${pkg.name} ${alternative}, which supports ${python}, or `;
  return `\`${pkg.name}==${pkg.version}\` ${what}; ${release}use a Python ${supported} image`;
}
