import { posix } from 'node:path';
import { defineRule, type ReportTarget, type RuleContext } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { carriedBy, contextSources, type ContextSource } from '../src/model/copies.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';
import type { ManifestModel } from '../src/model/manifests.js';
import type { RequirementsModel } from '../src/model/requirements.js';
import {
  baseImagePackages,
  declaredByManifests,
  declaredDistributions,
  distributionsOf,
  isDeclared,
  isStandardLibrary,
  ownModuleNames,
  pythonVersionOf,
  suggestedDistribution,
  type DeclaredDistributions,
  type ImportNeeds,
} from '../src/model/python-dependencies.js';
import { pythonImports, type PythonImport } from '../src/model/python-imports.js';
import { linesOf } from '../src/model/position.js';
import { finalImageStages, rootStage } from '../src/model/stages.js';

/** Enough for real applications; a context with more Python files is judged on its first ones. */
const MAX_PYTHON_FILES = 1000;

export default defineRule({
  meta: {
    id: 'undeclared-import',
    aliases: [],
    severity: 'warning',
    category: 'correctness',
    summary: 'A Python file copied into the image imports a package that no manifest the image installs declares',
    fixable: false,
    docs: {
      rationale: `The image installs its Python dependencies from a manifest (\`pip install -r requirements.txt\`), and the code
it copies imports them. An import whose distribution the manifest forgets builds fine and fails when the container
starts (\`ModuleNotFoundError: No module named 'sklearn'\`), or works only because the package happens to be on a
developer's machine. Add the distribution to the manifest the image installs. The import name is often not the
distribution's name: \`sklearn\` is \`scikit-learn\`, \`cv2\` is \`opencv-python\`, \`PIL\` is \`Pillow\`, \`yaml\` is
\`PyYAML\`.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nCMD ["python", "app.py"]`,
      badFiles: { 'requirements.txt': 'flask==3.0.3\n', 'app.py': 'import yaml\nfrom flask import Flask\n\napp = Flask(__name__)\n' },
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nCMD ["python", "app.py"]`,
      goodFiles: { 'requirements.txt': 'flask==3.0.3\nPyYAML==6.0.2\n', 'app.py': 'import yaml\nfrom flask import Flask\n\napp = Flask(__name__)\n' },
      notes: `Judged: the \`.py\` files of the build context that a \`COPY\`/\`ADD\` brings into a stage of the final image
(not those copied only into a builder stage, not those \`.dockerignore\` excludes), without tests (\`tests/\`,
\`test_*.py\`, \`conftest.py\`) and \`setup.py\`. Their module-level imports are read (also inside a module-level \`if\` or
\`try\`; not inside functions or classes), from the first 16 KiB of each file: imports further down are not seen.

Not reported:
- the standard library of the Python in \`FROM\` (\`python:3.9-slim\` → 3.9: \`tomllib\` is reported there, not on 3.11;
  any Python 3.8-3.14 when the image does not say), and \`pip\`, \`setuptools\`/\`pkg_resources\`, \`wheel\`;
- the project's own code: relative imports, and any name that is a folder or module of the build context;
- imports in a \`try\` whose \`except\` catches \`ImportError\`, \`ModuleNotFoundError\` or \`Exception\`, and under
  \`if TYPE_CHECKING:\`;
- imports a declared distribution is known to bring in (\`numpy\` with \`pandas\` declared);
- anything, when the image installs no requirements file, or installs a dependency list that is not read yet (\`pip
  install .\`, \`poetry install\`, \`uv sync\`, \`pipenv\`, \`conda env create\`, a variable, a requirements file over 16 KiB).

Declared: the entries of the requirements files that \`pip install -r\`, \`python -m pip install -r\` and \`uv pip install -r\`
read in any stage (with their \`-r\` includes), and the packages named on \`pip install\`, \`conda install\`, \`uv add\`
and Debian/Alpine \`python3-*\`/\`py3-*\` installs. Import names map to distributions through a table of the common
ones (\`sklearn\` → \`scikit-learn\`, \`cv2\` → \`opencv-python\` or \`opencv-python-headless\`, \`google.cloud.storage\`
→ \`google-cloud-storage\`); otherwise the distribution is the import's name.

The finding is at the import in the Python module, and names the manifest to declare the distribution in and the
\`COPY\` that ships the module.

Without a Dockerfile: a project's main dependency list that no Dockerfile of the run installs or reads is held to the
Python files below its folder (the same files as above, less the folders that have a manifest, \`setup.py\` or
Dockerfile of their own). The main list is \`requirements.txt\` (with its \`-r\` includes; not \`docs/requirements.txt\`),
a \`pyproject.toml\` with \`[project]\` or Poetry dependencies, a \`Pipfile\` with \`[packages]\`, or a conda environment
file; the main lists of one folder are judged together, and every dependency they declare counts (extras and groups
too). Lists of a few tools (\`requirements-dev.txt\`, \`constraints.txt\`, a pyproject.toml of tool settings or with
\`dynamic\` dependencies) are not judged, nor a folder with \`setup.py\` or \`setup.cfg\`, or with a local path (\`-e .\`)
among its dependencies. The standard library is that of any Python 3.8-3.14, or of the version \`.python-version\`
names.`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    const stages = finalImageStages(file);
    const base = stages.length > 0 ? rootStage(stages[stages.length - 1]) : undefined;
    // An image with Python packages of its own (`pytorch/pytorch`) satisfies imports that no manifest names.
    const fromBase = base && baseImagePackages(base);
    if (!base || !fromBase) return;
    // Asked first because it is cheap: most images copy no Python module, and then no manifest needs reading.
    const copied = copiedPythonFiles(file, buildContext);
    if (copied.length === 0) return;
    const declared = declaredDistributions(file, buildContext, context.project.manifestsInstalledBy(file), (path) => context.project.requirementsIn?.(file, path));
    // Without a requirements file the image's dependencies are whatever its commands name: nothing to hold imports to.
    if (declared.manifests.length === 0 || declared.unknown !== undefined) return;
    const version = pythonVersionOf(base);
    const names = new Set([...declared.names, ...fromBase]);
    const own = ownModuleNames(buildContext);
    const dockerfile = posix.relative(buildContext.root, file.path.split('\\').join('/'));
    for (const { copy, path } of copied) {
      const text = buildContext.readHead(path);
      if (text === undefined) continue;
      const target: ReportTarget = { path: posix.join(buildContext.root, path), kind: 'python', lines: linesOf(text) };
      for (const { imported, needs } of undeclaredIn(text, version, names, own)) {
        reportUndeclared(context, { copy, dockerfile, target, imported, needs, version, declared });
      }
    }
  },
  checkRequirements(file, context) {
    judgeWithoutDockerfile(file, context);
  },
  checkManifest(file, context) {
    judgeWithoutDockerfile(file, context);
  },
});

/** The module-level imports of a Python file that no declared distribution provides, once per top-level name. */
function* undeclaredIn(text: string, version: string | undefined, names: ReadonlySet<string>, own: ReadonlySet<string>): Generator<{ imported: PythonImport; needs: ImportNeeds }> {
  const reported = new Set<string>();
  for (const imported of pythonImports(text)) {
    const top = imported.module.split('.')[0];
    if (imported.relative || imported.guarded || imported.typeChecking || reported.has(top)) continue;
    if (isStandardLibrary(imported.module, version) || own.has(top)) continue;
    const needs = distributionsOf(imported);
    if (isDeclared(needs, names)) continue;
    reported.add(top);
    yield { imported, needs };
  }
}

/**
 * The project's main dependency list: `requirements.txt`, a pyproject.toml with `[project]` or Poetry dependencies,
 * a Pipfile's `[packages]`, a conda environment. Other requirements files (`requirements-dev.txt`,
 * `docs/requirements.txt`, constraints) list a few tools, not what the code imports; a manifest that declares nothing
 * (a pyproject.toml for tool settings, dependencies `dynamic`) says nothing either.
 */
function isMainManifest(model: RequirementsModel | ManifestModel): boolean {
  switch (model.kind) {
    case 'requirements': {
      // `docs/requirements.txt` is Read the Docs' build of the documentation, not the code's dependencies.
      const [folder, name] = model.path.split('\\').join('/').split('/').slice(-2);
      return name === 'requirements.txt' && !/^docs?$|^documentation$/i.test(folder ?? '') && model.entries.length > 0;
    }
    case 'pyproject':
      return model.syntaxError === undefined && model.dependencies.some((d) => d.section === 'project' || (d.section === 'poetry' && d.group === undefined && d.extra === undefined));
    case 'pipfile':
      return model.syntaxError === undefined && model.dependencies.some((d) => d.group === undefined);
    case 'conda-environment':
      return model.syntaxError === undefined && model.dependencies.length > 0;
  }
}

/** Files that declare dependencies, or make a folder a project or an image of its own. */
const PROJECT_FILE = /(^|\/)(requirements\.txt|pyproject\.toml|Pipfile|environment\.ya?ml|setup\.py|setup\.cfg|Dockerfile|[^/]*\.Dockerfile|Dockerfile\.[^/]*)$/;

/** With no Dockerfile installing it, the project's main manifest is held to the imports of the Python files below its folder. */
function judgeWithoutDockerfile(file: RequirementsModel | ManifestModel, context: RuleContext): void {
  // Asked first: working out the installs reads the manifests that Dockerfiles reach, which the folder lists then.
  if (!isMainManifest(file) || context.project.installsOf(file.path).length > 0) return;
  const folder = context.project.manifestFolder?.(file.path);
  if (!folder || folder.unseenDockerfile) return;
  const installed = (m: RequirementsModel | ManifestModel) => context.project.installsOf(m.path).length > 0 || (m.kind === 'requirements' && context.project.installersOf(m).length > 0);
  // The folder's main manifests are judged together, by the first: an image that installs one of them judges its code.
  const mains = folder.manifests.filter(isMainManifest).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (mains[0]?.path !== file.path || mains.some(installed)) return;
  const files = folder.files;
  // setup.py / setup.cfg declare dependencies that are not read here.
  if (files.exists('setup.py') || files.exists('setup.cfg')) return;
  const pythonFiles = projectPythonFiles(files);
  if (builtByAnImage(folder.dockerfiles, context, [...mains.map((m) => m.path), ...pythonFiles.map((p) => posix.join(files.root, p))])) return;
  const listed: { name: string; model: RequirementsModel | ManifestModel }[] = [];
  const pending = [...mains];
  for (let model = pending.shift(); model !== undefined && listed.length < MAX_MANIFESTS; model = pending.shift()) {
    if (listed.some((l) => l.model.path === model!.path)) continue;
    listed.push({ name: posix.relative(files.root.split('\\').join('/'), model.path.split('\\').join('/')), model });
    if (model.kind === 'requirements') for (const { include, model: included } of context.project.includesOf(model)) if (include.kind === 'requirement') pending.push(included);
  }
  const declared = declaredByManifests(listed);
  if (declared.unknown !== undefined) return;
  const version = /^\s*(3\.\d+)(?!\d)/.exec(files.readHead('.python-version') ?? '')?.[1];
  const own = ownModuleNames(files);
  for (const path of pythonFiles) {
    const text = files.readHead(path);
    if (text === undefined) continue;
    const target: ReportTarget = { path: posix.join(files.root, path), kind: 'python', lines: linesOf(text) };
    for (const { imported, needs } of undeclaredIn(text, version, declared.names, own)) {
      const where = declared.manifests.slice(0, mains.length).map((m) => `\`${m}\``).join(' or ');
      const message =
        version !== undefined && isStandardLibrary(imported.module, undefined)
          ? `\`${needs.module}\` is not in the standard library of Python ${version}, which \`.python-version\` names, and no distribution in ${where} provides it: use a Python that has it, or declare a backport`
          : `\`${needs.module}\` is imported but \`${suggestedDistribution(needs)}\` is not declared in ${where}, the project's dependency list: add it there`;
      context.reportOn(target, { range: imported.range, message });
    }
  }
}

/**
 * True when a Dockerfile of the run reads the manifests (`pip wheel -r` in a builder stage) or copies them or the code
 * (`COPY code /opt/program` with `pip install flask ...`): that image is what the code runs in, and its judgement
 * (checkDockerfile, which may decline to judge) stands.
 */
function builtByAnImage(dockerfiles: readonly DockerfileModel[], context: RuleContext, paths: readonly string[]): boolean {
  for (const dockerfile of dockerfiles) {
    const buildContext = context.project.contextOf(dockerfile);
    const root = buildContext.root.split('\\').join('/');
    const relative = paths.map((p) => posix.relative(root, p.split('\\').join('/')));
    const read = declaredDistributions(dockerfile, buildContext, context.project.manifestsInstalledBy(dockerfile), (path) => context.project.requirementsIn?.(dockerfile, path)).manifests;
    if (relative.some((p) => read.includes(p))) return true;
    for (const stage of dockerfile.stages) {
      for (const copy of stage.instructions) {
        for (const source of contextSources(copy)) {
          const carried = carriedBy(source, copy);
          if (relative.some(carried)) return true;
        }
      }
    }
  }
  return false;
}

/** Bounds the `-r` chains followed from a folder's manifests. */
const MAX_MANIFESTS = 50;

/** The Python files of a project folder that its program runs: not tests, other trees, or folders that are projects or images of their own. */
function projectPythonFiles(files: BuildContext): string[] {
  const listing = files.files();
  const nested = new Set<string>();
  for (const path of listing) {
    const slash = path.lastIndexOf('/');
    if (slash > 0 && PROJECT_FILE.test(path)) nested.add(path.slice(0, slash));
  }
  const found: string[] = [];
  for (const path of listing) {
    if (!path.endsWith('.py') || NOT_RUN.test(path) || FOREIGN.test(path)) continue;
    // Below a folder with its own manifest or Dockerfile: that one judges it.
    const parts = path.split('/');
    let inNested = false;
    for (let i = 1; i < parts.length && !inNested; i++) inNested = nested.has(parts.slice(0, i).join('/'));
    if (inNested) continue;
    found.push(path);
    if (found.length >= MAX_PYTHON_FILES) break;
  }
  return found;
}

interface Undeclared {
  readonly copy: Instruction;
  /** The Dockerfile, relative to the build context. */
  readonly dockerfile: string;
  /** The Python module, as the finding's file. */
  readonly target: ReportTarget;
  readonly imported: PythonImport;
  readonly needs: ImportNeeds;
  /** The Python of the image, when `FROM` says. */
  readonly version: string | undefined;
  readonly declared: DeclaredDistributions;
}

/** The finding, at the import in the Python module (reportOn), naming the manifest to declare it in and the COPY that ships the module. */
function reportUndeclared(context: RuleContext, u: Undeclared): void {
  const [first, ...others] = u.declared.manifests;
  const where = others.length === 0 ? `\`${first}\`` : `\`${first}\` (or the other manifests the image installs)`;
  const shipped = `${u.dockerfile}:${u.copy.range.start.line} copies this file`;
  // `tomllib` on Python 3.9: a module of another Python's standard library, not a distribution.
  const message =
    u.version !== undefined && isStandardLibrary(u.imported.module, undefined)
      ? `\`${u.needs.module}\` is not in the standard library of Python ${u.version}, which \`FROM\` names, and no distribution in ${where} provides it (${shipped}): use a Python that has it, or declare a backport`
      : `\`${u.needs.module}\` is imported but \`${suggestedDistribution(u.needs)}\` is not declared in ${where}, which the image installs (${shipped}): add it there`;
  context.reportOn(u.target, { range: u.imported.range, message });
}

/** Tests and packaging scripts are copied along but not run by the image's program. */
const NOT_RUN = /(^|\/)(tests?|testing)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest|setup|noxfile)\.py$/;
const FOREIGN = /(^|\/)(site-packages|dist-packages|node_modules|\.?venv|\.tox|\.nox)\//;

/** The Python files of the context that COPY/ADD bring into the stages of the final image, each with the first COPY that brings it. */
function copiedPythonFiles(file: DockerfileModel, context: BuildContext): { copy: Instruction; source: ContextSource; path: string }[] {
  const candidates = context.files().filter((f) => f.endsWith('.py') && !NOT_RUN.test(f) && !FOREIGN.test(f) && !context.isIgnored(f));
  const found: { copy: Instruction; source: ContextSource; path: string }[] = [];
  const taken = new Set<string>();
  for (const stage of finalImageStages(file)) {
    for (const copy of stage.instructions) {
      for (const source of contextSources(copy)) {
        const carried = carriedBy(source, copy);
        for (const path of candidates) {
          if (taken.has(path) || !carried(path)) continue;
          taken.add(path);
          found.push({ copy, source, path });
          if (found.length >= MAX_PYTHON_FILES) return found;
        }
      }
    }
  }
  return found;
}
