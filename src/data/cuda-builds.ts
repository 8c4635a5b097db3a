/**
 * The CUDA release each framework release was built for, as pip installs it from PyPI on Linux x86_64: the
 * `torch` wheel's CUDA (it brings its own CUDA libraries, as `nvidia-*` wheels since 1.13), and the CUDA and cuDNN
 * TensorFlow's tested build configurations name (TensorFlow loads them from the system, unless `tensorflow[and-cuda]`
 * brings them as wheels, from 2.14). Every patch release of a series is built the same way, so a row names the
 * series. A release missing here gives no finding: add a row, with its source, when a release comes out.
 *
 * Not here because the package names it itself: a `+cu118` local version or a `download.pytorch.org/whl/cu118`
 * index (torch, torchvision, torchaudio), the `cuda12`/`cuda12_local` extra of `jax`, the `+cuda12.cudnn89` local
 * version of `jaxlib`, conda's `pytorch-cuda=11.8` and `cudatoolkit=11.3`.
 */

/** The day the rows were last checked against their sources. */
export const checked = '2026-12-07';

export interface CudaBuild {
  /** The PyPI distribution, normalized: `torch`, `tensorflow`, `tensorflow-gpu`. */
  readonly package: 'torch' | 'tensorflow' | 'tensorflow-gpu';
  /** The release series, major.minor: `2.3` stands for 2.3.0, 2.3.1... */
  readonly release: string;
  /** The CUDA release it was built for, major.minor. */
  readonly cuda: string;
  /** The cuDNN release TensorFlow was tested with. */
  readonly cudnn?: string;
  /** Where the fact comes from. */
  readonly source: string;
}

const PYTORCH_VERSIONS = 'https://pytorch.org/get-started/previous-versions/';
const TENSORFLOW_CONFIGURATIONS = 'https://www.tensorflow.org/install/source#gpu';

export const cudaBuilds: readonly CudaBuild[] = [
  // torch: the CUDA of the default wheel on PyPI (Linux x86_64).
  { package: 'torch', release: '1.8', cuda: '10.2', source: PYTORCH_VERSIONS },
  { package: 'torch', release: '1.13', cuda: '11.7', source: 'https://github.com/pytorch/test-infra/pull/1145' },
  { package: 'torch', release: '2.0', cuda: '11.7', source: 'https://pypi.org/project/torch/2.0.1/' },
  { package: 'torch', release: '2.1', cuda: '12.1', source: 'https://pypi.org/project/torch/2.1.2/' },
  { package: 'torch', release: '2.2', cuda: '12.1', source: 'https://github.com/pytorch/pytorch/pull/114281' },
  { package: 'torch', release: '2.3', cuda: '12.1', source: 'https://pypi.org/project/torch/2.3.1/' },
  { package: 'torch', release: '2.4', cuda: '12.1', source: 'https://pypi.org/project/torch/2.4.1/' },
  { package: 'torch', release: '2.5', cuda: '12.4', source: 'https://github.com/pytorch/pytorch/pull/138458' },
  { package: 'torch', release: '2.6', cuda: '12.4', source: 'https://pypi.org/project/torch/2.6.0/' },
  { package: 'torch', release: '2.7', cuda: '12.6', source: 'https://github.com/apache/tvm/pull/17905' },
  { package: 'torch', release: '2.8', cuda: '12.8', source: 'https://github.com/mmartial/ComfyUI-Nvidia-Docker/pull/63' },
  // tensorflow-gpu: the GPU build while `tensorflow` was CPU only (1.x, 2.0).
  { package: 'tensorflow-gpu', release: '1.13', cuda: '10.0', cudnn: '7.4', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow-gpu', release: '1.14', cuda: '10.0', cudnn: '7.4', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow-gpu', release: '1.15', cuda: '10.0', cudnn: '7.4', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow-gpu', release: '2.0', cuda: '10.0', cudnn: '7.4', source: TENSORFLOW_CONFIGURATIONS },
  // tensorflow: GPU support included from 2.1 (tensorflow-gpu 2.1-2.11 is the same build).
  { package: 'tensorflow', release: '2.1', cuda: '10.1', cudnn: '7.6', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.2', cuda: '10.1', cudnn: '7.6', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.3', cuda: '10.1', cudnn: '7.6', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.4', cuda: '11.0', cudnn: '8.0', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.5', cuda: '11.2', cudnn: '8.1', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.6', cuda: '11.2', cudnn: '8.1', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.7', cuda: '11.2', cudnn: '8.1', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.8', cuda: '11.2', cudnn: '8.1', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.9', cuda: '11.2', cudnn: '8.1', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.10', cuda: '11.2', cudnn: '8.1', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.11', cuda: '11.2', cudnn: '8.1', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.12', cuda: '11.8', cudnn: '8.6', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.13', cuda: '11.8', cudnn: '8.6', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.14', cuda: '11.8', cudnn: '8.7', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.15', cuda: '12.2', cudnn: '8.9', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.16', cuda: '12.3', cudnn: '8.9', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.17', cuda: '12.3', cudnn: '8.9', source: TENSORFLOW_CONFIGURATIONS },
  { package: 'tensorflow', release: '2.18', cuda: '12.5', cudnn: '9.3', source: TENSORFLOW_CONFIGURATIONS },
];
