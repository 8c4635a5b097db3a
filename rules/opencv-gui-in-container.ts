import { defineRule, type Fix, type ReportTarget } from '../src/engine/rule.js';
import type { Range } from '../src/model/position.js';
import { imageGpuOf } from '../src/model/gpu-images.js';
import { installedPackageNames } from '../src/model/package-spec.js';
import { imagePythonPackages } from '../src/model/python-packages.js';
import { specifiersConflict } from '../src/model/requirements.js';
import { finalImageStages } from '../src/model/stages.js';

/** OpenCV's wheels built with its GUI (highgui on GTK/Qt), which link against the system's OpenGL. */
const GUI_BUILDS: Readonly<Record<string, string>> = {
  'opencv-python': 'opencv-python-headless',
  'opencv-contrib-python': 'opencv-contrib-python-headless',
};
/** System packages that provide `libGL.so.1`, by package manager family, and Debian's own OpenCV. */
const PROVIDES_LIBGL = new Set([
  'libgl1', 'libgl1-mesa-glx', 'libgl1-mesa-dri', 'libglx-mesa0', 'libglx0', 'libopengl0', 'python3-opencv', 'libopencv-dev',
  // Debian's and Ubuntu's ffmpeg depends on it (through libavdevice).
  'ffmpeg',
  'mesa-gl', 'mesa-libgl', 'opencv',
]);
/** GPU images whose contents are known to lack OpenGL; NVIDIA's `cudagl` and `opengl`, and its framework containers, may have it. */
const GPU_IMAGES_WITHOUT_GL = new Set(['nvidia/cuda', 'nvcr.io/nvidia/cuda', 'pytorch/pytorch', 'tensorflow/tensorflow']);
/** opencv-python's wheels before this release shipped the libraries they load (opencv/opencv-python#370). */
const FIRST_WITHOUT_LIBGL = '4.3.0.38';

export default defineRule({
  meta: {
    id: 'opencv-gui-in-container',
    aliases: [],
    severity: 'warning',
    category: 'correctness',
    summary: '`opencv-python` installed in an image without the OpenGL library it loads at import',
    fixable: true,
    fix: {
      unsafe: `The fix renames the package where the finding is: \`opencv-python\` → \`opencv-python-headless\`,
\`opencv-contrib-python\` → \`opencv-contrib-python-headless\`, keeping its extras, version (the headless wheels are
released with the same versions), marker and quotes, in the \`RUN\` word or the line of the requirements file or of
\`environment.yml\`'s \`pip:\` list. It changes what the image does: the headless wheel has no GUI (\`cv2.imshow\`,
\`cv2.namedWindow\`, \`cv2.waitKey\` and trackbars raise an error), and a package that itself requires \`opencv-python\`
brings the GUI build back, so that both wheels write the same \`cv2\` folder. Not offered where the name is not written
out (a variable), on a line with \`--hash\` options (the headless wheel has other hashes), nor in \`pyproject.toml\` or a
\`Pipfile\`, whose lock file must be regenerated after the change.`,
    },
    section: 'ml-images',
    docs: {
      rationale: `\`opencv-python\` and \`opencv-contrib-python\` are OpenCV built with its GUI functions (\`cv2.imshow\`,
windows, trackbars), which link against the system's OpenGL and GLib. The wheels do not include those libraries, and no
container base image has them: \`python:3.12-slim\`, \`python:3.12\`, \`ubuntu\` and \`nvidia/cuda\` all lack \`libGL.so.1\`.
The image builds, and the container fails at the first \`import cv2\` with
\`ImportError: libGL.so.1: cannot open shared object file\`. A server has no screen anyway: install
\`opencv-python-headless\` (or \`opencv-contrib-python-headless\`), the same OpenCV without the GUI, which needs no system
libraries and is smaller.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "detect.py"]`,
      badFiles: { 'requirements.txt': 'numpy==2.1.3\nopencv-python==4.10.0.84\n' },
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "detect.py"]`,
      goodFiles: { 'requirements.txt': 'numpy==2.1.3\nopencv-python-headless==4.10.0.84\n' },
      notes: `Judged: \`opencv-python\` and \`opencv-contrib-python\` named on a \`pip\`, \`uv\`, \`poetry\` or \`pipenv\` command, or in a
requirements file (with its \`-r\` includes), \`pyproject.toml\`, \`Pipfile\` or \`environment.yml\` that the image installs,
in a stage whose files reach the final image; the finding is where the package is named. The conda package \`opencv\`
brings its own libraries and is not judged.

Not reported when a stage of the final image installs a package that provides \`libGL.so.1\` (Debian's and Ubuntu's
\`libgl1\`, \`libgl1-mesa-glx\`, \`libglx-mesa0\`, \`libopengl0\`, \`python3-opencv\`; Alpine's \`mesa-gl\`; Fedora's and
Red Hat's \`mesa-libGL\`; \`ffmpeg\` on Debian and Ubuntu, which depends on it), for versions before 4.3.0.38 (whose
wheels still shipped the libraries: \`==4.1.1.26\`, \`<4.1\`), and on base images whose contents are not known: only the
Docker Official Images, well-known CPU bases, \`nvidia/cuda\`, \`pytorch/pytorch\` and \`tensorflow/tensorflow\` are judged
(NVIDIA's \`cudagl\` images and framework containers, and your own registry's images, may have the libraries).

If the image does show windows (an X11 or Wayland socket mounted into the container), install \`libgl1\` and
\`libglib2.0-0\` in the image; that also tells the reader why.

Public reports: [opencv/opencv-python#370](https://github.com/opencv/opencv-python/issues/370) (\`import cv2\` fails on
\`python:3.9\`), [pytorch/ignite#1615](https://github.com/pytorch/ignite/issues/1615), and
[PaddlePaddle/PaddleOCR#8414](https://github.com/PaddlePaddle/PaddleOCR/pull/8414).`,
    },
  },
  checkDockerfile(file, context) {
    const packages = imagePythonPackages(file, context.project).filter((p) => p.inFinalImage && !p.conda && Object.hasOwn(GUI_BUILDS, p.normalizedName));
    if (packages.length === 0) return;
    const final = finalImageStages(file);
    const installed = installedPackageNames(final);
    if ([...PROVIDES_LIBGL].some((name) => installed.has(name))) return;
    for (const pkg of packages) {
      const image = imageGpuOf(pkg.stage);
      if (!image || !(image.cpu || GPU_IMAGES_WITHOUT_GL.has(image.repository))) continue;
      if (specifiersConflict(pkg.specifier, `>=${FIRST_WITHOUT_LIBGL}`) === true) continue;
      const headless = GUI_BUILDS[pkg.normalizedName];
      context.reportOn(pkg.target, {
        range: pkg.range,
        message: `\`${pkg.name}\` is OpenCV with its GUI, which loads \`libGL.so.1\`; \`${image.name}\` does not have it, so \`import cv2\` fails when the container starts: install \`${headless}\` instead`,
        ...withFix(renameFix(pkg.target, pkg.range, pkg.name, headless)),
      });
    }
  },
});

function withFix(fix: Fix | undefined): { fix?: Fix } {
  return fix ? { fix } : {};
}

/** Kinds of file whose package names can be edited alone: no lock file pins them. */
const RENAMED_IN = new Set(['dockerfile', 'requirements', 'conda-environment']);

/**
 * Writing the headless build's name over the package's name where it starts the finding's range (after a quote), when
 * the name is written out there: not a variable, not split by a continuation, no `--hash` on the line.
 */
function renameFix(target: ReportTarget, range: Range, name: string, headless: string): Fix | undefined {
  if (!RENAMED_IN.has(target.kind)) return undefined;
  const line = target.lines[range.start.line - 1] ?? '';
  let column = range.start.column;
  if (line[column - 1] === '"' || line[column - 1] === "'") column++;
  const after = line[column - 1 + name.length];
  if (line.slice(column - 1, column - 1 + name.length) !== name || (after !== undefined && /[\w.\-\\`$]/.test(after))) return undefined;
  if (target.kind === 'requirements' && (/\s--hash\b/.test(line) || line.endsWith('\\'))) return undefined;
  const start = { line: range.start.line, column };
  return {
    applicability: 'unsafe',
    description: `install \`${headless}\`, OpenCV without its GUI`,
    edits: [{ range: { start, end: { line: range.start.line, column: column + name.length } }, text: headless }],
  };
}
