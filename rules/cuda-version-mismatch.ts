import { defineRule } from '../src/engine/rule.js';
import type { DockerfileModel, Stage } from '../src/model/dockerfile.js';
import { cudaExtensionBuild, frameworkCudaOf, type FrameworkCuda } from '../src/model/framework-cuda.js';
import { imageGpuOf, type ImageGpu } from '../src/model/gpu-images.js';
import { imagePythonPackages, type ImagePackage } from '../src/model/python-packages.js';

export default defineRule({
  meta: {
    id: 'cuda-version-mismatch',
    aliases: [],
    severity: 'warning',
    category: 'correctness',
    summary: "The CUDA release of the base image is not the one the installed framework's build is for",
    fixable: false,
    section: 'ml-images',
    docs: {
      rationale: `A CUDA base image (\`nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04\`, \`pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\`)
carries one CUDA release; the framework the image installs is built for one too, and when they disagree the image is
wrong in one of two ways:

- **The framework brings its own CUDA** (\`torch\` wheels, \`tensorflow[and-cuda]\`, \`jax[cuda12]\`, conda's
  \`pytorch-cuda\`): it runs, but the base's CUDA libraries are gigabytes that nothing loads. Worse, any CUDA extension
  compiled in the image (a \`*-devel\` base with \`nvcc\`: \`flash-attn\`, \`apex\`, \`detectron2\` built from source, a
  \`pip install --no-build-isolation\`, \`python setup.py install\`) is compiled with the base's CUDA against torch's,
  and torch's build refuses a different major release ("The detected CUDA version mismatches the version that was
  used to compile PyTorch"): that is an **error**.
- **The framework loads the system's CUDA** (TensorFlow without \`[and-cuda]\`, \`jax[cuda12_local]\`, \`jaxlib==...+cuda12.cudnn89\`):
  it cannot find its GPU libraries (\`Could not load dynamic library 'libcudart.so.11.0'\`) and runs on the CPU, or not at all.

Make them agree: install the framework's build for the base's CUDA (\`--index-url https://download.pytorch.org/whl/cu121\`),
or move the base to the framework's CUDA; for a framework that brings its own CUDA, a base without CUDA (or NVIDIA's
small \`-base\` flavour) is enough at run time.`,
      bad: `FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04
RUN pip install --no-cache-dir torch==2.3.1+cu118 --index-url https://download.pytorch.org/whl/cu118`,
      good: `FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04
RUN pip install --no-cache-dir torch==2.3.1 --index-url https://download.pytorch.org/whl/cu121`,
      notes: `**What is compared.** The base image's CUDA is read from its tag (\`nvidia/cuda\` and NGC tags, \`-cuda12.1\` and \`-cu121\`
in framework images), \`ARG\` defaults resolved and \`FROM <stage>\` followed. The framework's CUDA is read from the
package where it says: a \`+cu118\` local version; a \`download.pytorch.org/whl/cu118\` index on the command, in the
requirements file (\`--index-url\` / \`--extra-index-url\` lines, \`-r\` includes followed) or in \`PIP_INDEX_URL\`-style
variables; \`jax[cuda12]\` / \`jax[cuda12_local]\`; \`jaxlib==0.4.23+cuda12.cudnn89\`; conda's \`pytorch-cuda=11.8\` and
\`cudatoolkit=11.3\`. Otherwise a pinned \`torch\` or \`tensorflow\` release is looked up in a table kept in the repository
(\`src/data/cuda-builds.ts\`: the CUDA of torch's default PyPI wheel per release, TensorFlow's tested build
configurations), each row with its source; a release missing from the table, or an unpinned one, gives no finding.

**How strictly.** A framework that brings its own CUDA is compared on major.minor: a \`cu118\` wheel on a 12.1 base
means two CUDA releases in the image. A framework that loads the system's CUDA is compared on the major release only:
CUDA's minor-version compatibility lets TensorFlow 2.11 (built for 11.2) run on an 11.8 base, since the libraries it
opens are named by major release (\`libcublas.so.11\`); a CUDA 11 build on a CUDA 12 base fails. When the image compiles a
CUDA extension on a \`devel\` base, a different major release is an error, a different minor a warning (torch only warns).

**Which stages.** Installs in stages that reach the final image, and a \`devel\` builder stage that compiles a CUDA
extension (its wheels are what the final image gets). The finding is on the package: the word in the \`RUN\`, or its
line in the requirements file the image installs.

Public reports: [mistralai/mistral-inference#76](https://github.com/mistralai/mistral-inference/issues/76) (an image
building apex on an 11.8 \`devel\` base fails: "The detected CUDA version (11.8) mismatches the version that was used to
compile PyTorch"), [deepchem/deepchem#2467](https://github.com/deepchem/deepchem/issues/2467) (TensorFlow 2.4 on a CUDA
10.1 image cannot load \`libcudart.so.11.0\`), [matifali/dockerdl#7](https://github.com/matifali/dockerdl/issues/7)
(TensorFlow 2.13 does not use the GPU on a CUDA 12.1 base, and does on 11.7: the major release is what counts).`,
    },
  },
  checkDockerfile(file, context) {
    const packages = imagePythonPackages(file, context.project);
    const compiledOn = extensionBuildsOn(file);
    for (const pkg of packages) {
      const build = frameworkCudaOf(pkg);
      if (!build || reportedWithSibling(pkg)) continue;
      const extension = build.framework === 'torch' ? compiledOn.get(pkg.stage) : undefined;
      if (!pkg.inFinalImage && !extension) continue;
      const base = imageGpuOf(pkg.stage);
      if (!base?.gpu || base.cuda === undefined || agree(base.cuda, build)) continue;
      const majorDiffers = major(base.cuda) !== major(build.cuda);
      context.reportOn(pkg.target, {
        range: pkg.range,
        severity: extension && majorDiffers ? 'error' : undefined,
        message: message(pkg, build, base, base.cuda, extension?.name),
      });
    }
  },
});

/**
 * For each stage, the CUDA extension compiled on a `devel` base in it or in a stage built on it: torch installed
 * there is what the extension compiles against. Each stage's parents are walked once.
 */
function extensionBuildsOn(file: DockerfileModel): Map<Stage, { readonly name: string }> {
  const on = new Map<Stage, { readonly name: string }>();
  for (const stage of file.stages) {
    const build = imageGpuOf(stage)?.flavor === 'devel' ? cudaExtensionBuild(stage) : undefined;
    if (!build) continue;
    for (let s: Stage | undefined = stage; s && !on.has(s); s = s.parent) on.set(s, build);
  }
  return on;
}

function major(cuda: string): string {
  return cuda.split('.')[0];
}

function agree(baseCuda: string, build: FrameworkCuda): boolean {
  if (build.compare === 'major' || !build.cuda.includes('.')) return major(baseCuda) === major(build.cuda);
  return baseCuda === build.cuda;
}

/** torchvision and torchaudio of the same install say what torch says: one finding, on torch. */
function reportedWithSibling(pkg: ImagePackage): boolean {
  if (pkg.normalizedName !== 'torchvision' && pkg.normalizedName !== 'torchaudio') return false;
  return pkg.siblings.some((s) => s.normalizedName === 'torch' && frameworkCudaOf(s) !== undefined);
}

function message(pkg: ImagePackage, build: FrameworkCuda, base: ImageGpu, baseCuda: string, extension: string | undefined): string {
  const written = `\`${pkg.name}${pkg.extras.length > 0 ? `[${pkg.extras.join(',')}]` : ''}${pkg.specifier}\``;
  const image = `\`${base.name}\``;
  const cuda = build.cuda.includes('.') ? build.cuda : `${build.cuda}.x`;
  // A framework that loads the system's CUDA needs the major release only.
  const wanted = build.compare === 'major' ? `${major(build.cuda)}.x` : cuda;
  const toBase = build.torchIndex
    ? // Which CUDA builds a torch release has is not in the table: name the index form, not a build that may not exist.
      `use a CUDA ${wanted} base image, or torch's CUDA ${baseCuda} build if PyTorch publishes one for this release (\`--index-url https://download.pytorch.org/whl/cu${baseCuda.replace('.', '')}\`)`
    : pkg.conda
      ? `pin \`${pkg.name}=${baseCuda}\` or use a CUDA ${wanted} base image`
      : `install a ${build.framework} build for CUDA ${build.compare === 'major' ? `${major(baseCuda)}.x` : baseCuda} or use a CUDA ${wanted} base image`;
  if (extension) {
    return `${written} is built for CUDA ${cuda} but ${image} compiles with nvcc from CUDA ${baseCuda}: building ${extension} in this image fails with a CUDA version mismatch; ${toBase}`;
  }
  if (build.libraries === 'bundled') {
    return `${written} brings its own CUDA ${cuda} libraries, so the CUDA ${baseCuda} of ${image} is gigabytes of dead weight${build.torchIndex ? ' (and CUDA extensions compiled on it will not match torch)' : ''}; ${toBase}`;
  }
  return `${written} loads CUDA ${cuda} from the system but ${image} has CUDA ${baseCuda}: ${build.framework} will not find its GPU libraries; ${toBase}`;
}
