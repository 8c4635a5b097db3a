/** Does an image run a long-running server? What its EXPOSE, CMD, ENTRYPOINT and base image show. */
import type { Instruction, Stage } from './dockerfile.js';
import { officialImageName } from './image-ref.js';

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

/** Images that define a `HEALTHCHECK` themselves: Jupyter's docker-stacks images (since 2022). */
const HEALTHCHECK_IMAGES = /^(quay\.io\/jupyter|jupyter)\/[\w.-]+$/;

/** The image a chain of stages is built on defines a `HEALTHCHECK` of its own, as far as is known. */
export function baseDefinesHealthcheck(chain: readonly Stage[]): boolean {
  const base = chain[0];
  if (!base || base.isScratch || base.imageHasUnresolvedVariables) return false;
  const image = base.image;
  return HEALTHCHECK_IMAGES.test((image.registry ? `${image.registry}/${image.repository}` : image.repository).toLowerCase());
}
