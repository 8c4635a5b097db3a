/**
 * What the CLI promises (issue 15, "The CLI keeps its promises"), run as a process: nothing to lint is an error,
 * unknown rules and mistyped options are errors with a suggestion, --quiet hides without changing the exit status,
 * formats and files pair without guessing, rule ids link to their docs only where a terminal shows links.
 * The Action's side runs on a bundle made from these sources.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli, tempDir } from './support/cli-process.js';

const NO_SHELLCHECK = ['--rule', 'shellcheck=off'];
const BAD = 'FROM python:latest\nRUN pip install flask\n';
const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

describe('nothing to lint', () => {
  it('exits 2 with one line naming the path, unless --allow-empty', () => {
    const dir = tempDir({ 'README.md': '# nothing here\n', 'empty/.keep': '' });
    const empty = runCli(['empty'], { cwd: dir });
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(empty.stderr).toBe('dockerlint: error: no Dockerfiles, .dockerignore, requirements or other files to lint under empty (--allow-empty to pass anyway)\n');
    const allowed = runCli(['--allow-empty', 'empty'], { cwd: dir });
    expect(allowed).toMatchObject({ code: 0, stderr: '' });
    expect(allowed.stdout).toContain('No problems found in 0 files.');
    // A config's ignorePatterns that leave nothing is the same mistake.
    const ignored = tempDir({ Dockerfile: BAD, '.dockerlintrc.json': '{ "ignorePatterns": ["Dockerfile"] }', '.git/HEAD': '' });
    expect(runCli(['.'], { cwd: ignored }).code).toBe(2);
  });
});

describe('rule settings', () => {
  const dir = tempDir({ Dockerfile: BAD, '.git/HEAD': '' });

  it.each([
    [['--rule', 'unpined-version=off'], 'unknown rule "unpined-version" (did you mean "unpinned-version"?)'],
    [['--ignore', 'DL9999'], 'unknown rule "DL9999"'],
    [['--error', 'mutable-tags'], 'unknown rule "mutable-tags" (did you mean "mutable-tag"?)'],
  ])('%j: exit 2, one line with the suggestion', (args, message) => {
    const { code, stdout, stderr } = runCli(['--no-config', ...args, '.'], { cwd: dir });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    oneLine(stderr);
    expect(stderr).toBe(`dockerlint: error: ${message}: \`dockerlint rules\` lists every rule and alias\n`);
  });

  it('in a config file: exit 2 naming the file; an option of the wrong type names the rule, option and type', () => {
    const typo = tempDir({ Dockerfile: BAD, '.git/HEAD': '', '.dockerlintrc.yaml': 'overrides:\n  - files: ["*"]\n    rules:\n      unpined-version: off\n' });
    const first = runCli(['.'], { cwd: typo });
    expect(first.code).toBe(2);
    expect(first.stderr).toBe('dockerlint: error: .dockerlintrc.yaml: unknown rule "unpined-version" (did you mean "unpinned-version"?): `dockerlint rules` lists every rule and alias\n');
    const mistyped = tempDir({ Dockerfile: BAD, '.git/HEAD': '', '.dockerlintrc.json': '{ "rules": { "sorted-arguments": ["info", { "maxPackagesOnOneLine": "3" }] } }' });
    const second = runCli(['.'], { cwd: mistyped });
    expect(second.code).toBe(2);
    expect(second.stderr).toBe('dockerlint: error: .dockerlintrc.json: rule "sorted-arguments": option "maxPackagesOnOneLine" must be a number (got "3")\n');
  });

  it("accepts real peer codes no rule covers; in hadolint's config an unknown code is a note, as hadolint ignores it", () => {
    const peers = runCli(['--no-config', ...NO_SHELLCHECK, '--ignore', 'DL4001', '--rule', 'SC2086=off', '-f', 'compact', '.'], { cwd: dir });
    expect(peers.code).toBe(1);
    expect(peers.stderr).toBe('');
    const hadolint = tempDir({ Dockerfile: BAD, '.git/HEAD': '', '.hadolint.yaml': 'ignored: [DL9999, DL3007]\n' });
    const run = runCli([...NO_SHELLCHECK, '-f', 'compact', '.'], { cwd: hadolint });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dockerlint: note: .hadolint.yaml: unknown rule "DL9999": ignored, as hadolint does\n');
    expect(run.stdout).not.toContain('mutable-tag');
  });

  it("a plugin's rule ids are known once it loads, and not judged when it is not loaded", () => {
    const plugin = tempDir({
      Dockerfile: BAD,
      '.git/HEAD': '',
      'plugin.mjs': "export default { rules: [{ meta: { id: 'acme-rule', aliases: [], severity: 'warning', category: 'style', summary: 's', docs: { rationale: 'r', bad: 'b', good: 'g' }, fixable: false }, checkDockerfile() {} }] };\n",
      '.dockerlintrc.json': '{ "plugins": ["./plugin.mjs"], "rules": { "acme-rule": "error" } }',
    });
    expect(runCli([...NO_SHELLCHECK, '--allow-plugins', '-f', 'compact', '.'], { cwd: plugin }).code).toBe(1);
    expect(runCli([...NO_SHELLCHECK, '--allow-plugins', '--rule', 'acme-rul=off', '.'], { cwd: plugin }).stderr).toContain('did you mean "acme-rule"?');
    expect(runCli([...NO_SHELLCHECK, '-f', 'compact', '.'], { cwd: plugin }).code).toBe(1);
    // Our own rules' options are still checked.
    writeFileSync(join(plugin, '.dockerlintrc.json'), '{ "plugins": ["./plugin.mjs"], "rules": { "acme-rule": "error", "sorted-arguments": ["info", { "maxPackagesOnOneLine": true }] } }');
    const typed = runCli([...NO_SHELLCHECK, '.'], { cwd: plugin });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('option "maxPackagesOnOneLine" must be a number (got true)');
  });
});

describe('--quiet', () => {
  it('hides warnings from the report, not from the exit status, and says how many it hid', () => {
    const dir = tempDir({ Dockerfile: 'FROM python:latest\nUSER 10001\n', '.dockerignore': '.git\n' });
    const { code, stdout } = runCli(['--no-config', ...NO_SHELLCHECK, '-q', '--fail-level', 'warning', dir]);
    expect(code).toBe(1);
    expect(stdout).toBe('No errors in 2 files; 1 warning hidden by --quiet.\n');
    expect(runCli(['--no-config', ...NO_SHELLCHECK, '-q', '--fail-level', 'error', dir]).code).toBe(0);
  });
});

describe('formats and files', () => {
  it('-f FORMAT:FILE writes that report there, the others to standard output', () => {
    const dir = tempDir({ Dockerfile: BAD });
    const { code, stdout } = runCli(['--no-config', ...NO_SHELLCHECK, '-f', 'text', '-f', 'sarif:out.sarif', '.'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toContain('mutable-tag');
    expect(stdout).not.toContain('"version"');
    expect((JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
  });

  it.each([
    [['-f', 'text', '-f', 'sarif', '-o', 'x.sarif'], '--output-file x.sarif with several formats (text, sarif) is ambiguous: name each report\'s file as -f FORMAT:FILE, e.g. -f text -f sarif:x.sarif'],
    [['-f', 'json', '-o', 'a.json', '-o', 'b.json'], '--output-file may be given once; for several reports write -f FORMAT:FILE, e.g. -f json:a.json -f sarif:b.json'],
    [['-f', 'sarif:a.sarif', '-o', 'b.sarif'], '--format sarif:a.sarif names its file: --output-file b.sarif is one file too many'],
    [['-f', 'json:same', '-f', 'sarif:same'], 'two reports would be written to'],
    [['-f', 'sarif:'], '--format sarif:: a file name must follow the colon (FORMAT:FILE)'],
  ])('%j is refused in one line, before anything is written', (args, message) => {
    const dir = tempDir({ Dockerfile: BAD });
    const { code, stderr } = runCli(['--no-config', ...args, '.'], { cwd: dir });
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toContain(message);
    for (const file of ['x.sarif', 'a.json', 'b.json', 'a.sarif', 'b.sarif', 'same']) expect(existsSync(join(dir, file))).toBe(false);
  });
});

describe('formats from a config', () => {
  it("a hadolint config's format names no file: the linted repository does not choose what is written", () => {
    const dir = tempDir({ Dockerfile: BAD, '.git/HEAD': '', '.hadolint.yaml': 'format: "json:../owned.txt"\n' });
    const { code, stderr } = runCli([...NO_SHELLCHECK, '.'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain('unknown format "json:../owned.txt"');
    expect(existsSync(join(dir, '..', 'owned.txt'))).toBe(false);
  });
});

describe('links to the docs', () => {
  const dir = tempDir({ Dockerfile: 'FROM python:latest\nUSER 10001\n', '.dockerignore': '.git\n', '.git/HEAD': '' });
  const docs = 'https://github.com/dockerlint-cli/dockerlint/blob/main/docs/rules/mutable-tag.md';
  const OSC8 = /\x1b\]8;;/;

  it('not in a terminal: no escape, and a footer with each rule\'s URL once', () => {
    const { stdout } = runCli(['--no-config', ...NO_SHELLCHECK, '.'], { cwd: dir });
    expect(stdout).not.toMatch(/\x1b/);
    expect(stdout).toContain(`Rule docs:\n  mutable-tag  ${docs}\n`);
  });

  it('FORCE_HYPERLINK=1 links the rule id instead; --no-color never does', () => {
    const linked = runCli(['--no-config', ...NO_SHELLCHECK, '.'], { cwd: dir, env: { FORCE_HYPERLINK: '1' } });
    expect(linked.stdout).toContain(`\x1b]8;;${docs}\x1b\\mutable-tag\x1b]8;;\x1b\\`);
    expect(linked.stdout).not.toContain('Rule docs:');
    const plain = runCli(['--no-config', ...NO_SHELLCHECK, '--no-color', '.'], { cwd: dir, env: { FORCE_HYPERLINK: '1' } });
    expect(plain.stdout).not.toMatch(OSC8);
    expect(plain.stdout).toContain('Rule docs:');
  });

  it('a file name or message cannot plant a link or an escape of its own', () => {
    const hostile = tempDir({ 'a\x1b]8;;http:\x07evil\x1b]8;;\x07.Dockerfile': 'FROM python:latest\nUSER 1\n' });
    const { stdout } = runCli(['--no-config', ...NO_SHELLCHECK, '.'], { cwd: hostile, env: { FORCE_HYPERLINK: '1' } });
    // Our own links only: one opening and one closing per finding, the file name shown escaped.
    expect(stdout.match(/\x1b\]8;;https:/g)?.length).toBe(stdout.match(/\x1b\]8;;\x1b\\/g)?.length);
    expect(stdout).toContain('\\x1b]8;;http:\\x07evil');
  });
});

describe('the Action (on a bundle of these sources)', () => {
  it('fails on a workspace with nothing to lint, saying so; allow-empty: true passes', () => {
    const bundle = mkdtempSync(join(tmpdir(), 'dockerlint-bundle-'));
    const built = spawnSync(process.execPath, [join(root, 'build', 'scripts', 'bundle.js'), '--out', join(bundle, 'dist')], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    // The bundle finds its version in the package.json above it, as in the repository.
    copyFileSync(join(root, 'package.json'), join(bundle, 'package.json'));
    const workspace = tempDir({ 'README.md': '# no Dockerfile\n' });
    mkdirSync(join(workspace, 'src'));
    const run = (inputs: Record<string, string>) =>
      spawnSync(process.execPath, [join(bundle, 'dist', 'action.js')], {
        cwd: workspace,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '', ...inputs },
      });
    const empty = run({});
    expect(empty.status).toBe(2);
    expect(empty.stdout).toBe('::error title=dockerlint::no Dockerfiles, .dockerignore, requirements or other files to lint under . (set allow-empty: true to pass anyway)\n');
    expect(run({ 'INPUT_ALLOW-EMPTY': 'true' }).status).toBe(0);
  });
});

describe('which terminals get links', () => {
  it.each([
    [{ TERM_PROGRAM: 'vscode' }, true, true],
    [{ TERM_PROGRAM: 'vscode' }, false, false],
    [{ TERM_PROGRAM: 'vscode', CI: 'true' }, true, false],
    [{ TERM_PROGRAM: 'vscode', GITHUB_ACTIONS: 'true' }, true, false],
    [{ VTE_VERSION: '7600' }, true, true],
    [{ VTE_VERSION: '4800' }, true, false],
    [{ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.0.9' }, true, false],
    [{ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.5.0' }, true, true],
    [{ TERM: 'xterm-256color' }, true, false],
    [{ TERM: 'xterm-kitty', FORCE_HYPERLINK: '0' }, true, false],
    [{ FORCE_HYPERLINK: '1', CI: 'true' }, false, true],
  ])('%j, TTY %s: %s', async (env, isTTY, expected) => {
    const { supportsHyperlinks } = await import('../src/io/hyperlinks.js');
    expect(supportsHyperlinks(env, isTTY)).toBe(expected);
  });
});
