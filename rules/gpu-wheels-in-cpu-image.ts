import { defineRule, type Fix } from '../src/engine/rule.js';
import { packageInstall } from '../src/model/packages.js';
import type { DockerfileModel, Stage } from '../src/model/dockerfile.js';
import { parsePlatform } from '../src/model/platform.js';
import { imageGpuOf } from '../src/model/gpu-images.js';
import { imagePythonPackages, type ImagePackage } from '../src/model/python-packages.js';

/** PyTorch's distributions: on PyPI their Linux x86-64 wheels depend on NVIDIA's CUDA wheels. */
const TORCH = new Set(['torch', 'torchvision', 'torchaudio']);
/** How each kind of file names PyTorch's CPU index. */
const CPU_INDEX_FIX: Readonly<Record<string, string>> = {
  dockerfile: '`--index-url https://download.pytorch.org/whl/cpu`',
  requirements: '`--extra-index-url https://download.pytorch.org/whl/cpu` in the file',
  pyproject: 'https://download.pytorch.org/whl/cpu as a `[[tool.uv.index]]` or `[[tool.poetry.source]]` for it',
};
/** conda packages that ask for PyTorch's CUDA build. */
const CONDA_CUDA = new Set(['pytorch-cuda', 'cudatoolkit']);

export default defineRule({
  meta: {
    id: 'gpu-wheels-in-cpu-image',
    aliases: [],
    severity: 'warning',
    category: 'image-size',
    summary: 'PyTorch or JAX with CUDA installed in an image whose base has no GPU support',
    fixable: true,
    fix: {
      unsafe: `The fix adds PyTorch's CPU index to a \`pip install\` command that installs PyTorch's packages alone
(\`torch\`, \`torchvision\`, \`torchaudio\`, no \`-r\` file): \`--index-url https://download.pytorch.org/whl/cpu\` after
\`install\`, as PyTorch's own instructions write it. That index holds their dependencies too (\`filelock\`, \`sympy\`,
\`numpy\`...) and PyPI is no longer asked, so the CPU build is what pip finds. On \`uv pip install\` it adds
\`--torch-backend=cpu\` (uv 0.6.9 and later), which does the same.

It changes the image: another build of PyTorch, without CUDA (\`torch.cuda.is_available()\` is false), of the same
release; a release the CPU index does not have (the oldest ones) fails the install. Not offered where the index has to
sit beside others: a command that installs other packages too, a requirements file, an image with an index of its own
(\`--index-url\`, \`PIP_INDEX_URL\`: the new option would replace it). There \`--extra-index-url\` would be needed, which
merges PyPI with PyTorch's index, the dependency confusion \`insecure-package-index\` reports; write it yourself, or
install PyTorch in a command of its own. Not offered either for conda, \`uv add\`/\`uv sync\`, Poetry, pipenv and
\`pyproject.toml\` (the index belongs in the project and its lock file), for the \`RUN\` JSON form, or with
\`--no-index\`.`,
    },
    section: 'ml-images',
    options: {
      gpuImages: {
        type: 'string[]',
        default: [],
        description:
          'Base images (repositories such as `registry.example.com/ml/base`, or prefixes ending in `/` or `/*`) that are built for CUDA, besides the known ones.',
      },
    },
    docs: {
      rationale: `On Linux x86-64, \`pip install torch\` from PyPI installs the CUDA build: \`torch\` depends on a dozen
\`nvidia-*\` wheels (cuBLAS, cuDNN, NCCL...) and \`triton\`, which add 3 to 7 GB to the image. An image built on
\`python:3.12-slim\` runs on a machine without a GPU, or at least says nothing of one: for a CPU service all of that is
dead weight that every build downloads, every registry stores and every node pulls. PyTorch publishes CPU wheels on its
own index: \`pip install torch --index-url https://download.pytorch.org/whl/cpu\` (or \`--extra-index-url\` in the
requirements file, or a \`+cpu\` version such as \`torch==2.5.1+cpu\`) installs a wheel of about 200 MB and no NVIDIA
libraries. \`jax[cuda12]\` does the same on purpose: it asks for JAX's CUDA plugins and NVIDIA's wheels.

If the image does run on a GPU, base it on a CUDA image (\`nvidia/cuda\`, \`pytorch/pytorch\`) or list your own base
image in the \`gpuImages\` option: that says so to the reader as well.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nRUN pip install --no-cache-dir torch==2.5.1 torchvision==0.20.1\nCOPY . .\nCMD ["python", "serve.py"]`,
      badFiles: { 'requirements.txt': 'fastapi==0.115.6\nsentence-transformers==3.3.1\ntorch==2.5.1\n' },
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nRUN pip install --no-cache-dir torch==2.5.1 torchvision==0.20.1 --index-url https://download.pytorch.org/whl/cpu\nCOPY . .\nCMD ["python", "serve.py"]`,
      goodFiles: { 'requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cpu\nfastapi==0.115.6\nsentence-transformers==3.3.1\ntorch==2.5.1+cpu\n' },
      notes: `Judged: \`torch\`, \`torchvision\` and \`torchaudio\` (and \`jax\` with a \`cuda\` extra) named on a \`pip\`, \`uv pip\`, \`uv add\`,
\`poetry add\` or \`pipenv install\` command, or in a requirements file (with its \`-r\` includes), \`pyproject.toml\`, \`Pipfile\`
or \`environment.yml\` that the image installs, in a stage whose files reach the final image. The finding is at the first
such package of each command or file, and names the others. conda's \`pytorch\` is reported only with \`pytorch-cuda\`
or \`cudatoolkit\` in the same command: conda picks PyTorch's CUDA build on its own only on a machine with
a GPU, which a build does not have.

A CPU source is: an index or links page whose path has \`/whl/cpu\` (\`--index-url\`, \`--extra-index-url\`, \`-f\`, in the
command, the requirements file, \`PIP_INDEX_URL\`/\`PIP_EXTRA_INDEX_URL\`/\`UV_INDEX_URL\`/\`UV_EXTRA_INDEX_URL\`/\`UV_INDEX\`
from \`ENV\`, \`ARG\` or the script, uv's \`--torch-backend=cpu\`/\`UV_TORCH_BACKEND=cpu\`, and \`[[tool.uv.index]]\` or
\`[[tool.poetry.source]]\` in pyproject.toml), or a \`+cpu\` version or wheel file of the package.

Only images known to have no CUDA are judged: the Docker Official Images (\`python\`, \`debian\`, \`ubuntu\`...) and
well-known CPU bases (distroless and Chainguard Python, \`ghcr.io/astral-sh/uv\`, Miniconda, Miniforge, micromamba
without a CUDA tag, Red Hat UBI, AWS Lambda, \`tensorflow/tensorflow\` without \`-gpu\`). An image of your own registry
is not judged: whether it has CUDA cannot be told from its name. A stage built for \`arm64\` (\`FROM --platform=linux/arm64\`)
is not judged either: PyPI's aarch64 wheels of \`torch\` are CPU builds.

Public reports: [pytorch/pytorch#146786](https://github.com/pytorch/pytorch/issues/146786) (CUDA wheels in a
\`python:3.10\` image), [ggml-org/llama.cpp#665](https://github.com/ggml-org/llama.cpp/pull/665) (5.7 GB less with the CPU
wheels), [vllm-project/tpu-inference#1246](https://github.com/vllm-project/tpu-inference/pull/1246) (7.7 GB less).`,
    },
  },
  checkDockerfile(file, context) {
    const gpuImages = stringList(context.options.gpuImages);
    const groups = new Set<readonly ImagePackage[]>();
    for (const pkg of imagePythonPackages(file, context.project)) groups.add(pkg.siblings);
    for (const group of groups) {
      const first = group[0];
      if (!first?.inFinalImage || armPlatform(first.stage)) continue;
      const image = imageGpuOf(first.stage, gpuImages);
      if (!image?.cpu) continue;
      const cuda = cudaPackages(group);
      if (cuda.length === 0 || saysGpu(file, first)) continue;
      const names = cuda.map((p) => `\`${p.name}\``);
      const what = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      const fix = cuda[0].conda
        ? 'for a CPU service, install `cpuonly` instead of the CUDA package'
        : cuda[0].normalizedName === 'jax'
          ? 'for a CPU service, install plain `jax`'
          : `for a CPU service, install the CPU wheels (${CPU_INDEX_FIX[cuda[0].target.kind] ?? CPU_INDEX_FIX.requirements})`;
      const cpuIndex = cuda[0].conda || cuda[0].normalizedName === 'jax' ? undefined : cpuIndexFix(cuda[0]);
      context.reportOn(cuda[0].target, {
        range: cuda[0].range,
        message: `${what} ${cuda.length === 1 ? 'installs' : 'install'} the CUDA build (gigabytes of NVIDIA libraries) in an image built on \`${image.name}\`, which has no GPU support: ${fix}; for a GPU one, build on a CUDA image or add the base to \`gpuImages\``,
        ...(cpuIndex ? { fix: cpuIndex } : {}),
      });
    }
  },
});

const CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

/**
 * PyTorch's CPU index on a `pip install` of PyTorch's packages alone, or uv's CPU backend on `uv pip install`.
 * Undefined where the result is not sure (see meta.fix).
 */
function cpuIndexFix(pkg: ImagePackage): Fix | undefined {
  const command = pkg.command;
  const install = packageInstall(command);
  if (pkg.target.kind !== 'dockerfile' || !install || install.manager !== 'pip' || install.subcommand.value !== 'install' || pkg.run.execForm !== undefined) return undefined;
  // Beside another index the option would have to be --extra-index-url, which merges PyPI in (dependency confusion).
  const torchOnly =
    install.requirementFiles.length === 0 &&
    install.constraintFiles.length === 0 &&
    pkg.indexUrls.length === 0 &&
    install.packages.length === pkg.siblings.length &&
    pkg.siblings.every((p) => TORCH.has(p.normalizedName)) &&
    !install.args.some((w) => /^(-e|--editable|--no-index|-i|--index-url|--extra-index-url|-f|--find-links|--index|--default-index)$/.test(w.value.split('=')[0]));
  if (!torchOnly) return undefined;
  // The option goes right after `install`, written out on one line there: anything else is not sure.
  const { start, end } = install.subcommand.range;
  if (start.line !== end.line || pkg.target.lines[start.line - 1]?.slice(start.column - 1, end.column - 1) !== 'install') return undefined;
  const option = command.name === 'uv' ? '--torch-backend=cpu' : `--index-url ${CPU_INDEX}`;
  return { applicability: 'unsafe', description: `install the CPU wheels: \`${option}\``, edits: [{ range: { start: end, end }, text: ` ${option}` }] };
}

/** The packages of one install that bring CUDA: PyTorch's without a CPU source, `jax[cuda*]`, conda's CUDA build. */
function cudaPackages(group: readonly ImagePackage[]): ImagePackage[] {
  const condaCuda = group.some((p) => p.conda && CONDA_CUDA.has(p.normalizedName)) && !group.some((p) => p.conda && p.normalizedName === 'cpuonly');
  return group.filter((p) => {
    if (p.conda) return condaCuda && (p.normalizedName === 'pytorch' || CONDA_CUDA.has(p.normalizedName));
    if (p.normalizedName === 'jax') return p.extras.some((e) => /^cuda/i.test(e));
    if (!TORCH.has(p.normalizedName)) return false;
    return !cpuSource(p) && !group.some((other) => TORCH.has(other.normalizedName) && isCpuVersion(other.version));
  });
}

/** Variables NVIDIA's container runtime reads: an image that sets them means to run on a GPU. */
const NVIDIA_VARIABLES = ['NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES', 'NVIDIA_REQUIRE_CUDA', 'CUDA_VISIBLE_DEVICES'];
/** A name part that says GPU: `Dockerfile.gpu`, `jax_cuda.dockerfile`, a stage `gpu-worker`. */
const GPU_PART = /(^|[-_.])(gpu|cuda\d*|cu\d{3})([-_.]|$)/i;
/** A folder named for GPUs: `cuda12`, `pytorch-gpu`, `jupyter-pytorch-cuda`. */
const GPU_FOLDER = /(^|[-_.])(gpu|cuda\d*|cu\d{3})$/i;

/**
 * The image says it is meant for a GPU although its base has no CUDA: PyTorch's CUDA wheels chosen by name (a
 * `/whl/cu124` index, a `+cu124` version, NVIDIA's index), NVIDIA's runtime variables, or a Dockerfile, its folder or
 * the stage named for GPUs. The wheels bring their own CUDA libraries, so such an image does run on a GPU.
 */
function saysGpu(file: DockerfileModel, first: ImagePackage): boolean {
  const explicit = first.siblings.some(
    (p) => /\+(cu|rocm)\d/i.test(p.version ?? '') || p.indexUrls.some((url) => /\/whl\/(nightly\/)?(cu|rocm)\d|pypi\.nvidia\.com/i.test(url)),
  );
  if (explicit || NVIDIA_VARIABLES.some((name) => first.run.variables.get(name) !== undefined)) return true;
  const parts = file.path.split(/[\\/]/);
  return GPU_PART.test(parts.at(-1) ?? '') || GPU_FOLDER.test(parts.at(-2) ?? '') || GPU_PART.test(first.stage.name ?? '');
}

function cpuSource(pkg: ImagePackage): boolean {
  return isCpuVersion(pkg.version) || [...pkg.indexUrls, pkg.url ?? ''].some((url) => /\/whl\/cpu(\/|$|[^\w])|\/cpu\/torch_stable/i.test(url));
}

function isCpuVersion(version: string | undefined): boolean {
  return version !== undefined && /\+cpu\b/i.test(version);
}

/** `--platform=linux/arm64` (any spelling containerd reads as arm64, ARG values expanded). */
function armPlatform(stage: Stage): boolean {
  const value = stage.platform?.valueWord?.expanded ?? stage.platform?.value;
  return value !== undefined && parsePlatform(value)?.arch === 'arm64';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
