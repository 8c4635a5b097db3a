/**
 * The build contexts that Compose files give Dockerfiles. Each service's `build` (a path, or `context` with
 * `dockerfile`, both relative to the Compose file) names a Dockerfile and the directory it is built from, so a
 * `compose.yaml` at the repository root with `build: { context: ., dockerfile: docker/api.Dockerfile }` makes the
 * root the context of `docker/api.Dockerfile`. Compose files (`compose.yaml`, `docker-compose.yml` and the
 * `-f` style names beside them, such as `docker-compose.prod.yml`) are looked for in the Dockerfile's directory
 * and each parent up to its linted tree. Every read goes through readInputFile (size cap, regular files only),
 * and a context outside the linted tree is not used.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readInputFile } from '../io/read-input.js';
import { parseYaml } from '../io/yaml.js';
import { isInside } from './inside-tree.js';

/** `compose.yaml`, `docker-compose.yml`, `compose.override.yaml`, `docker-compose.prod.yml`... */
const COMPOSE_FILE = /^(?:docker-)?compose(?:\.[A-Za-z0-9_-]+)*\.ya?ml$/;

/** A context that is not a local directory: a Git or HTTP URL, which the linted tree cannot show. */
const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

export class ComposeContexts {
  /** Per directory: the Dockerfiles its Compose files build (absolute path → absolute context). */
  private readonly byDirectory = new Map<string, ReadonlyMap<string, string>>();

  constructor(
    private readonly note: (text: string) => void,
    private readonly show: (path: string) => string,
  ) {}

  /** The context a Compose file in `dockerfile`'s directory or above (up to `top`, the linted tree) builds it from. */
  contextOf(dockerfile: string, top: string): string | undefined {
    for (let dir = dirname(dockerfile); isInside(dir, top); dir = dirname(dir)) {
      const context = this.builds(dir, top).get(dockerfile);
      if (context !== undefined) return context;
      if (dir === top || dirname(dir) === dir) break;
    }
    return undefined;
  }

  private builds(dir: string, top: string): ReadonlyMap<string, string> {
    let builds = this.byDirectory.get(dir);
    if (builds) return builds;
    const found = new Map<string, string>();
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((name) => COMPOSE_FILE.test(name)).sort();
    } catch {
      // An unreadable directory has no Compose file we could use.
    }
    for (const name of names) this.read(join(dir, name), top, found);
    builds = found;
    this.byDirectory.set(dir, builds);
    return builds;
  }

  /** Adds the Dockerfiles that the Compose file `file` builds, with their contexts, to `found` (the first one wins). */
  private read(file: string, top: string, found: Map<string, string>): void {
    const read = readInputFile(file);
    if ('problem' in read) return;
    const parsed = parseYaml(read.text);
    if ('error' in parsed) {
      this.note(`${this.show(file)}: ${parsed.error}: the build contexts it names are not used`);
      return;
    }
    const services = field(parsed.value, 'services');
    if (!isObject(services)) return;
    const dir = dirname(file);
    for (const service of Object.values(services)) {
      const build = field(service, 'build');
      const written = typeof build === 'string' ? build : isObject(build) ? (typeof build.context === 'string' ? build.context : '.') : undefined;
      if (written === undefined || written === '' || REMOTE_CONTEXT.test(written)) continue;
      const context = resolve(dir, written);
      const dockerfile = isObject(build) && typeof build.dockerfile === 'string' && build.dockerfile !== '' ? resolve(context, build.dockerfile) : join(context, 'Dockerfile');
      if (!isInside(context, top)) {
        this.note(`${this.show(file)}: build context "${written}" is outside the linted tree (${this.show(top)}): not used`);
        continue;
      }
      if (!found.has(dockerfile)) found.set(dockerfile, context);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
