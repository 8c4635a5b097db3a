/**
 * Publishers whose base images `official-base-image` accepts without configuration, besides the Docker Official
 * Images: Docker Hub's Verified Publishers and the vendors' own registries that ML and Python teams are told to
 * build on. Each row names where the images are published by the vendor itself.
 *
 * To add a publisher: one row, with `images` a registry host (`nvcr.io`), a host and namespace (`quay.io/jupyter`),
 * or a Docker Hub namespace written `docker.io/<namespace>`, and `source` a page of the vendor's that documents the
 * images. A `*` stands for one host label or path part (`*.dkr.ecr.*.amazonaws.com`).
 */

export interface ImagePublisher {
  /** Registry host, host and namespace prefix, or `docker.io/<namespace>`; `*` matches one label or part. */
  readonly images: string;
  /** Who publishes them, for messages and docs. */
  readonly publisher: string;
  /** The vendor's page that documents these images. */
  readonly source: string;
}

/** The day the rows were last checked against their sources. */
export const checked = '2026-12-07';

export const IMAGE_PUBLISHERS: readonly ImagePublisher[] = [
  { images: 'nvcr.io', publisher: 'NVIDIA NGC', source: 'https://catalog.ngc.nvidia.com/containers' },
  { images: 'docker.io/nvidia', publisher: 'NVIDIA', source: 'https://hub.docker.com/u/nvidia' },
  { images: 'docker.io/pytorch', publisher: 'PyTorch', source: 'https://hub.docker.com/r/pytorch/pytorch' },
  { images: 'docker.io/tensorflow', publisher: 'TensorFlow', source: 'https://www.tensorflow.org/install/docker' },
  { images: 'quay.io/jupyter', publisher: 'Jupyter Docker Stacks', source: 'https://jupyter-docker-stacks.readthedocs.io/en/latest/using/selecting.html' },
  { images: 'docker.io/jupyter', publisher: 'Jupyter Docker Stacks (before 2023)', source: 'https://jupyter-docker-stacks.readthedocs.io/en/latest/using/selecting.html' },
  { images: 'docker.io/condaforge', publisher: 'conda-forge', source: 'https://github.com/conda-forge/miniforge-images' },
  { images: 'docker.io/continuumio', publisher: 'Anaconda', source: 'https://hub.docker.com/u/continuumio' },
  { images: 'docker.io/mambaorg', publisher: 'mamba', source: 'https://micromamba-docker.readthedocs.io/' },
  { images: 'mcr.microsoft.com', publisher: 'Microsoft', source: 'https://mcr.microsoft.com/' },
  { images: 'registry.access.redhat.com', publisher: 'Red Hat', source: 'https://catalog.redhat.com/software/base-images' },
  { images: 'registry.redhat.io', publisher: 'Red Hat', source: 'https://access.redhat.com/RegistryAuthentication' },
  { images: 'docker.io/redhat', publisher: 'Red Hat', source: 'https://hub.docker.com/u/redhat' },
  { images: 'gcr.io/distroless', publisher: 'Google distroless', source: 'https://github.com/GoogleContainerTools/distroless' },
  { images: 'cgr.dev/chainguard', publisher: 'Chainguard', source: 'https://images.chainguard.dev/' },
  { images: 'public.ecr.aws/lambda', publisher: 'AWS Lambda', source: 'https://gallery.ecr.aws/lambda/python' },
  { images: 'public.ecr.aws/amazonlinux', publisher: 'Amazon Linux', source: 'https://gallery.ecr.aws/amazonlinux/amazonlinux' },
  { images: 'docker.io/amazon', publisher: 'Amazon', source: 'https://hub.docker.com/u/amazon' },
  { images: '763104351884.dkr.ecr.*.amazonaws.com', publisher: 'AWS Deep Learning Containers', source: 'https://github.com/aws/deep-learning-containers/blob/master/available_images.md' },
  { images: 'us-docker.pkg.dev/deeplearning-platform-release', publisher: 'Google Deep Learning Containers', source: 'https://cloud.google.com/deep-learning-containers/docs/choosing-container' },
  { images: 'gcr.io/deeplearning-platform-release', publisher: 'Google Deep Learning Containers', source: 'https://cloud.google.com/deep-learning-containers/docs/choosing-container' },
  { images: 'gcr.io/google.com/cloudsdktool', publisher: 'Google Cloud SDK', source: 'https://cloud.google.com/sdk/docs/downloads-docker' },
  { images: 'ghcr.io/astral-sh', publisher: 'Astral (uv)', source: 'https://docs.astral.sh/uv/guides/integration/docker/' },
  { images: 'docker.io/bitnami', publisher: 'Bitnami', source: 'https://hub.docker.com/u/bitnami' },
  { images: 'docker.io/huggingface', publisher: 'Hugging Face', source: 'https://hub.docker.com/u/huggingface' },
  { images: 'ghcr.io/huggingface', publisher: 'Hugging Face', source: 'https://huggingface.co/docs/text-generation-inference/installation_nvidia' },
  { images: 'docker.io/rocm', publisher: 'AMD ROCm', source: 'https://rocm.docs.amd.com/projects/install-on-linux/en/latest/install/3rd-party/pytorch-install.html' },
  { images: 'docker.io/vllm', publisher: 'vLLM', source: 'https://docs.vllm.ai/en/latest/deployment/docker.html' },
  { images: 'docker.io/rayproject', publisher: 'Ray', source: 'https://docs.ray.io/en/latest/ray-overview/installation.html#docker-source-images' },
  { images: 'docker.io/apache', publisher: 'Apache Software Foundation', source: 'https://hub.docker.com/u/apache' },
  { images: 'docker.io/cimg', publisher: 'CircleCI', source: 'https://circleci.com/developer/images' },
  { images: 'docker.io/docker', publisher: 'Docker', source: 'https://hub.docker.com/u/docker' },
  { images: 'docker.io/google', publisher: 'Google Cloud SDK', source: 'https://cloud.google.com/sdk/docs/downloads-docker' },
  { images: 'docker.io/intel', publisher: 'Intel', source: 'https://hub.docker.com/u/intel' },
  { images: 'public.ecr.aws/deep-learning-containers', publisher: 'AWS Deep Learning Containers', source: 'https://gallery.ecr.aws/deep-learning-containers' },
  { images: 'registry.fedoraproject.org', publisher: 'Fedora Project', source: 'https://docs.fedoraproject.org/en-US/fedora/latest/' },
  { images: 'quay.io/fedora', publisher: 'Fedora Project', source: 'https://quay.io/organization/fedora' },
  { images: 'quay.io/centos', publisher: 'CentOS Project', source: 'https://quay.io/organization/centos' },
];
