import { defineRule } from '../src/engine/rule.js';
import type { Instruction, Stage } from '../src/model/dockerfile.js';
import { officialImageName } from '../src/model/image-ref.js';
import { stageLineage } from '../src/model/stages.js';

/**
 * Programs that start a long-running server, with the first operand they need to do so
 * (undefined: any use of the program is a server).
 */
const SERVERS: ReadonlyMap<string, ReadonlySet<string> | undefined> = new Map<string, ReadonlySet<string> | undefined>([
  ...['gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'waitress-serve', 'uwsgi', 'granian', 'nginx', 'httpd', 'apache2-foreground',
    'caddy', 'traefik', 'haproxy', 'envoy', 'php-fpm', 'puma', 'unicorn', 'catalina.sh', 'standalone.sh', 'redis-server',
    'postgres', 'mysqld', 'mongod', 'memcached', 'rabbitmq-server', 'tritonserver', 'torchserve', 'tensorflow_model_server',
    'text-generation-launcher', 'tensorboard', 'jupyterhub', 'voila', 'gradio', 'http-server', 'code-server', 'grafana-server',
    'prometheus', 'start-notebook.sh', 'start-notebook.py', 'start-singleuser.sh', 'start-singleuser.py', 'serve'].map(
    (name) => [name, undefined] as const,
  ),
  ['flask', new Set(['run'])],
  ['streamlit', new Set(['run'])],
  ['chainlit', new Set(['run'])],
  ['panel', new Set(['serve'])],
  ['bokeh', new Set(['serve'])],
  ['mlflow', new Set(['server', 'ui'])],
  ['jupyter', new Set(['notebook', 'lab', 'server', 'nbclassic'])],
  ['rails', new Set(['server', 's'])],
  ['hugo', new Set(['server'])],
  ['mkdocs', new Set(['serve'])],
  ['jekyll', new Set(['serve'])],
  ['vllm', new Set(['serve'])],
  ['bentoml', new Set(['serve'])],
  ['minio', new Set(['server'])],
  ['vault', new Set(['server'])],
  ['consul', new Set(['agent'])],
  ['npm', new Set(['start'])],
  ['yarn', new Set(['start'])],
  ['pnpm', new Set(['start'])],
  ['next', new Set(['start'])],
  ['nuxt', new Set(['start'])],
]);

/** `python -m <module>` that serves. */
const SERVER_MODULES = new Set(['http.server', 'uvicorn', 'gunicorn', 'flask', 'streamlit', 'jupyter', 'jupyterlab', 'notebook', 'mlflow', 'tensorboard', 'vllm.entrypoints.openai.api_server', 'vllm.entrypoints.api_server', 'SimpleHTTPServer']);

/** Official images that run a server by default (`FROM nginx` with no CMD of its own). */
const SERVER_IMAGES = new Set([
  'nginx', 'httpd', 'caddy', 'traefik', 'haproxy', 'tomcat', 'jetty', 'redis', 'postgres', 'mysql', 'mariadb', 'mongo', 'rabbitmq',
  'memcached', 'elasticsearch', 'kibana', 'grafana', 'registry', 'ghost', 'wordpress', 'drupal', 'nextcloud', 'sonarqube', 'solr',
  'couchdb', 'neo4j', 'influxdb', 'cassandra', 'zookeeper', 'nats', 'consul', 'vault', 'minio', 'keycloak',
]);

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
in any stage of that chain counts, \`HEALTHCHECK NONE\` too (it says the choice was made). A \`HEALTHCHECK\` that the base image defines cannot be seen and is not taken into account.

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
    const evidence = serviceEvidence(chain);
    if (evidence.length === 0) return;
    const port = exposedPort(instructions) ?? '<port>';
    const noneInFile = !file.instructions.some((i) => i.keyword === 'HEALTHCHECK');
    context.report({
      range: final.from.keywordRange,
      message: `The final image ${evidence.join(' and ')}, but has no \`HEALTHCHECK\`: add one that asks the server itself, e.g. \`HEALTHCHECK CMD curl -fsS http://localhost:${port}/ || exit 1\` (or \`HEALTHCHECK NONE\` when an orchestrator probes it)`,
      aliases: noneInFile ? ['DL3057', 'DS-0026', 'CKV_DOCKER_2'] : ['DL3057'],
    });
  },
});

/** What shows that the image built from a chain of stages runs a server, as phrases for the message. */
export function serviceEvidence(chain: readonly Stage[]): string[] {
  const instructions = chain.flatMap((s) => s.instructions);
  const evidence: string[] = [];
  const expose = instructions.find((i) => i.keyword === 'EXPOSE');
  if (expose) evidence.push(`exposes ${expose.args.length > 1 ? 'ports' : 'port'} ${expose.args.map((w) => w.value).join(' ')} (line ${expose.line})`);
  const entrypoint = lastOf(instructions, 'ENTRYPOINT');
  const cmd = lastOf(instructions, 'CMD');
  // An exec-form CMD gives the exec-form ENTRYPOINT its arguments: `ENTRYPOINT ["streamlit"]` + `CMD ["run", "app.py"]`.
  const cmdArgs = entrypoint?.execForm && cmd?.execForm ? cmd.execForm.map((w) => w.value) : [];
  const starts: [Instruction, readonly string[]][] = [];
  if (entrypoint) starts.push([entrypoint, cmdArgs]);
  if (cmd) starts.push([cmd, []]);
  for (const [start, extra] of starts) {
    const server = (start.script?.commands ?? [])
      .map((c) => serverCommand(c.name, [...c.args.map((w) => w.value), ...(c.nesting === 'top' ? extra : [])]))
      .find((s) => s !== undefined);
    if (server) {
      evidence.push(`runs \`${server}\` (line ${start.line})`);
      break;
    }
  }
  if (evidence.length === 0) {
    const base = officialImageName(chain[0].image);
    if (base && SERVER_IMAGES.has(base) && starts.length === 0) evidence.push(`is built on \`${base}\`, which runs a server`);
  }
  return evidence;
}

function lastOf(instructions: readonly Instruction[], keyword: string): Instruction | undefined {
  for (let i = instructions.length - 1; i >= 0; i--) if (instructions[i].keyword === keyword) return instructions[i];
  return undefined;
}

/**
 * The server a command starts, as a short phrase (`gunicorn`, `flask run`, `python -m http.server`), or undefined.
 * `args` are the command's argument values.
 */
function serverCommand(name: string, args: readonly string[]): string | undefined {
  const operands = args.filter((a) => !a.startsWith('-'));
  if (SERVERS.has(name)) {
    const needs = SERVERS.get(name);
    if (needs === undefined) return name;
    const sub = operands.find((o) => needs.has(o));
    return sub === undefined ? undefined : `${name} ${sub}`;
  }
  // A program named for what it is: `/server`, `/app/server`, `./server.py`.
  if (SERVER_PROGRAM.test(name)) return name;
  if (/^python[0-9.]*$/.test(name)) {
    const m = args.indexOf('-m');
    if (m >= 0) return SERVER_MODULES.has(args[m + 1] ?? '') ? `${name} -m ${args[m + 1]}` : undefined;
    // `python server.py`, `python manage.py runserver`
    if (SERVER_PROGRAM.test(operands[0] ?? '')) return `${name} ${operands[0]}`;
    return /(^|\/)manage\.py$/.test(operands[0] ?? '') && operands[1] === 'runserver' ? `${name} ${operands[0]} runserver` : undefined;
  }
  if (name === 'php') {
    if (args.includes('-S')) return 'php -S';
    return operands[0]?.endsWith('artisan') === true && operands[1] === 'serve' ? 'php artisan serve' : undefined;
  }
  // `node server.js`, `node ./bin/www`, `node dist/main.js`
  if (name === 'node' || name === 'bun' || name === 'deno') {
    const script = operands.at(-1) ?? '';
    return /(^|\/)(server|app|index|main|www)(\.[cm]?[jt]s)?$/.test(script) ? `${name} ${script}` : undefined;
  }
  if (name === 'bundle' && operands[0] === 'exec' && SERVERS.has(operands[1] ?? '')) {
    const needs = SERVERS.get(operands[1]);
    return needs === undefined || needs.has(operands[2] ?? '') ? `bundle exec ${operands.slice(1, needs ? 3 : 2).join(' ')}` : undefined;
  }
  return undefined;
}

/** A program or script whose file is named `server`: `/server`, `/app/server`, `server.py`, `./src/server.js`. */
const SERVER_PROGRAM = /(^|\/)server(\.(py|[cm]?[jt]s))?$/;

/** The first port an EXPOSE names, for the suggested command. */
function exposedPort(instructions: readonly Instruction[]): string | undefined {
  for (const i of instructions) {
    if (i.keyword !== 'EXPOSE') continue;
    const port = i.expand(i.args[0]?.value ?? '').split('/')[0];
    if (/^\d+$/.test(port)) return port;
  }
  return undefined;
}
