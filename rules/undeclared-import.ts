import { posix } from 'node:path';
import { defineRule, type ReportTarget, type RuleContext } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { carriedBy, contextSources, type ContextSource } from '../src/model/copies.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';
import {
  baseImagePackages,
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
\`COPY\` that ships the module.`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    const declared = declaredDistributions(file, buildContext, context.project.manifestsInstalledBy(file));
    // Without a requirements file the image's dependencies are whatever its commands name: nothing to hold imports to.
    if (declared.manifests.length === 0 || declared.unknown !== undefined) return;
    const stages = finalImageStages(file);
    const base = stages.length > 0 ? rootStage(stages[stages.length - 1]) : undefined;
    // An image with Python packages of its own (`pytorch/pytorch`) satisfies imports that no manifest names.
    const fromBase = base && baseImagePackages(base);
    if (!base || !fromBase) return;
    const version = pythonVersionOf(base);
    const names = new Set([...declared.names, ...fromBase]);
    const own = ownModuleNames(buildContext);
    const dockerfile = posix.relative(buildContext.root, file.path.split('\\').join('/'));
    for (const { copy, path } of copiedPythonFiles(file, buildContext)) {
      const text = buildContext.readHead(path);
      if (text === undefined) continue;
      const target: ReportTarget = { path: posix.join(buildContext.root, path), kind: 'python', lines: linesOf(text) };
      const reported = new Set<string>();
      for (const imported of pythonImports(text)) {
        const top = imported.module.split('.')[0];
        if (imported.relative || imported.guarded || imported.typeChecking || reported.has(top)) continue;
        if (isStandardLibrary(imported.module, version) || own.has(top)) continue;
        const candidates = distributionsOf(imported);
        if (isDeclared(candidates, names)) continue;
        reported.add(top);
        reportUndeclared(context, { copy, dockerfile, target, imported, needs: candidates, version, declared });
      }
    }
  },
});

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
