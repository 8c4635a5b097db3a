/**
 * Which CUDA release a framework package installs for, and where its CUDA libraries come from: torch wheels and
 * `tensorflow[and-cuda]` bring their own (as `nvidia-*` wheels or inside the wheel), TensorFlow otherwise and
 * `jax[cuda12_local]` load the image's. Read from the package itself where it says (`+cu118`, the
 * `download.pytorch.org/whl/cu118` index, `jax[cuda12]`, `jaxlib==0.4.23+cuda12.cudnn89`, conda's
 * `pytorch-cuda=11.8`), else from the table of releases in src/data/cuda-builds.ts; unknown otherwise, never guessed.
 */
import { cudaBuilds, type CudaBuild } from '../data/cuda-builds.js';
import type { ImagePackage } from './python-packages.js';
import { packageCommand } from './packages.js';
import { hasFlag } from './shell.js';
import type { Instruction, Stage } from './dockerfile.js';

export interface FrameworkCuda {
  /** How messages name the framework: `torch`, `TensorFlow`, `JAX`, `conda's CUDA`. */
  readonly framework: string;
  /** The CUDA release, major.minor (`11.8`), or only the major (`12`) when that is all the package says. */
  readonly cuda: string;
  /**
   * How much of the release must agree with the base image's: `minor` for builds that bring a CUDA release's
   * libraries (the base's are another release), `major` for frameworks that load the system's libraries, whose
   * file names carry the major version only (CUDA's minor-version compatibility covers the rest).
   */
  readonly compare: 'major' | 'minor';
  /** `bundled`: the package brings its own CUDA libraries; `system`: it loads those of the image. */
  readonly libraries: 'bundled' | 'system';
  /** The `download.pytorch.org` CUDA index tag for torch builds (`cu118`), when the release is major.minor. */
  readonly torchIndex?: string;
}

const TORCH_FAMILY = new Set(['torch', 'torchvision', 'torchaudio']);
/** `https://download.pytorch.org/whl/cu118`, `/whl/nightly/cu121`, `/whl/test/cu124`, `/whl/cpu`, `/whl/rocm6.1`. */
const PYTORCH_INDEX = /^https?:\/\/download\.pytorch\.org\/whl\/(?:nightly\/|test\/)?(cu\d+|cpu|rocm[\d.]+|xpu)(?:\/|$)/;

/** The CUDA a framework package installs for, or undefined when it is not a CUDA build or that is not known. */
export function frameworkCudaOf(pkg: ImagePackage): FrameworkCuda | undefined {
  const name = pkg.normalizedName;
  if (pkg.conda) return condaCuda(pkg);
  if (TORCH_FAMILY.has(name)) return torchCuda(pkg);
  if (name === 'tensorflow' || name === 'tensorflow-gpu') return tensorflowCuda(pkg);
  if (name === 'jax') return jaxCuda(pkg);
  if (name === 'jaxlib') return jaxlibCuda(pkg);
  return undefined;
}

/** `cu118` → `11.8`, `cu92` → `9.2`, `cu130` → `13.0`. */
function cudaOfTag(tag: string): string | undefined {
  const m = /^cu(\d{1,2})(\d)$/.exec(tag);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

function torchCuda(pkg: ImagePackage): FrameworkCuda | undefined {
  const bundled = (cuda: string | undefined): FrameworkCuda | undefined =>
    cuda === undefined ? undefined : { framework: 'torch', cuda, compare: 'minor', libraries: 'bundled', torchIndex: `cu${cuda.replace('.', '')}` };
  // The local version names the build: `2.3.1+cu118`; `+cpu` and `+rocm6.1` are not CUDA builds.
  const local = pkg.version?.split('+')[1];
  if (local !== undefined) return bundled(cudaOfTag(local));
  // A find-links page (`-f .../cu101/torch_stable.html`) offers what it lists: a release it lacks comes from PyPI, so
  // only a `+cu101` local version (read above) says the page's build was taken.
  const indexes = new Set(pkg.indexUrls.filter((url) => !/\.html?$/i.test(url)).map((url) => PYTORCH_INDEX.exec(url)?.[1]).filter((tag) => tag !== undefined));
  if (indexes.size > 1) return undefined;
  const [index] = indexes;
  if (index !== undefined) return bundled(cudaOfTag(index));
  // From PyPI: the default build of the release, when it is pinned and known.
  if (pkg.normalizedName !== 'torch' || pkg.version === undefined) return undefined;
  return bundled(buildOf('torch', pkg.version)?.cuda);
}

function tensorflowCuda(pkg: ImagePackage): FrameworkCuda | undefined {
  if (pkg.version === undefined) return undefined;
  // tensorflow-gpu 2.1+ is the same build as tensorflow; tensorflow before 2.1 has no GPU support at all.
  const row = (pkg.normalizedName === 'tensorflow-gpu' ? buildOf('tensorflow-gpu', pkg.version) : undefined) ?? buildOf('tensorflow', pkg.version);
  if (!row) return undefined;
  const [major, minor] = row.release.split('.').map(Number);
  const wheels = pkg.extras.includes('and-cuda') && (major > 2 || (major === 2 && minor >= 14));
  return { framework: 'TensorFlow', cuda: row.cuda, compare: wheels ? 'minor' : 'major', libraries: wheels ? 'bundled' : 'system' };
}

/** `jax[cuda12]` and `jax[cuda12_pip]` bring CUDA 12 wheels; `jax[cuda12_local]` and the old `jax[cuda11_cudnn86]` load the system's. */
function jaxCuda(pkg: ImagePackage): FrameworkCuda | undefined {
  for (const extra of pkg.extras) {
    const m = /^cuda(\d+)(?:_(pip|local|cudnn\d+))?$/.exec(extra.toLowerCase());
    if (!m) continue;
    const system = m[2] === 'local' || m[2]?.startsWith('cudnn') === true;
    return { framework: 'JAX', cuda: m[1], compare: 'major', libraries: system ? 'system' : 'bundled' };
  }
  return undefined;
}

/** `jaxlib==0.4.23+cuda12.cudnn89` (and the older `0.1.57+cuda111`): a build that loads the system's CUDA. */
function jaxlibCuda(pkg: ImagePackage): FrameworkCuda | undefined {
  const local = pkg.version?.split('+')[1] ?? '';
  const m = /^cuda(\d+)\.cudnn\d+$/.exec(local) ?? /^cuda(\d{1,2})\d$/.exec(local);
  return m ? { framework: 'JAX', cuda: m[1], compare: 'major', libraries: 'system' } : undefined;
}

/** conda's CUDA packages: `pytorch-cuda=11.8` (PyTorch's channel), `cudatoolkit=11.3`. */
function condaCuda(pkg: ImagePackage): FrameworkCuda | undefined {
  if (pkg.normalizedName !== 'pytorch-cuda' && pkg.normalizedName !== 'cudatoolkit') return undefined;
  // A conda pin is `=11.8` or `==11.8` (`=11.8.0=h...` with a build string); the version as the spec gives it, when it does.
  const m = /^(\d+)\.(\d+)/.exec(pkg.version ?? /^==?(\d[\w.]*)/.exec(pkg.specifier.trim())?.[1] ?? '');
  return m ? { framework: "conda's CUDA", cuda: `${m[1]}.${m[2]}`, compare: 'minor', libraries: 'bundled' } : undefined;
}

/** The table's row for a release: `2.3.1` → the `2.3` series. */
function buildOf(name: CudaBuild['package'], version: string): CudaBuild | undefined {
  const series = /^(\d+)\.(\d+)(?:\.\d+)*$/.exec(version.split('+')[0]);
  if (!series) return undefined;
  return cudaBuilds.find((row) => row.package === name && row.release === `${series[1]}.${series[2]}`);
}

/** Packages that are CUDA extensions of torch, compiled with the image's `nvcc` when built from source. */
const CUDA_EXTENSIONS = /(?:^|[/@+=\s])(flash[-_]?attn|flash-attention|apex|detectron2|mamba[-_]ssm|causal[-_]conv1d|pytorch3d)(?:$|[/.#@\s\[=<>~!]|\.git)/i;

/**
 * The CUDA extension a `RUN` of the stage compiles against the image's CUDA, if any: a pip install with
 * `--no-build-isolation` (how flash-attn, apex and others build against the installed torch), or of such an
 * extension from a git URL or a local checkout, or `python setup.py install` in a `RUN` that clones one.
 */
export function cudaExtensionBuild(stage: Stage): { readonly run: Instruction; readonly name: string } | undefined {
  for (const run of stage.instructions) {
    if (run.keyword !== 'RUN') continue;
    const commands = run.script?.commands ?? [];
    const cloned = commands.find((c) => c.name === 'git' && c.args[0]?.value === 'clone' && c.args.some((a) => CUDA_EXTENSIONS.test(` ${a.value}`)));
    for (const command of commands) {
      // `pip install` and `pip wheel` both build what they are given.
      const pip = packageCommand(command);
      if (pip?.manager === 'pip' && ['install', 'wheel'].includes(pip.operands[0]?.value ?? '')) {
        const words = pip.operands.slice(1);
        const extension = words.map((w) => CUDA_EXTENSIONS.exec(` ${w.value}`)?.[1]).find((n) => n !== undefined);
        if (hasFlag(command, '--no-build-isolation')) return { run, name: extension ?? 'a CUDA extension' };
        const fromSource = words.some((w) => CUDA_EXTENSIONS.test(` ${w.value}`) && /^(git\+|\.|\/)/.test(w.value));
        if (fromSource && extension) return { run, name: extension };
        if (cloned && words.some((w) => /^(\.|\/)/.test(w.value))) return { run, name: extensionName(cloned.args.map((a) => a.value).join(' ')) };
      }
      if (cloned && /^python[\d.]*$/.test(command.name) && /(^|\/)setup\.py$/.test(command.args[0]?.value ?? '')) {
        return { run, name: extensionName(cloned.args.map((a) => a.value).join(' ')) };
      }
    }
  }
  return undefined;
}

function extensionName(text: string): string {
  return CUDA_EXTENSIONS.exec(` ${text}`)?.[1] ?? 'a CUDA extension';
}
