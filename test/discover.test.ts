import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discover, kindFromContent, kindFromName, type DiscoveryOptions, type FileKind } from '../src/discover/discover.js';

let root: string;

beforeEach(() => {
  // Real path: on macOS the temporary directory is behind a symlink.
  root = realpathSync(mkdtempSync(join(tmpdir(), 'dockerlint-discover-')));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes files (path relative to root → content; a path ending in '/' is a directory). */
function tree(files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    if (path.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Discovers, expects no errors, and lists `relative path: kind` ('/' separators). */
async function found(paths: string[], options: Partial<DiscoveryOptions> = {}): Promise<string[]> {
  const result = await discover(paths, { cwd: root, ...options });
  expect(result.errors).toEqual([]);
  return result.files.map((f) => `${relative(root, f.path).split(sep).join('/')}: ${f.kind}${f.explicit ? ' (explicit)' : ''}`);
}

describe('kindFromName', () => {
  const cases: [string, FileKind | undefined][] = [
    ['Dockerfile', 'dockerfile'],
    ['dockerfile', 'dockerfile'],
    ['DOCKERFILE', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['app.Dockerfile', 'dockerfile'],
    ['python3.11-slim.dockerfile', 'dockerfile'],
    ['base.Containerfile', 'dockerfile'],
    ['Dockerfile.dev', 'dockerfile'],
    ['Dockerfile.3.11', 'dockerfile'],
    ['Dockerfile.template', 'dockerfile'],
    ['Containerfile.gpu', 'dockerfile'],
    ['services/api/Dockerfile.prod', 'dockerfile'],
    ['/abs/path/Dockerfile', 'dockerfile'],
    ['Dockerfile.md', undefined],
    ['Dockerfile.py', undefined],
    ['dockerfile.sh', undefined],
    ['Dockerfile.txt', undefined],
    ['Dockerfile.json', undefined],
    ['Dockerfile.yml', undefined],
    ['Dockerfile.yaml', undefined],
    ['Dockerfile.j2', undefined],
    ['Dockerfile.cpu.jinja2', undefined],
    ['Dockerfile.orig', undefined],
    ['Dockerfile-dev', undefined],
    ['Dockerfile.', undefined],
    ['my-dockerfile', undefined],
    ['.dockerfile', undefined],
    ['.dockerignore', 'dockerignore'],
    ['Dockerfile.dockerignore', 'dockerignore'],
    ['app.Dockerfile.dockerignore', 'dockerignore'],
    ['.containerignore', 'dockerignore'],
    ['Containerfile.containerignore', 'dockerignore'],
    ['requirements.txt', 'requirements'],
    ['Requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['requirements_test.txt', 'requirements'],
    ['requirements3.8.txt', 'requirements'],
    ['dev-requirements.txt', 'requirements'],
    ['test_requirements.txt', 'requirements'],
    ['constraints.txt', 'requirements'],
    ['constraints-3.10.txt', 'requirements'],
    ['pip_constraints.txt', 'requirements'],
    ['requirements/dev.txt', 'requirements'],
    ['project/requirements/torch_cu118_linux.txt', 'requirements'],
    ['requirements/README.txt', undefined],
    ['requirements.in', undefined],
    ['requirements.txt.bak', undefined],
    ['notes.txt', undefined],
    ['docs/dev.txt', undefined],
    ['myrequirements.txt', undefined],
    ['README.md', undefined],
  ];
  it.each(cases)('%s → %s', (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });
});

describe('kindFromContent', () => {
  const cases: [string, string, FileKind][] = [
    ['a Dockerfile', '# syntax=docker/dockerfile:1\nFROM python:3.12\nRUN pip install x\n', 'dockerfile'],
    ['a Dockerfile fragment', 'run apt-get update \\\n  && apt-get install -y curl\n', 'dockerfile'],
    ['a template with instructions', '{% if gpu %}\nFROM nvidia/cuda:12.4\n{% endif %}\n', 'dockerfile'],
    ['pinned requirements', 'flask==3.0.0\nrequests[socks]>=2.31,<3 ; python_version >= "3.8"\n', 'requirements'],
    ['requirements with options', '-r base.txt\n--index-url https://pypi.example/simple\nnumpy==1.26.4 \\\n    --hash=sha256:abc\n', 'requirements'],
    ['requirements with URLs', 'pkg @ https://example.com/pkg.whl\ngit+https://github.com/a/b.git\n', 'requirements'],
    ['bare package names', 'flask\nrequests  # HTTP\n', 'requirements'],
    ['a dockerignore', '# ignore\n.git\nnode_modules\n**/*.pyc\n!keep.txt\n', 'dockerignore'],
    ['a dockerignore of names', 'README.md\nnode_modules\nnpm-debug.log\n*.py[cod]\n', 'dockerignore'],
    ['dotted package names', 'ruamel.yaml\nzope.interface\n', 'requirements'],
    ['empty', '', 'dockerfile'],
    ['only comments', '# nothing\n\n', 'dockerfile'],
    ['one bare word', 'hello\n', 'dockerfile'],
    ['prose', 'This is not a Dockerfile at all.\n', 'dockerfile'],
    ['CRLF and BOM', '\uFEFFFROM alpine\r\nRUN true\r\n', 'dockerfile'],
  ];
  it.each(cases)('%s', (_, text, kind) => {
    expect(kindFromContent(text)).toBe(kind);
  });
});

describe('discover', () => {
  it('walks a directory for the names of the three kinds, sorted', async () => {
    tree({
      'Dockerfile': 'FROM a\n',
      '.dockerignore': '.git\n',
      'Dockerfile.dockerignore': '.git\n',
      'app.Dockerfile': 'FROM a\n',
      'Containerfile': 'FROM a\n',
      'Dockerfile.md': '# docs\n',
      'README.md': '',
      'requirements-dev.txt': 'x==1\n',
      'constraints.txt': 'x==1\n',
      'requirements/dev.txt': 'x==1\n',
      'docs/notes.txt': '',
      '.devcontainer/Dockerfile': 'FROM a\n',
      'services/api/Dockerfile.prod': 'FROM a\n',
    });
    expect(await found(['.'])).toEqual([
      '.devcontainer/Dockerfile: dockerfile',
      '.dockerignore: dockerignore',
      'Containerfile: dockerfile',
      'Dockerfile: dockerfile',
      'Dockerfile.dockerignore: dockerignore',
      'app.Dockerfile: dockerfile',
      'constraints.txt: requirements',
      'requirements-dev.txt: requirements',
      'requirements/dev.txt: requirements',
      'services/api/Dockerfile.prod: dockerfile',
    ]);
  });

  it('gives absolute paths, resolved against cwd', async () => {
    tree({ 'a/Dockerfile': 'FROM a\n' });
    const result = await discover(['a'], { cwd: root });
    expect(result.files).toEqual([{ path: join(root, 'a', 'Dockerfile'), kind: 'dockerfile', explicit: false, root }]);
  });

  it('skips dependency, VCS and virtualenv directories', async () => {
    tree({
      'Dockerfile': 'FROM a\n',
      'node_modules/pkg/Dockerfile': 'FROM a\n',
      '.git/Dockerfile': 'FROM a\n',
      '.venv/requirements.txt': 'x\n',
      'venv/lib/requirements.txt': 'x\n',
      '.tox/py312/requirements.txt': 'x\n',
      '__pycache__/Dockerfile': 'FROM a\n',
      'env-3.12/pyvenv.cfg': 'home = /usr/bin\n',
      'env-3.12/lib/site-packages/pkg/requirements.txt': 'x\n',
      'conda/conda-meta/': '',
      'conda/Dockerfile': 'FROM a\n',
    });
    expect(await found(['.'])).toEqual(['Dockerfile: dockerfile']);
  });

  it('respects .gitignore files, nested ones relative to their directory', async () => {
    tree({
      '.git/': '',
      '.gitignore': 'build/\n*.generated.Dockerfile\n/top-only/\n',
      'Dockerfile': 'FROM a\n',
      'build/Dockerfile': 'FROM a\n',
      'x.generated.Dockerfile': 'FROM a\n',
      'top-only/Dockerfile': 'FROM a\n',
      'svc/top-only/Dockerfile': 'FROM a\n',
      'svc/.gitignore': 'old/\n!keep.generated.Dockerfile\n',
      'svc/old/Dockerfile': 'FROM a\n',
      'svc/keep.generated.Dockerfile': 'FROM a\n',
      'svc/drop.generated.Dockerfile': 'FROM a\n',
      'old/Dockerfile': 'FROM a\n',
    });
    expect(await found(['.'])).toEqual([
      'Dockerfile: dockerfile',
      'old/Dockerfile: dockerfile',
      'svc/keep.generated.Dockerfile: dockerfile',
      'svc/top-only/Dockerfile: dockerfile',
    ]);
  });

  it('applies the .gitignore files above the start of a walk, up to the repository root', async () => {
    tree({
      'outer/.gitignore': 'Dockerfile.ci\n',
      'outer/repo/.git/info/exclude': 'Dockerfile.local\n',
      'outer/repo/.gitignore': '*.tmp.Dockerfile\n',
      'outer/repo/app/.gitignore': 'Dockerfile.debug\n',
      'outer/repo/app/sub/Dockerfile': 'FROM a\n',
      'outer/repo/app/sub/Dockerfile.ci': 'FROM a\n',
      'outer/repo/app/sub/Dockerfile.debug': 'FROM a\n',
      'outer/repo/app/sub/Dockerfile.local': 'FROM a\n',
      'outer/repo/app/sub/x.tmp.Dockerfile': 'FROM a\n',
    });
    expect(await found(['outer/repo/app/sub'])).toEqual([
      'outer/repo/app/sub/Dockerfile: dockerfile',
      'outer/repo/app/sub/Dockerfile.ci: dockerfile',
    ]);
  });

  it('walks a directory that is itself gitignored when it is named', async () => {
    tree({ '.git/': '', '.gitignore': 'build/\n*.tmp.Dockerfile\n', 'build/Dockerfile': 'FROM a\n', 'build/x.tmp.Dockerfile': 'FROM a\n' });
    expect(await found(['build'])).toEqual(['build/Dockerfile: dockerfile', 'build/x.tmp.Dockerfile: dockerfile']);
  });

  it('does not apply an outer repository’s .gitignore inside a nested repository', async () => {
    tree({ '.git/': '', '.gitignore': 'Dockerfile.dev\n', 'Dockerfile.dev': 'FROM a\n', 'vendor/lib/.git/': '', 'vendor/lib/Dockerfile.dev': 'FROM a\n' });
    expect(await found(['.'])).toEqual(['vendor/lib/Dockerfile.dev: dockerfile']);
  });

  it('terminates on a symlink loop and lists a symlinked file once', async () => {
    tree({ 'a/Dockerfile': 'FROM a\n', 'b/': '' });
    symlinkSync(join(root, 'a'), join(root, 'a', 'loop'));
    symlinkSync('..', join(root, 'b', 'up'));
    symlinkSync(join(root, 'a', 'Dockerfile'), join(root, 'b', 'Dockerfile'));
    symlinkSync(join(root, 'missing'), join(root, 'b', 'dangling.Dockerfile'));
    // The dangling link is listed, unopened, so that the engine reports it as not linted instead of passing it.
    expect(await found(['.'])).toEqual(['a/Dockerfile: dockerfile', 'b/dangling.Dockerfile: dockerfile']);
    const dangling = (await discover(['.'], { cwd: root })).files.find((f) => f.path.endsWith('dangling.Dockerfile'));
    expect(dangling?.notReadable).toBe('a symbolic link to nothing');
  });

  it('returns files named explicitly whatever their name, by name, then by content', async () => {
    tree({
      'build.conf': '# syntax=docker/dockerfile:1\nFROM alpine\n',
      'deps.list': 'flask==3.0.0\n-r other.txt\n',
      'ignore-list': '.git\n**/*.pyc\n',
      'Dockerfile.md': 'FROM alpine\n',
      'notes': 'hello\n',
      'requirements/base.txt': 'x==1\n',
    });
    expect(await found(['build.conf', 'deps.list', 'ignore-list', 'Dockerfile.md', 'notes', 'requirements/base.txt'])).toEqual([
      'Dockerfile.md: dockerfile (explicit)',
      'build.conf: dockerfile (explicit)',
      'deps.list: requirements (explicit)',
      'ignore-list: dockerignore (explicit)',
      'notes: dockerfile (explicit)',
      'requirements/base.txt: requirements (explicit)',
    ]);
  });

  it('gives explicit files the kind asked for, and walks only that kind', async () => {
    tree({ 'deps.list': 'FROM alpine\n', 'app/Dockerfile': 'FROM a\n', 'app/requirements.txt': 'x==1\n' });
    expect(await found(['deps.list', 'app'], { kind: 'requirements' })).toEqual([
      'app/requirements.txt: requirements',
      'deps.list: requirements (explicit)',
    ]);
  });

  it('lets isIgnored exclude walked files and prune directories, but not explicit files', async () => {
    tree({
      'Dockerfile': 'FROM a\n',
      'Dockerfile.template': 'FROM a\n',
      'gen/Dockerfile': 'FROM a\n',
      'gen/deep/Dockerfile': 'FROM a\n',
    });
    const asked: string[] = [];
    const isIgnored = (path: string) => {
      asked.push(path);
      return path.endsWith('.template') || path === join(root, 'gen') + sep;
    };
    expect(await found(['.', 'Dockerfile.template'], { isIgnored })).toEqual([
      'Dockerfile: dockerfile',
      'Dockerfile.template: dockerfile (explicit)',
    ]);
    expect(asked).not.toContain(join(root, 'gen', 'Dockerfile'));
  });

  it('ignores gitignore for explicit files', async () => {
    tree({ '.git/': '', '.gitignore': 'Dockerfile.local\n', 'Dockerfile.local': 'FROM a\n' });
    expect(await found(['Dockerfile.local'])).toEqual(['Dockerfile.local: dockerfile (explicit)']);
  });

  it('lists a file reached twice once, explicit first', async () => {
    tree({ 'a/Dockerfile': 'FROM a\n', 'a/b/Dockerfile': 'FROM a\n' });
    expect(await found(['a/b', 'a', 'a/Dockerfile', join(root, 'a', '.')])).toEqual([
      'a/Dockerfile: dockerfile (explicit)',
      'a/b/Dockerfile: dockerfile',
    ]);
  });

  it('reports a missing path as an error, and goes on', async () => {
    tree({ 'Dockerfile': 'FROM a\n' });
    const result = await discover(['nope', 'Dockerfile', 'Dockerfile/x'], { cwd: root });
    expect(result.errors).toEqual([
      { path: join(root, 'Dockerfile', 'x'), message: 'no such file or directory' },
      { path: join(root, 'nope'), message: 'no such file or directory' },
    ]);
    expect(result.files.map((f) => f.path)).toEqual([join(root, 'Dockerfile')]);
  });

  it('finds nothing in an empty directory', async () => {
    expect(await found(['.'])).toEqual([]);
  });
});
