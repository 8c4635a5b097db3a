import { defineRule } from '../src/engine/rule.js';
import type { Stage } from '../src/model/dockerfile.js';

/**
 * Base images known to set a non-root USER themselves: distroless `:nonroot` tags, images named
 * unprivileged or rootless, Chainguard, Bitnami, Jupyter, CircleCI and Jenkins images.
 */
const NON_ROOT_IMAGE = /nonroot|non-root|rootless|unprivileged|^cgr\.dev\/chainguard\/|(^|\/)(bitnami|jupyter|cimg)\/|^jenkins\/jenkins/i;

/** Windows images have no root user; their default (ContainerUser on Nano Server) is another matter. */
const WINDOWS_IMAGE = /(^|\/)windows\/|nanoserver|servercore/i;

export default defineRule({
  meta: {
    id: 'run-as-root',
    aliases: ['CKV_DOCKER_3', 'DS-0002'],
    severity: 'warning',
    category: 'security',
    summary: 'The final image never switches to a non-root `USER`',
    fixable: false,
    docs: {
      rationale: `Without a \`USER\` instruction a container runs as \`root\` (unless the base image sets a user). A process
running as root inside the container can change any file of the image, read everything mounted into it, and turns any
weakness of the container runtime or kernel into a way out with root rights on the host. Kubernetes'
\`runAsNonRoot\` refuses to start such an image at all. Create an unprivileged user (or use a numeric UID) and switch
to it with \`USER\` after the steps that need root.`,
      bad: `FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]`,
      good: `FROM python:3.12-slim\nRUN useradd --uid 10001 --no-create-home app\nCOPY . /app\nUSER 10001\nCMD ["python", "/app/main.py"]`,
      notes: `Looks at the final stage, the image \`docker build\` produces by default, and the stages it is built on
(\`FROM base\`): reported at the final stage's base image when none of them has a \`USER\`. An image that ends with
\`USER root\` is left to \`last-user-root\`.

\`FROM scratch\` images are reported too: a static binary copied into an empty image still runs as UID 0; add
\`USER 65532:65532\` (no \`/etc/passwd\` entry is needed for a numeric user). The base image's own user cannot be seen
from the Dockerfile, so images known to set a non-root user are not reported: names or tags with \`nonroot\`,
\`non-root\`, \`rootless\` or \`unprivileged\` (\`gcr.io/distroless/static:nonroot\`, \`nginxinc/nginx-unprivileged\`),
and \`cgr.dev/chainguard/*\`, \`bitnami/*\`, \`jupyter/*\`, \`cimg/*\` and \`jenkins/jenkins\` images. Nor are
Windows images (\`nanoserver\`, \`servercore\`), or a base image named by a variable without a value
(\`FROM $BASE_IMAGE\`), whose user cannot be known.`,
      differences: `Checkov (CKV_DOCKER_3) and Trivy (DS-0002) report a file with no \`USER\` anywhere, so a \`USER\` in a
build stage satisfies them even when the final image runs as root; they do not know non-root base images. A finding
carries \`CKV_DOCKER_3\` and \`DS-0002\` only when the file has no \`USER\` at all.

Checkov also reports, and this rule leaves alone: images on a non-root base image (\`*:nonroot\`, \`bitnami/*\`, \`cimg/*\`...),
Windows images, which have no root user, base images named by a variable without a value, and files without a \`FROM\`
(\`invalid-instruction\` reports those).`,
    },
  },
  checkDockerfile(file, context) {
    const final = file.stages[file.stages.length - 1];
    if (!final) return;
    const chain: Stage[] = [];
    for (let s: Stage | undefined = final; s; s = s.parent) chain.push(s);
    if (chain.some((s) => s.instructions.some((i) => i.keyword === 'USER'))) return;
    const base = chain[chain.length - 1];
    const image = base.imageText;
    const scratch = base.isScratch;
    if (!scratch && (NON_ROOT_IMAGE.test(image) || WINDOWS_IMAGE.test(image))) return;
    // A base image named only by a variable without a value (`FROM $BASE_IMAGE`) may set any user.
    if (base.from.expand(image).startsWith('$')) return;
    const anyUser = file.instructions.some((i) => i.keyword === 'USER');
    const from = base === final ? '' : ` (through stage ${final.parent?.name ? `\`${final.parent.name}\`` : final.parent?.index})`;
    context.report({
      range: final.imageRange,
      message: scratch
        ? `The final image (\`FROM scratch\`) has no USER, so its program runs as UID 0: add e.g. \`USER 65532:65532\``
        : `The final image, built on \`${image}\`${from}, never sets a USER, so its containers run as root: create an unprivileged user and add e.g. \`USER 10001\``,
      aliases: anyUser ? [] : ['CKV_DOCKER_3', 'DS-0002'],
    });
  },
});

