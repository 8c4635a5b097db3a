import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { localPathOf, requirementsManifest, type DependencyManifest } from '../src/model/manifests.js';

/**
 * Paths of the machine a file was written on, which no image has: conda's build folders (`pip freeze` in a conda
 * environment writes `pkg @ file:///croot/pkg_1690/work`), home folders, macOS temporary folders, Windows drives.
 */
const BUILD_MACHINE_PATH =
  /^(?:\/(?:Users|home|private\/var|croot|tmp\/build|opt\/concourse|var\/folders|System\/Volumes)\/|\/?[a-z]:[\\/]|.*\/(?:conda-bld|feedstock_root|build_artifacts|miniconda3|miniforge3|anaconda3)\/)/i;

export default defineRule({
  meta: {
    id: 'requirements-local-path',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    summary: 'A requirement that points at a folder of the machine the file was written on (`pip freeze` in conda)',
    fixable: false,
    docs: {
      rationale: `\`pip freeze\` in a conda environment writes \`certifi @ file:///croot/certifi_1690232220950/work/certifi\`
for the packages conda installed: the folder where conda built them, on a machine that is not the image. Home folders
(\`/home/alice/src/lib\`, \`/Users/bob/...\`) and Windows drives (\`C:/...\`) end up in requirements files the same way. pip
stops the build on them. Regenerate the file with \`pip list --format=freeze\` (versions, not paths), or pin the
versions from the environment (\`conda list --export\` for conda's own format).`,
      bad: `certifi @ file:///croot/certifi_1690232220950/work/certifi\nnumpy @ file:///home/conda/feedstock_root/build_artifacts/numpy_1707225342954/work/dist/numpy-1.26.4-cp311-cp311-linux_x86_64.whl\nrequests==2.31.0\n`,
      good: `certifi==2023.7.22\nnumpy==1.26.4\nrequests==2.31.0\n`,
      exampleKind: 'requirements',
      notes: `Reported: \`file:\` URLs and absolute paths under a home folder (\`/home\`, \`/Users\`), conda's build
folders (\`conda-bld\`, \`feedstock_root\`, \`build_artifacts\`, \`/croot\`, \`/tmp/build\`), macOS temporary folders
and Windows drive letters. Other absolute paths (\`/wheels/app-1.0.whl\`) are
left alone: a multi-stage build often puts wheels there before installing them. Relative paths are left alone too:
pip reads them from its working directory, not from the file's folder, so whether \`../lib\` leaves the build
context depends on the \`RUN\` (see \`requirements-editable\` for local paths in images). The same lines are
reported in the other manifests: PEP 508 strings of \`pyproject.toml\`, Poetry's and Pipfile's \`path\`/\`file\`, and
the \`pip:\` section of \`environment.yml\` (where a pasted \`pip freeze\` puts them).`,
    },
  },
  checkRequirements(file, context) {
    reportBuildMachinePaths(requirementsManifest(file), context);
  },
  checkManifest(file, context) {
    reportBuildMachinePaths(file, context);
  },
});

function reportBuildMachinePaths(file: DependencyManifest, context: RuleContext): void {
  for (const dependency of file.dependencies) {
    const path = localPathOf(dependency);
    if (path === undefined || path.includes('${')) continue;
    if (!BUILD_MACHINE_PATH.test(path)) continue;
    const pin = dependency.name === undefined ? 'the version' : `\`${dependency.name}==<version>\``;
    // `pip freeze` wrote a requirements list (a file, or conda's `pip:` section); in pyproject.toml or a Pipfile someone wrote the path.
    const frozen = dependency.section === 'requirements' || dependency.section === 'conda-pip';
    const fix = frozen ? `regenerate the file with \`pip list --format=freeze\`, or pin ${pin} from the environment` : `require ${pin} from an index, or a path inside the build context`;
    context.report({
      range: dependency.range,
      message: `${dependency.name === undefined ? path : `"${dependency.name}" points at ${path}, which`} is a folder of the machine the file was written on, so ${frozen ? 'pip' : 'the install'} fails in the image: ${fix}`,
    });
  }
}
