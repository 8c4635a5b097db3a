import { basename } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import { finalImageStages } from '../src/model/stages.js';
import { localPathOf, requirementsManifest } from '../src/model/manifests.js';

export default defineRule({
  meta: {
    id: 'requirements-editable',
    aliases: [],
    severity: 'info',
    category: 'reproducibility',
    summary: 'An editable (`-e`) or local-path requirement installed into the final image',
    fixable: false,
    docs: {
      rationale: `\`-e ./lib\` and \`./lib\` are what a developer wants on a laptop: the code is used from where it lies. In an
image they tie the installed package to a folder of the build context: an editable install leaves a link into a
source folder that must stay in the image, at that path, unchanged (delete or move it in a later step and the import
fails at run time), and the version installed is whatever that folder held, with no name or version in the
requirements file to say which. Build a wheel in a builder stage (\`pip wheel ./lib -w /wheels\`) and install it
by version in the final stage, or keep editable lines in a development requirements file that the image does not install.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n`,
      badFiles: { 'requirements.txt': '-e ./lib\nflask==3.0.0\n', 'lib/pyproject.toml': '[project]\nname = "lib"\nversion = "1.0"\n' },
      good: `FROM python:3.12-slim AS build\nWORKDIR /src\nCOPY lib lib\nRUN pip wheel --no-deps ./lib -w /wheels\n\nFROM python:3.12-slim\nWORKDIR /app\nCOPY --from=build /wheels /wheels\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --find-links /wheels -r requirements.txt\n`,
      goodFiles: { 'requirements.txt': 'lib==1.0\nflask==3.0.0\n', 'lib/pyproject.toml': '[project]\nname = "lib"\nversion = "1.0"\n' },
      notes: `The finding is on the requirements file, and only when a Dockerfile linted in the same run installs it
(\`pip install -r\`, \`uv pip install -r\`, \`pip-sync\`, directly or through \`-r\` includes) in a stage whose files end
up in the final image (the last stage and the stages it is built on); a requirements file installed by no Dockerfile,
or only in a builder stage, is not reported. \`-e .\`, \`-e ./pkg\`, \`-e git+https://...#egg=pkg\`, plain paths
(\`./pkg\`, \`.\`) and \`file:\` URLs count; archives and wheels with a version in their name do not. Only
requirements files are checked: Poetry's \`develop = true\` and Pipfile's \`editable = true\` are read into the model but
not reported yet.`,
    },
  },
  checkRequirements(file, context) {
    const installers = context.project
      .installersOf(file)
      .filter(({ dockerfile, instruction }) => instruction.stage !== undefined && finalImageStages(dockerfile).includes(instruction.stage));
    if (installers.length === 0) return;
    const by = `${basename(installers[0].dockerfile.path)}:${installers[0].instruction.line}`;
    for (const dependency of requirementsManifest(file).dependencies) {
      const path = localPathOf(dependency);
      // A wheel or archive with a version in its name installs that version: a pin, not a link to a folder.
      if (!dependency.editable && (path === undefined || /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tar\.xz)$/i.test(path))) continue;
      const target = dependency.url ?? dependency.name ?? 'this requirement';
      const what = dependency.editable ? `editable requirement "-e ${target}"` : `local path "${target}"`;
      context.report({
        range: dependency.range,
        message: `${what} is installed into the final image (${by}), which ties it to a source folder with no version: build a wheel in a builder stage and install it by version, or keep this line in a development requirements file`,
      });
    }
  },
});
