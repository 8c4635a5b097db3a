/**
 * Compose files give Dockerfiles their build contexts (src/discover/compose-contexts.ts): the forms of `build`,
 * the files looked for, what is not used (remote and outside contexts, broken YAML), and the order.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeContexts } from '../src/discover/compose-contexts.js';
import { tempDir } from './support/cli-process.js';

function contexts(files: Record<string, string>): { dir: string; of: (dockerfile: string) => string | undefined; notes: string[] } {
  const dir = tempDir(files, 'dockerlint-compose-');
  const notes: string[] = [];
  const compose = new ComposeContexts((text) => notes.push(text), (p) => p.slice(dir.length + 1) || '.');
  return { dir, of: (dockerfile) => compose.contextOf(join(dir, dockerfile), dir)?.slice(dir.length) ?? undefined, notes };
}

describe('build contexts from Compose files', () => {
  it('reads build as a path, and as context with dockerfile, relative to the Compose file', () => {
    const { of, notes } = contexts({
      'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n  worker:\n    build: ./worker\n  db:\n    image: postgres:16\n',
    });
    expect(of('docker/api.Dockerfile')).toBe('');
    expect(of('worker/Dockerfile')).toBe('/worker');
    // A Dockerfile no service builds keeps its own directory (the caller's default).
    expect(of('other/Dockerfile')).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('finds docker-compose.yml and -f style names in a parent directory, the first file in name order winning', () => {
    const { of } = contexts({
      'docker-compose.prod.yml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: services/app/Dockerfile\n',
      'docker-compose.yml': 'services:\n  api:\n    build:\n      context: services/app\n',
      'services/app/.keep': '',
    });
    // Both name services/app/Dockerfile, two directories down; docker-compose.prod.yml sorts first.
    expect(of('services/app/Dockerfile')).toBe('');
  });

  it('does not use a remote context, a context outside the linted tree, or a file that is not valid YAML', () => {
    const { dir, of, notes } = contexts({
      'compose.yaml': 'services:\n  a:\n    build: https://github.com/acme/app.git\n  b:\n    build:\n      context: ../../elsewhere\n      dockerfile: b/Dockerfile\n',
      'sub/compose.yml': 'services: [\n',
    });
    mkdirSync(join(dir, 'sub', 'x'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'x', 'Dockerfile'), 'FROM scratch\n');
    expect(of('Dockerfile')).toBeUndefined();
    expect(of('sub/x/Dockerfile')).toBeUndefined();
    expect(notes).toEqual([
      'compose.yaml: build context "../../elsewhere" is outside the linted tree (.): not used',
      'sub/compose.yml: invalid YAML at line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]: the build contexts it names are not used',
    ]);
  });

  it('reads each directory once however many Dockerfiles ask', () => {
    const { of, notes } = contexts({ 'compose.yaml': 'services: [\n' });
    of('a/Dockerfile');
    of('b/Dockerfile');
    of('Dockerfile');
    expect(notes).toHaveLength(1);
  });
});
