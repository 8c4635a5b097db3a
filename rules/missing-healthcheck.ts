import { defineRule } from '../src/engine/rule.js';
import type { Instruction, Stage } from '../src/model/dockerfile.js';
import { officialImageName } from '../src/model/image-ref.js';
import { installedPackageNames } from '../src/model/package-spec.js';
import { baseDefinesHealthcheck, serviceEvidence } from '../src/model/services.js';
import { stageLineage } from '../src/model/stages.js';

export default defineRule({
  meta: {
    id: 'missing-healthcheck',
    aliases: ['DL3057', 'DS-0026', 'CKV_DOCKER_2'],
    severity: 'info',
    category: 'maintainability',
    summary: 'Image of a server without `HEALTHCHECK`',
    fixable: false,
    docs: {
      rationale: `Without a \`HEALTHCHECK\`, Docker only knows whether the main process is alive, not whether it still answers: a
server that hangs, deadlocks or lost its database connection keeps running as "healthy", and \`docker compose\`
(\`depends_on: condition: service_healthy\`), Swarm and other schedulers cannot restart it or hold traffic back.
A \`HEALTHCHECK\` that asks the server itself (\`curl -fsS http://localhost:8000/health\`, or a small script in the
image's own language when it has no \`curl\`) makes the container's state mean something. Kubernetes ignores
\`HEALTHCHECK\` and uses its own probes; add \`HEALTHCHECK NONE\` to say so when that is the plan.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]`,
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')" || exit 1\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]`,
      notes: `Only the final image is looked at (the last stage, with the stages it is built on), and only when it is a
service: it has an \`EXPOSE\`, its \`CMD\`/\`ENTRYPOINT\` starts a server (gunicorn, uvicorn, hypercorn, daphne, uwsgi,
waitress, \`flask run\`, \`python -m http.server\`, \`manage.py runserver\`, streamlit, gradio, Jupyter, MLflow, TensorBoard,
Triton, TorchServe, TGI, vLLM, BentoML, \`npm start\`, \`next start\`, \`node server.js\`, \`rails server\`, puma, php-fpm,
\`php -S\`, nginx, httpd, caddy, traefik, databases, a program named \`server\` such as \`/app/server\` or
\`python server.py\`...; an exec-form \`CMD\` is read as the arguments of an exec-form \`ENTRYPOINT\`, as Docker runs
them), or it is built on an official server image (\`nginx\`, \`httpd\`, \`postgres\`, \`redis\`...). A \`HEALTHCHECK\`
in any stage of that chain counts, \`HEALTHCHECK NONE\` too (it says the choice was made). A \`HEALTHCHECK\` that the base image
defines cannot be seen, except for images known to define one: Jupyter's docker-stacks images (\`quay.io/jupyter/*\`,\n\`jupyter/*\`) are not reported.

The suggested probe is one the image can run: \`curl\` when a stage of the chain installs it or the base is a full
(not slim, not Alpine) official image that has it (\`python:3.12\`, \`node:22\`); busybox \`wget\` on Alpine; a \`python -c\`
one-liner in Python images; \`node -e\` with \`fetch\` in Node.js images; else \`curl\`, with a reminder to install it.

The finding is at the final stage's \`FROM\`: the stage as a whole lacks the instruction, and \`# hadolint ignore=DL3057\`
or \`# dockerlint ignore=missing-healthcheck\` above that line silences it.`,
      differences: `hadolint DL3057 (off by default) reports every stage without a \`HEALTHCHECK\` (unless it is built on a
stage that has one); Trivy DS-0026 and Checkov CKV_DOCKER_2 report a file with no \`HEALTHCHECK\` at all. We report the
final image of a service only, once, at the final stage's \`FROM\`. So hadolint alone reports:
- a stage the final stage is built on (\`FROM base\` ... \`FROM base\`): it is judged as part of the final image;
- a build stage that is neither the final stage nor one it is built on: it does not ship (an image built with
  \`--target\` is not looked at either);
- a final image with no \`EXPOSE\`, \`CMD\` or \`ENTRYPOINT\`: a base or tool image, which has no server to ask;
- a final image with no \`EXPOSE\` whose \`CMD\`/\`ENTRYPOINT\` starts none of the servers listed above: a batch job, a
  CLI, a shell, an entrypoint script whose command we cannot see, or an app that may serve but does not say so
  (\`java -jar app.jar\`, \`dotnet app.dll\`); an \`EXPOSE\` tells us it does.
Trivy's DS-0026 and Checkov's CKV_DOCKER_2 report every Dockerfile without a \`HEALTHCHECK\`, whatever the image is
for (build, CI and base images, tools); a finding here carries DS-0026 and CKV_DOCKER_2 only when the file has no
\`HEALTHCHECK\` anywhere (the case they report).`,
    },
  },
  checkDockerfile(file, context) {
    const final = file.stages.at(-1);
    if (!final) return;
    const chain = stageLineage(final);
    const instructions = chain.flatMap((s) => s.instructions);
    if (instructions.some((i) => i.keyword === 'HEALTHCHECK')) return;
    if (baseDefinesHealthcheck(chain)) return;
    const evidence = serviceEvidence(chain);
    if (evidence.length === 0) return;
    const port = exposedPort(instructions) ?? '<port>';
    const noneInFile = !file.instructions.some((i) => i.keyword === 'HEALTHCHECK');
    context.report({
      range: final.from.keywordRange,
      message: `The final image ${evidence.join(' and ')}, but has no \`HEALTHCHECK\`: add one that asks the server itself, e.g. ${suggestion(probe(chain, port), port)} (or \`HEALTHCHECK NONE\` when an orchestrator probes it)`,
      aliases: noneInFile ? ['DL3057', 'DS-0026', 'CKV_DOCKER_2'] : ['DL3057'],
    });
  },
});

/** Official images whose full tags (not \`slim\`, not \`alpine\`) are built on buildpack-deps, which has \`curl\`. */
const CURL_IMAGES = new Set(['python', 'node', 'golang', 'ruby', 'buildpack-deps', 'rust', 'perl', 'gcc']);

/**
 * A probe the image can run: \`curl\` where the image has it (installed by a stage of the chain, or in the full official
 * images), busybox \`wget\` on Alpine, else a one-liner in the image's language (Python, Node.js).
 */
function probe(chain: readonly Stage[], port: string): string | undefined {
  const url = `http://localhost:${port}/`;
  const installed = installedPackageNames(chain);
  const base = chain[0];
  const image = base && !base.isScratch && !base.imageHasUnresolvedVariables ? base.image : undefined;
  const official = image ? (officialImageName(image) ?? '') : '';
  const tag = (image?.tag ?? '').toLowerCase();
  const slim = /slim|alpine|windows|nanoserver/.test(tag);
  if (installed.has('curl') || (CURL_IMAGES.has(official) && !slim)) return `curl -fsS ${url} || exit 1`;
  if (installed.has('wget') || official === 'alpine' || official === 'busybox' || tag.includes('alpine')) return `wget -qO /dev/null ${url} || exit 1`;
  if (official === 'python' || official === 'pypy' || installed.has('python3') || chain.some((s) => /python/.test(s.image.repository))) {
    return `python -c "import urllib.request; urllib.request.urlopen('${url}')" || exit 1`;
  }
  if (official === 'node') return `node -e "fetch('${url}').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`;
  return undefined;
}

/** The suggested instruction; \`curl\`, to be installed, when the image has nothing known to probe with. */
function suggestion(command: string | undefined, port: string): string {
  if (command !== undefined) return `\`HEALTHCHECK CMD ${command}\``;
  return `\`HEALTHCHECK CMD curl -fsS http://localhost:${port}/ || exit 1\` with \`curl\` installed, or a probe in the image's language`;
}

/** The first port an EXPOSE names, for the suggested command. */
function exposedPort(instructions: readonly Instruction[]): string | undefined {
  for (const i of instructions) {
    if (i.keyword !== 'EXPOSE') continue;
    const port = i.expand(i.args[0]?.value ?? '').split('/')[0];
    if (/^\d+$/.test(port)) return port;
  }
  return undefined;
}
