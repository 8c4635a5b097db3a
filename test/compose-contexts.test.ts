/**
 * Compose and Bake files give Dockerfiles their build contexts (src/discover/compose-contexts.ts): the forms of
 * `build`, the files looked for (above the Dockerfile, and anywhere the walk found them), what is not used (remote
 * and outside contexts, broken YAML), and the order; then, end to end, Compose files as linted files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeContexts } from '../src/discover/compose-contexts.js';
import { discover } from '../src/discover/discover.js';
import { parseCompose } from '../src/model/compose.js';
import { lint } from '../src/index.js';
import { tempDir } from './support/cli-process.js';

async function contexts(files: Record<string, string>, options: { walk?: boolean } = {}) {
  const dir = tempDir(files, 'dockerlint-compose-');
  const notes: string[] = [];
  const buildFiles = options.walk ? (await discover(['.'], { cwd: dir })).buildFiles : [];
  const compose = new ComposeContexts(
    (text) => notes.push(text),
    (p) => p.slice(dir.length + 1) || '.',
    (p) => parseCompose(readFileSync(p, 'utf8'), p),
    buildFiles,
  );
  const rel = (p: string) => p.slice(dir.length);
  return {
    dir,
    notes,
    of: (dockerfile: string) => {
      const context = compose.contextOf(join(dir, dockerfile), dir);
      return context === undefined ? undefined : rel(context);
    },
    all: (dockerfile: string) => compose.contextsOf(join(dir, dockerfile), dir).map((o) => `${rel(o.context)} from ${rel(o.file)} ${o.name}`),
  };
}

describe('build contexts from Compose files', () => {
  it('reads build as a path, and as context with dockerfile, relative to the Compose file', async () => {
    const { of, notes } = await contexts({
      'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n  worker:\n    build: ./worker\n  db:\n    image: postgres:16\n',
    });
    expect(of('docker/api.Dockerfile')).toBe('');
    expect(of('worker/Dockerfile')).toBe('/worker');
    // A Dockerfile no service builds keeps its own directory (the caller's default).
    expect(of('other/Dockerfile')).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('finds docker-compose.yml and -f style names in a parent directory, the first file in name order winning', async () => {
    const { of, all } = await contexts({
      'docker-compose.prod.yml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: services/app/Dockerfile\n',
      'docker-compose.yml': 'services:\n  api:\n    build:\n      context: services/app\n',
      'services/app/.keep': '',
    });
    // Both name services/app/Dockerfile, two directories down; docker-compose.prod.yml sorts first.
    expect(of('services/app/Dockerfile')).toBe('');
    expect(all('services/app/Dockerfile')).toEqual([' from /docker-compose.prod.yml api', '/services/app from /docker-compose.yml api']);
  });

  it('uses Compose files in sibling directories that the walk found (deploy/compose.yaml building ../app), and -f names with a dash', async () => {
    const { of, all } = await contexts(
      {
        'deploy/compose.yaml': 'services:\n  app:\n    build:\n      context: ..\n      dockerfile: app/Dockerfile\n',
        'ops/docker-compose-dev.yml': 'services:\n  app:\n    build: ../app\n',
        'app/Dockerfile': 'FROM scratch\n',
      },
      { walk: true },
    );
    // Neither is above app/: both come from the walk, in path order.
    expect(of('app/Dockerfile')).toBe('');
    expect(all('app/Dockerfile')).toEqual([' from /deploy/compose.yaml app', '/app from /ops/docker-compose-dev.yml app']);
  });

  it('reads docker-bake.json targets below Compose files, and prefers a Compose file above the Dockerfile to one elsewhere', async () => {
    const { all } = await contexts(
      {
        'docker-bake.json': JSON.stringify({ group: { default: { targets: ['api'] } }, target: { api: { context: '.', dockerfile: 'svc/api/Dockerfile' } } }),
        'svc/compose.yaml': 'services:\n  api:\n    build:\n      context: api\n',
        'other/compose.yaml': 'services:\n  api:\n    build:\n      context: ../svc\n      dockerfile: api/Dockerfile\n',
        'svc/api/Dockerfile': 'FROM scratch\n',
      },
      { walk: true },
    );
    expect(all('svc/api/Dockerfile')).toEqual(['/svc/api from /svc/compose.yaml api', '/svc from /other/compose.yaml api', ' from /docker-bake.json api']);
  });

  it('does not use a remote context, a context outside the linted tree, a file that is not valid YAML or JSON, or a dockerfile_inline build', async () => {
    const { dir, of, notes } = await contexts({
      'compose.yaml':
        'services:\n  a:\n    build: https://github.com/acme/app.git\n  b:\n    build:\n      context: ../../elsewhere\n      dockerfile: b/Dockerfile\n  c:\n    build:\n      context: c\n      dockerfile_inline: "FROM scratch"\n',
      'sub/compose.yml': 'services: [\n',
      'sub/docker-bake.json': '{ "target": ',
    });
    mkdirSync(join(dir, 'sub', 'x'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'x', 'Dockerfile'), 'FROM scratch\n');
    expect(of('Dockerfile')).toBeUndefined();
    expect(of('c/Dockerfile')).toBeUndefined();
    expect(of('sub/x/Dockerfile')).toBeUndefined();
    expect(notes).toEqual([
      'compose.yaml: build context "../../elsewhere" is outside the linted tree (.): not used',
      'sub/docker-bake.json: invalid JSON: Unexpected end of JSON input: the build contexts it names are not used',
    ]);
  });

  it('reads each file once however many Dockerfiles ask', async () => {
    const { of, notes } = await contexts({ 'compose.yaml': 'services:\n  a:\n    build: ../../../out\n' });
    of('a/Dockerfile');
    of('b/Dockerfile');
    of('Dockerfile');
    expect(notes).toHaveLength(1);
  });
});

describe('discovery of Compose and Bake files', () => {
  it('lists Compose files as linted files and both as build files, whatever kind is asked for', async () => {
    const dir = tempDir({ 'compose.yaml': 'services: {}\n', 'deploy/docker-compose.prod.yml': '', 'docker-bake.json': '{}', 'docker-bake.hcl': '', 'Dockerfile': 'FROM scratch\n' });
    const all = await discover(['.'], { cwd: dir });
    expect(all.files.map((f) => `${f.path.slice(dir.length + 1)} ${f.kind}`)).toEqual(['Dockerfile dockerfile', 'compose.yaml compose', 'deploy/docker-compose.prod.yml compose']);
    expect(all.buildFiles.map((p) => p.slice(dir.length + 1))).toEqual(['compose.yaml', 'deploy/docker-compose.prod.yml', 'docker-bake.json']);
    const dockerfiles = await discover(['.'], { cwd: dir, kind: 'dockerfile' });
    expect(dockerfiles.files.map((f) => f.kind)).toEqual(['dockerfile']);
    expect(dockerfiles.buildFiles).toHaveLength(3);
  });
});

describe('Compose files as linted files', () => {
  const run = async (files: Record<string, string>) => {
    const dir = tempDir(files, 'dockerlint-compose-lint-');
    const result = await lint(['.'], { cwd: dir, config: false });
    return {
      findings: result.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line}:${x.range.start.column}-${x.range.end.line}:${x.range.end.column} ${x.rule}`)),
      notes: result.notes,
      kinds: result.files.map((f) => `${f.path} ${f.kind}`),
    };
  };

  it('reports invalid YAML as a finding on the file, not a crash, and gives its Dockerfiles their own folder', async () => {
    const { findings, notes, kinds } = await run({ 'compose.yaml': 'services:\n  api:\n    build: .\n   image: x\n', 'Dockerfile': 'FROM scratch\n' });
    expect(kinds).toEqual(['Dockerfile dockerfile', 'compose.yaml compose']);
    expect(findings.filter((f) => f.startsWith('compose.yaml'))).toEqual(['compose.yaml:4:1-4:1 compose-invalid']);
    expect(notes).toEqual([]);
  });

  it('reports an alias bomb as invalid, without expanding it', async () => {
    let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let i = 1; i < 10; i++) text += `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(',')}]\n`;
    const { findings } = await run({ 'compose.yaml': `${text}services:\n  x:\n    image: redis:7\n    labels: *j\n` });
    expect(findings).toEqual(['compose.yaml:1:1-1:1 compose-invalid']);
  });

  it('reports a top level that is not a mapping', async () => {
    const { findings } = await run({ 'compose.yaml': '- services\n' });
    expect(findings).toEqual(['compose.yaml:1:1-1:11 compose-invalid']);
  });

  it('lints a dockerfile_inline | block at its lines in the Compose file, with CRLF line ends too', async () => {
    const text = 'services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM python:3.12-slim\n\n        COPY req.txt .\n        USER 1000\n';
    for (const eol of ['\n', '\r\n']) {
      const { findings, notes } = await run({ 'compose.yaml': text.split('\n').join(eol), 'req.txt': '', '.dockerignore': '.git\n' });
      expect(notes).toEqual([]);
      expect(findings).toEqual(['compose.yaml:8:22-8:23 copy-relative-without-workdir']);
    }
  });

  it('does not lint a folded or escaped dockerfile_inline, and says so', async () => {
    const { findings, notes } = await run({
      'compose.yaml': 'services:\n  a:\n    build:\n      dockerfile_inline: >\n        FROM python\n  b:\n    build:\n      dockerfile_inline: "FROM python\\nUSER 1"\n  c:\n    build:\n      dockerfile_inline: FROM python\n',
    });
    expect(notes).toEqual([
      'compose.yaml: service "a": dockerfile_inline is not linted: it is a folded `>` block, whose lines YAML joins',
      'compose.yaml: service "b": dockerfile_inline is not linted: it is a quoted or multi-line value whose lines cannot be mapped exactly (write it as a `|` block)',
    ]);
    // A one-line plain value maps exactly.
    expect(findings.filter((f) => f.includes('mutable-tag'))).toEqual(['compose.yaml:11:31-11:37 mutable-tag']);
  });

  it('gives a Dockerfile built from a sibling directory its context, so COPY sources are found there', async () => {
    const { findings } = await run({
      'deploy/compose.yaml': 'services:\n  api:\n    build:\n      context: ..\n      dockerfile: docker/api.Dockerfile\n',
      'docker/api.Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nUSER 1000\n',
      'requirements.txt': 'flask==3.0.0\n',
      '.dockerignore': '.git\n',
    });
    expect(findings).toEqual([]);
  });

  it('lints a Dockerfile built in two contexts once per context where the findings differ, and says in which', async () => {
    const dir = tempDir(
      {
        'deploy/compose.yaml': 'services:\n  dev:\n    build: ../app\n  prod:\n    build:\n      context: ..\n      dockerfile: app/Dockerfile\n',
        'app/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\nUSER 1000\n',
        'app/requirements.txt': 'flask==3.0.0\n',
        'requirements.txt': 'flask==3.0.0\n',
        '.dockerignore': '.git\nrequirements.txt\n',
      },
      'dockerlint-compose-lint-',
    );
    const result = await lint(['.'], { cwd: dir, config: false });
    const findings = result.files.flatMap((f) => f.findings.map((x) => `${f.path} ${x.rule} ${JSON.stringify(x.contexts)}`));
    // The root's .dockerignore excludes requirements.txt (prod only); app/ has no .dockerignore (dev only); the rest holds in both.
    expect(findings.sort()).toEqual(['app/Dockerfile copy-ignored-file ["."]', 'app/Dockerfile missing-dockerignore ["app"]']);
  });
});
