/**
 * A linted repository is untrusted: its config cannot make dockerlint run code
 * (plugins need the person's opt-in), configs above the repository root do not
 * apply, and files outside the linted tree are not read, so their content
 * cannot reach a report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lint, lintText } from '../src/index.js';
import { runAction } from '../src/action/run.js';
import { loadReporter } from '../src/reporters/index.js';

const bin = join(import.meta.dirname, '..', 'bin', 'dockerlint.js');

function run(args: string[], cwd: string, input?: string) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: undefined };
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, input, encoding: 'utf8', env: env as NodeJS.ProcessEnv });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

let top: string;
beforeEach(() => {
  // Real path: macOS's /tmp is a symlink, and paths are compared after resolving symlinks.
  top = realpathSync(mkdtempSync(join(tmpdir(), 'dockerlint-trust-')));
});
afterEach(() => rmSync(top, { recursive: true, force: true }));

const DOCKERFILE = 'FROM python:3.12-slim\nUSER 10001\n';

/** A repository whose config names a plugin that leaves a marker file when it is imported, and reports `evil-rule` on every Dockerfile. */
function repoWithPlugin(configFile = '.dockerlintrc.json'): { repo: string; marker: string } {
  const repo = join(top, 'repo');
  const marker = join(top, 'MARKER');
  const config = { plugins: ['./evil.mjs'], rules: { 'evil-rule': 'error' } };
  write(repo, {
    '.git/HEAD': 'ref: refs/heads/main\n',
    [configFile]: JSON.stringify(configFile === 'package.json' ? { name: 'x', dockerlint: config } : config),
    'evil.mjs': [
      "import { writeFileSync } from 'node:fs';",
      `writeFileSync(${JSON.stringify(marker)}, 'ran');`,
      'export default {',
      "  meta: { id: 'evil-rule', aliases: [], severity: 'error', category: 'security', summary: 'plugin rule',",
      "    docs: { rationale: 'A plugin rule for tests.', bad: 'FROM a', good: 'FROM a:1' } },",
      "  checkDockerfile(_model, context) { context.report({ message: 'plugin ran', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }); },",
      '};',
      '',
    ].join('\n'),
    Dockerfile: DOCKERFILE,
  });
  return { repo, marker };
}

const NOT_LOADED = /plugins not loaded: "\.\/evil\.mjs" \(from "[^"]*(\.dockerlintrc\.json|package\.json)"\).*--allow-plugins/;

describe('plugins need the opt-in of the person running dockerlint', () => {
  it('the CLI does not import a config plugin without --allow-plugins, and says so in one note', () => {
    const { repo, marker } = repoWithPlugin();
    const result = run(['--format', 'json', '.'], repo);
    expect(existsSync(marker)).toBe(false);
    expect(result.stderr).toMatch(NOT_LOADED);
    expect(result.stderr.split('\n').filter((line) => line.includes('plugins not loaded'))).toHaveLength(1);
    // The config's setting for the plugin's rule id is not an error: it applies to nothing.
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('evil-rule');
  });

  it('the CLI loads the plugin with --allow-plugins', () => {
    const { repo, marker } = repoWithPlugin();
    const result = run(['--allow-plugins', '--format', 'json', '.'], repo);
    expect(existsSync(marker)).toBe(true);
    expect(result.stdout).toContain('evil-rule');
    expect(result.stderr).not.toContain('plugins not loaded');
    expect(result.code).toBe(1);
  });

  it('a config named with --config does not opt in by itself', () => {
    const { repo, marker } = repoWithPlugin();
    const result = run(['--config', '.dockerlintrc.json', '.'], repo);
    expect(existsSync(marker)).toBe(false);
    expect(result.stderr).toMatch(NOT_LOADED);
  });

  it('--stdin does not import it either', () => {
    const { repo, marker } = repoWithPlugin();
    const result = run(['--stdin', '--stdin-filename', 'Dockerfile'], repo, DOCKERFILE);
    expect(existsSync(marker)).toBe(false);
    expect(result.stderr).toMatch(NOT_LOADED);
    expect(result.code).toBe(0);
  });

  it('lintText and lint need allowPlugins: true (also for a package.json config)', async () => {
    const { repo, marker } = repoWithPlugin('package.json');
    const text = await lintText(DOCKERFILE, { cwd: repo, filename: 'Dockerfile' });
    const walked = await lint(['.'], { cwd: repo });
    expect(existsSync(marker)).toBe(false);
    expect(text.notes.join('\n')).toMatch(NOT_LOADED);
    expect(walked.notes.join('\n')).toMatch(NOT_LOADED);
    const allowed = await lintText(DOCKERFILE, { cwd: repo, filename: 'Dockerfile', allowPlugins: true });
    expect(existsSync(marker)).toBe(true);
    expect(allowed.files[0].findings.map((f) => f.rule)).toContain('evil-rule');
  });

  describe('the Action', () => {
    const saved = { ...process.env };
    let stdout = '';
    beforeEach(() => {
      stdout = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stdout += String(chunk);
        return true;
      });
    });
    afterEach(() => {
      vi.restoreAllMocks();
      process.env = { ...saved };
    });

    function action(inputs: Record<string, string>): Promise<number> {
      for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_') || key.startsWith('GITHUB_')) delete process.env[key];
      for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
      return runAction();
    }

    it('does not import a config plugin unless the allow-plugins input is true', async () => {
      const { repo, marker } = repoWithPlugin();
      expect(await action({ path: repo })).toBe(0);
      expect(existsSync(marker)).toBe(false);
      expect(stdout).toMatch(NOT_LOADED);
      expect(await action({ path: repo, 'allow-plugins': 'true' })).toBe(1);
      expect(existsSync(marker)).toBe(true);
      expect(stdout).toContain('evil-rule');
    });

    it('rejects an allow-plugins value that is not true or false', async () => {
      const { repo, marker } = repoWithPlugin();
      expect(await action({ path: repo, 'allow-plugins': 'yes' })).toBe(2);
      expect(stdout).toMatch(/^::error title=dockerlint::allow-plugins must be true or false/m);
      expect(existsSync(marker)).toBe(false);
    });
  });
});

describe('the config search stops at the repository root', () => {
  // A config that would silence the finding if it applied.
  const SILENCE = JSON.stringify({ rules: { 'mutable-tag': 'off' } });
  const LATEST = 'FROM python:latest\nUSER 10001\n';

  it('does not use a config above the directory holding .git', async () => {
    write(top, { '.dockerlintrc.json': SILENCE, 'repo/.git/HEAD': 'x\n', 'repo/app/Dockerfile': LATEST });
    const result = await lint(['app'], { cwd: join(top, 'repo') });
    expect(result.files[0].findings.map((f) => f.rule)).toContain('mutable-tag');
    const text = await lintText(LATEST, { cwd: join(top, 'repo'), filename: 'app/Dockerfile' });
    expect(text.files[0].findings.map((f) => f.rule)).toContain('mutable-tag');
  });

  it('stops at a .git file too (worktrees, submodules), and still uses the config at the root', async () => {
    write(top, { '.dockerlintrc.json': SILENCE, 'repo/.git': 'gitdir: /elsewhere\n', 'repo/Dockerfile': LATEST });
    const outside = await lint(['Dockerfile'], { cwd: join(top, 'repo') });
    expect(outside.files[0].findings.map((f) => f.rule)).toContain('mutable-tag');
    write(top, { 'repo/.dockerlintrc.json': SILENCE });
    const atRoot = await lint(['Dockerfile'], { cwd: join(top, 'repo') });
    expect(atRoot.files[0].findings.map((f) => f.rule)).not.toContain('mutable-tag');
  });

  it('outside a repository, searches up to the working directory but not above it', async () => {
    write(top, { '.dockerlintrc.json': SILENCE, 'work/a/Dockerfile': LATEST });
    const fromWork = await lint(['a'], { cwd: join(top, 'work') });
    expect(fromWork.files[0].findings.map((f) => f.rule)).toContain('mutable-tag');
    const fromTop = await lint(['work/a'], { cwd: top });
    expect(fromTop.files[0].findings.map((f) => f.rule)).not.toContain('mutable-tag');
  });

  it('does not read a config file that links out of the repository (messages about a bad config quote it)', () => {
    write(top, { 'secret/creds.txt': 'https://user:ghp_s3cretT0ken@github.com\n', 'repo/.git/HEAD': 'x\n', 'repo/Dockerfile': DOCKERFILE });
    symlinkSync(join(top, 'secret/creds.txt'), join(top, 'repo/.dockerlintrc.yaml'));
    const result = run(['.'], join(top, 'repo'));
    expect(result.stdout + result.stderr).not.toContain('ghp_s3cretT0ken');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dockerlint: error: \.dockerlintrc\.yaml: is a symlink to a file outside .*: not read/);
  });

  it('refuses a config whose context directory leaves the repository', () => {
    write(top, {
      'repo/.git/HEAD': 'x\n',
      'repo/.dockerlintrc.json': JSON.stringify({ context: { Dockerfile: '../..' } }),
      'repo/Dockerfile': DOCKERFILE,
    });
    const result = run(['.'], join(top, 'repo'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dockerlint: error: \.dockerlintrc\.json: context "Dockerfile" is "\.\.\/\.\.", outside .*: a build context must be inside the repository\n$/);
  });
});

describe('files outside the linted tree are not read', () => {
  const TOKEN = 'ghp_s3cretT0kenThatMustNotLeak';

  it('a -r include out of the tree: the token is in no report format, and a note names the include', async () => {
    write(top, {
      'secret/creds.txt': `${TOKEN}\n`,
      'repo/.git/HEAD': 'x\n',
      'repo/app/requirements.txt': 'flask==3.0.0\n-r ../../secret/creds.txt\n',
      'repo/app/constraints.txt': '-c ../../secret/creds.txt\n',
    });
    const repo = join(top, 'repo');
    for (const format of ['text', 'json', 'sarif']) {
      const result = run(['--format', format, '.'], repo);
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
      expect(result.stderr).toContain('app/requirements.txt:2: requirements include "../../secret/creds.txt" is outside the build context');
      expect(result.stderr).toContain('app/constraints.txt:1: requirements include "../../secret/creds.txt" is outside the build context');
    }
    // The same through the API, with snippets on.
    const result = await lint(['app/requirements.txt'], { cwd: repo });
    expect(result.files.map((f) => f.path)).toEqual(['app/requirements.txt']);
    const text = (await loadReporter('text'))(result, { color: false, snippets: true, toolVersion: '0', rules: result.rules, cwd: repo });
    expect(text).not.toContain(TOKEN);
  });

  it('an include inside the repository is still read, from a file named alone (as pre-commit names them)', async () => {
    write(top, {
      'repo/.git/HEAD': 'x\n',
      'repo/examples/app/requirements.txt': '-r ../../requirements/base.txt\n',
      'repo/requirements/base.txt': 'flask\n',
    });
    const result = await lint(['examples/app/requirements.txt'], { cwd: join(top, 'repo') });
    expect(result.files.map((f) => f.path)).toEqual(['examples/app/requirements.txt', 'requirements/base.txt']);
    expect(result.notes).toEqual([]);
  });

  it('outside a repository, the tree is the working directory: an include above it is not read', async () => {
    write(top, {
      'secret/creds.txt': `${TOKEN}\n`,
      'work/app/requirements.txt': '-r ../shared.txt\n-r ../../secret/creds.txt\n',
      'work/shared.txt': 'flask\n',
    });
    const result = await lint(['app/requirements.txt'], { cwd: join(top, 'work') });
    expect(result.files.map((f) => f.path)).toEqual(['app/requirements.txt', 'shared.txt']);
    expect(result.notes).toEqual([expect.stringContaining('app/requirements.txt:2: requirements include "../../secret/creds.txt" is outside the build context')]);
    const text = await lintText('-r ../../secret/creds.txt\n', { cwd: join(top, 'work'), filename: 'app/requirements.txt' });
    expect(text.files.map((f) => f.path)).toEqual(['app/requirements.txt']);
    expect(text.notes.join('\n')).toContain('is outside the build context');
  });

  it('a walked symlinked requirements file whose target is outside the tree is not read; a named one is', async () => {
    write(top, { 'elsewhere/secret.txt': `${TOKEN}\n`, 'repo/.git/HEAD': 'x\n', 'repo/Dockerfile': DOCKERFILE });
    symlinkSync(join(top, 'elsewhere/secret.txt'), join(top, 'repo/requirements.txt'));
    const repo = join(top, 'repo');
    const walked = run(['--format', 'json', '.'], repo);
    expect(walked.stdout + walked.stderr).not.toContain(TOKEN);
    expect(walked.stderr).toContain('requirements.txt: symlink to a file outside the linted tree: not read');
    const named = await lint(['requirements.txt'], { cwd: repo });
    expect(named.files.map((f) => f.path)).toEqual(['requirements.txt']);
    expect(named.files[0].lines).toEqual([TOKEN, '']);
  });

  it('a pip install -r file of the build context that links out of it is not read', async () => {
    write(top, {
      'elsewhere/secret.txt': `${TOKEN}\n`,
      'repo/.git/HEAD': 'x\n',
      'repo/docker/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY reqs.txt .\nRUN pip install --no-cache-dir -r reqs.txt\nUSER 10001\n',
    });
    symlinkSync(join(top, 'elsewhere/secret.txt'), join(top, 'repo/docker/reqs.txt'));
    const result = await lint(['docker/Dockerfile'], { cwd: join(top, 'repo') });
    expect(result.files.map((f) => f.path)).toEqual(['docker/Dockerfile']);
    expect(result.notes.join('\n')).toContain('docker/Dockerfile: pip requirements file "reqs.txt" is outside the build context');
  });

  it('secret-files-copied does not read a file that links out of the context to judge it', async () => {
    write(top, {
      'elsewhere/key.pem': '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n',
      'repo/.git/HEAD': 'x\n',
      'repo/Dockerfile': 'FROM python:3.12-slim\nCOPY tls.pem /etc/tls.pem\nUSER 10001\n',
    });
    const repo = join(top, 'repo');
    symlinkSync(join(top, 'elsewhere/key.pem'), join(repo, 'tls.pem'));
    const linked = await lint(['Dockerfile'], { cwd: repo });
    expect(linked.files[0].findings.map((f) => f.rule)).not.toContain('secret-files-copied');
    // The same file inside the context is read and judged a private key: the check above is not vacuous.
    rmSync(join(repo, 'tls.pem'));
    write(top, { 'repo/tls.pem': readFileSync(join(top, 'elsewhere/key.pem'), 'utf8') });
    const inside = await lint(['Dockerfile'], { cwd: repo });
    expect(inside.files[0].findings.map((f) => f.rule)).toContain('secret-files-copied');
  });
});
