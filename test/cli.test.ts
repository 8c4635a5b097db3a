/** The built CLI, run as a process: exit codes, output contracts, errors for people. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { root, runCli, tempDir } from './support/cli-process.js';

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const run = runCli;

const outputSchema = JSON.parse(readFileSync(join(root, 'schema', 'output.schema.json'), 'utf8')) as object;
const validateOutput = new Ajv({ allErrors: true, validateFormats: false }).compile(outputSchema);

interface JsonOutput {
  files: { path: string; kind: string; findings: { rule: string; aliases: string[]; line: number; column: number }[] }[];
  summary: { files: number; findings: number };
}

describe('dockerlint CLI', () => {
  it('prints the version from package.json', () => {
    const { code, stdout } = run(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it('lints the sample, exits 1 on warnings, and its JSON validates against the schema', () => {
    const { code, stdout, stderr } = run(['--no-config', '--format', 'json', 'fixtures/sample']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const output = JSON.parse(stdout) as JsonOutput;
    expect(validateOutput(output), JSON.stringify(validateOutput.errors)).toBe(true);
    expect(output.files.map((f) => [f.path, f.kind])).toEqual([
      ['fixtures/sample/Dockerfile', 'dockerfile'],
      ['fixtures/sample/requirements.txt', 'requirements'],
    ]);
    const latest = output.files[0].findings.find((f) => f.rule === 'mutable-tag');
    expect(latest).toMatchObject({ aliases: ['DL3007', 'CKV_DOCKER_7', 'DS-0001'], line: 1, column: 13 });
  });

  it('validates JSON output for every rule fixture', () => {
    const { code, stdout } = run(['--no-config', '--format', 'json', 'fixtures']);
    expect(code).toBe(1);
    const output = JSON.parse(stdout) as JsonOutput;
    expect(validateOutput(output), JSON.stringify(validateOutput.errors?.slice(0, 3))).toBe(true);
    expect(output.summary.findings).toBeGreaterThan(10);
  });

  it('exits 0 with --fail-level none, and with a rule switched off by alias', () => {
    expect(run(['--no-config', '--fail-level', 'none', 'fixtures/sample']).code).toBe(0);
    const dir = tempDir({ Dockerfile: 'FROM python:latest\nUSER 10001\n' });
    const { code, stdout } = run(['--no-config', '--rule', 'DL3007=off', '-f', 'json', dir]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as JsonOutput).summary.findings).toBe(0);
  });

  it('output order is deterministic', () => {
    const a = run(['--no-config', '-f', 'compact', 'fixtures']).stdout;
    const b = run(['--no-config', '-f', 'compact', 'fixtures']).stdout;
    expect(a).toBe(b);
    expect(a.split('\n').length).toBeGreaterThan(10);
  });

  it('text output shows line:column, the rule, and a caret under the token', () => {
    const dir = tempDir({ Dockerfile: 'FROM python:latest\n' });
    const { stdout } = run(['--no-config', dir]);
    expect(stdout).toContain('1:13');
    expect(stdout).toContain('mutable-tag (DL3007');
    expect(stdout).toContain('FROM python:latest\n');
    expect(stdout).toMatch(/\| {13}\^{6}\n/);
    expect(stdout).not.toMatch(/\x1b\[/);
    expect(run(['--no-config', '--no-snippets', dir]).stdout).not.toContain('^^^^^^');
    expect(run(['--no-config', dir], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\x1b\[/);
  });

  it('a missing path is one line on stderr and exit 2', () => {
    const { code, stderr, stdout } = run(['no/such/Dockerfile']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^dockerlint: error: no\/such\/Dockerfile: no such file or directory/);
  });

  it('a bad config is one line naming the file and the key, exit 2', () => {
    const dir = tempDir({ Dockerfile: 'FROM python:3.12\n', '.dockerlintrc.json': '{ "rules": { "DL3008": "warn" } }' });
    const { code, stderr } = run([dir]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('.dockerlintrc.json');
    expect(stderr).toContain('/rules/DL3008');
    expect(stderr).not.toMatch(/\n\s+at /);
    const broken = tempDir({ Dockerfile: 'FROM python:3.12\n', '.dockerlintrc.json': '{ "rules": ' });
    const second = run([broken]);
    expect(second.code).toBe(2);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown option is a usage error, exit 2', () => {
    const { code, stderr } = run(['--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dockerlint: error: .*frobnicate/);
  });

  it('a binary file named on the command line is not linted, and that fails the run: skipped is never passed', () => {
    const dir = tempDir({ Dockerfile: Buffer.from([0x46, 0x52, 0x00, 0x01, 0x02]) });
    const { code, stdout } = run(['--no-config', '-f', 'json', join(dir, 'Dockerfile')]);
    expect(code).toBe(1);
    const output = JSON.parse(stdout) as { files: { skipped?: string; findings: { rule: string; severity: string; message: string }[] }[] };
    expect(output.files[0].skipped).toBe('binary file (it has a NUL byte)');
    expect(output.files[0].findings).toMatchObject([
      { rule: 'file-not-linted', severity: 'error', message: 'This file was not linted: binary file (it has a NUL byte)' },
    ]);
  });

  it('--context judges the named Dockerfiles in that build context, and refuses anything but a directory', () => {
    // docker/Dockerfile built from the repository root, as `docker build -f docker/Dockerfile .` does.
    const dir = tempDir({
      'requirements.txt': 'flask\n',
      '.dockerignore': '.git\n',
      'docker/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 10001\n',
    });
    const args = ['--no-config', '--rule', 'shellcheck=off', '-f', 'compact'];
    // Its own folder as the context: the requirements file is not found there, but in the folder above.
    const alone = runCli([...args, 'docker/Dockerfile'], { cwd: dir });
    expect(alone.stdout).toContain('docker/Dockerfile:3:6: error copy-missing-source `requirements.txt` is not in the build context');
    expect(alone.stdout).toContain('it exists in `..`');
    expect(alone.stdout).not.toContain('requirements.txt:1:1');
    const rooted = runCli([...args, '--context', '.', 'docker/Dockerfile'], { cwd: dir });
    expect(rooted.stdout).toBe(
      'requirements.txt:1:1: warning unpinned-version `flask` has no version, so any release can be installed: pin it with `==`, e.g. `flask==<version>`\n',
    );
    expect(rooted.code).toBe(1);
    // Standard input named as that Dockerfile takes the same context.
    const piped = runCli([...args, '--context', '.', '--stdin', '--stdin-filename', 'docker/Dockerfile'], { cwd: dir, input: readFileSync(join(dir, 'docker/Dockerfile'), 'utf8') });
    expect(piped.stdout).toBe(rooted.stdout);
    for (const [context, why] of [['nope', 'no such file or directory'], ['requirements.txt', 'not a directory']]) {
      const bad = runCli([...args, '--context', context, 'docker/Dockerfile'], { cwd: dir });
      expect(bad).toMatchObject({ code: 2, stdout: '', stderr: `dockerlint: error: --context ${context}: ${why}\n` });
    }
  });

  it('lints standard input under the given name', () => {
    const { code, stdout } = run(['--no-config', '--stdin', '--stdin-filename', 'api/Dockerfile', '-f', 'json'], { input: 'FROM node\n' });
    expect(code).toBe(1);
    const output = JSON.parse(stdout) as JsonOutput;
    expect(output.files[0].path).toBe('api/Dockerfile');
    expect(output.files[0].findings.map((f) => f.rule)).toContain('mutable-tag');
  });

  it('honours a config file found upward, with trustedRegistries and rule severities', () => {
    const dir = tempDir({
      '.dockerlintrc.yaml': 'trustedRegistries: [ghcr.io/acme]\nrules:\n  mutable-tag: error\n',
      'svc/Dockerfile': 'FROM ghcr.io/acme/base:1.0\nFROM ghcr.io/other/base\n',
    });
    const { stdout } = run(['-f', 'json', 'svc'], { cwd: dir });
    const output = JSON.parse(stdout) as { files: { findings: { rule: string; severity: string; line: number }[] }[] };
    const findings = output.files[0].findings;
    expect(findings.filter((f) => f.rule === 'official-base-image').map((f) => f.line)).toEqual([2]);
    expect(findings.find((f) => f.rule === 'mutable-tag')?.severity).toBe('error');
  });

  it('honours hadolint, BuildKit and dockerlint suppression comments', () => {
    const dir = tempDir({
      'a.Dockerfile': '# hadolint ignore=DL3007\nFROM python:latest\n',
      'b.Dockerfile': '# hadolint global ignore=DL3006\nFROM python\nFROM node\n',
      'c.Dockerfile': '# dockerlint ignore=mutable-tag\nFROM python\nFROM node\n',
      // A reason after ` -- `, as ESLint's directives allow, with characters the codes may not have.
      'd.Dockerfile': "# dockerlint ignore=mutable-tag -- the team's base, rebuilt nightly (see ADR-12).\nFROM python\nFROM node\n",
      'requirements.txt': 'flask>=2  # dockerlint ignore=unpinned-version -- a library range, the lock file pins it\n',
    });
    const { stdout } = run(['--no-config', '-f', 'json', dir]);
    const output = JSON.parse(stdout) as JsonOutput;
    const tags = output.files.filter((f) => f.path.endsWith('Dockerfile')).map((f) => f.findings.filter((x) => x.rule === 'mutable-tag').map((x) => x.line));
    expect(tags).toEqual([[], [], [3], [3]]);
    expect(output.files.find((f) => f.path.endsWith('requirements.txt'))?.findings.filter((x) => x.rule === 'unpinned-version')).toEqual([]);
  });

  it('lists every rule with metadata, and explains a rule by alias', () => {
    const { code, stdout } = run(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as { id: string; aliases: string[]; severity: string; category: string; docs: string }[];
    expect(listed.map((r) => r.id).sort()).toEqual(rules.map((r) => r.meta.id).sort());
    const explained = run(['explain', 'DL3007']);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/^# mutable-tag/);
    expect(run(['explain', 'no-such-rule']).code).toBe(2);
  });
});
