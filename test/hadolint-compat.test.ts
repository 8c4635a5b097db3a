/**
 * A hadolint user switches without surprises (issue 15): hadolint's pragmas, config file, flags and habits,
 * run through the built CLI as a process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli-process.js';

/** A repository of its own, with no config of ours nor the user's own hadolint config in the way. */
function repo(files: Record<string, string>): string {
  return tempDir({ '.git/HEAD': 'ref: refs/heads/main\n', ...files }, 'dockerlint-hadolint-');
}

/** The CLI, with HOME and XDG_CONFIG_HOME pointing into the repository, so that the user's own config is not read. */
function run(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}, input?: string) {
  return runCli(args, { cwd, input, env: { HOME: `${cwd}/.home`, XDG_CONFIG_HOME: `${cwd}/.home/.config`, ...env } });
}

function rulesIn(compact: string): string[] {
  return [...compact.matchAll(/^[^:]+:\d+:\d+: \w+ ([\w-]+)/gm)].map((m) => m[1]);
}

const UNOFFICIAL = 'FROM someuser/pytorch:24.10-py3\nUSER 1000\n';

describe('hadolint pragmas and codes', () => {
  it('a rule answers to its peer code even where the peer would not report (official-base-image, DL3026)', () => {
    const dir = repo({ Dockerfile: UNOFFICIAL });
    expect(rulesIn(run(['-f', 'compact', '.'], dir).stdout)).toContain('official-base-image');
    expect(rulesIn(run(['-f', 'compact', '--rule', 'DL3026=off', '.'], dir).stdout)).not.toContain('official-base-image');
    const pragma = repo({ Dockerfile: `# hadolint global ignore=DL3026\n${UNOFFICIAL}` });
    expect(rulesIn(run(['-f', 'compact', '.'], pragma).stdout)).not.toContain('official-base-image');
  });

  it('a code that a finding answers to itself stays the only one of its peer: DL3014 leaves yum (DL3030) reported', () => {
    const dir = repo({ Dockerfile: 'FROM alpine:3.20\n# hadolint ignore=DL3014\nRUN apt-get install curl=8.0 && yum install wget-1.0\n' });
    const found = rulesIn(run(['-f', 'compact', '--no-config', '.'], dir).stdout);
    expect(found.filter((r) => r === 'non-interactive-install')).toHaveLength(1);
  });
});

const BAD = 'FROM python:latest\nRUN pip install flask\n';

describe("hadolint's config file", () => {
  it('is read when no dockerlint config is found: ignored, override, failure-threshold, with a note', () => {
    const dir = repo({
      Dockerfile: BAD,
      '.hadolint.yaml': 'ignored: [DL3007]\nfailure-threshold: error\noverride:\n  error: [DL3042]\n  style: [DL3013]\n',
    });
    const { code, stdout, stderr } = run(['-f', 'compact', '.'], dir);
    expect(stderr).toContain("dockerlint: note: using hadolint's config .hadolint.yaml");
    expect(rulesIn(stdout)).not.toContain('mutable-tag');
    expect(stdout).toMatch(/^Dockerfile:2:5: error package-cache-not-cleaned/m);
    expect(stdout).toMatch(/^Dockerfile:2:17: info unpinned-version/m);
    expect(code).toBe(1);
    // Without the error, failure-threshold: error passes on warnings.
    const warnings = repo({ Dockerfile: BAD, '.hadolint.yaml': 'failure-threshold: error\n' });
    expect(run(['.'], warnings).code).toBe(0);
  });

  it('is found upward from the linted path, up to the repository root, and then in XDG_CONFIG_HOME', () => {
    const dir = repo({ 'api/Dockerfile': BAD, '.hadolint.yml': 'no-fail: true\n' });
    expect(run(['api/Dockerfile'], dir).code).toBe(0);
    const user = repo({ Dockerfile: BAD, '.home/.config/hadolint.yaml': 'ignored: [DL3007]\nno-fail: true\n' });
    const result = run(['-f', 'compact', '.'], user);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(".home/.config/hadolint.yaml");
    expect(rulesIn(result.stdout)).not.toContain('mutable-tag');
  });

  it('gives way to a dockerlint config, and is read as hadolint\'s when named with -c', () => {
    const dir = repo({ Dockerfile: BAD, '.hadolint.yaml': 'no-fail: true\n', '.dockerlintrc.json': '{}' });
    const ours = run(['.'], dir);
    expect(ours.code).toBe(1);
    expect(ours.stderr).not.toContain('hadolint');
    const named = repo({ Dockerfile: BAD, 'ci/lint.yaml': 'no-fail: true\n' });
    expect(run(['-c', 'ci/lint.yaml', '.'], named).code).toBe(0);
  });

  it('trustedRegistries, label-schema, strict-labels and disable-ignore-pragma apply', () => {
    const dir = repo({
      Dockerfile: '# hadolint ignore=DL3026\nFROM quay.io/acme/base:1.0\nLABEL owner=me\nUSER 1000\n',
      '.hadolint.yaml': 'trustedRegistries: [docker.io]\nlabel-schema:\n  version: semver\nstrict-labels: true\ndisable-ignore-pragma: true\n',
    });
    const found = rulesIn(run(['-f', 'compact', '.'], dir).stdout);
    expect(found).toContain('official-base-image');
    expect(found.filter((r) => r === 'label-schema')).toHaveLength(2);
  });

  it('a file hadolint could not use is a note, not a failure', () => {
    const dir = repo({ Dockerfile: 'FROM python:3.12-slim\nUSER 1000\n', '.hadolint.yaml': 'ignored: [DL3007\n' });
    const { stderr } = run(['.'], dir);
    expect(stderr).toMatch(/^dockerlint: note: \.hadolint\.yaml: invalid YAML at line \d+, column \d+: .*: ignored, as hadolint does$/m);
  });
});

describe("hadolint's flags", () => {
  it('- lints standard input (hadolint - < Dockerfile), and cannot be mixed with paths', () => {
    const dir = repo({ 'empty/.keep': '' });
    const piped = run(['-f', 'gnu', '-'], `${dir}/empty`, {}, BAD);
    expect(piped.code).toBe(1);
    expect(rulesIn(piped.stdout)).toContain('mutable-tag');
    // `-o -` is standard output, not input.
    expect(run(['-o', '-', '-'], `${dir}/empty`, {}, BAD).code).toBe(1);
    const mixed = run(['-', 'Dockerfile'], dir, {}, BAD);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe('dockerlint: error: - (standard input) cannot be linted together with other paths\n');
  });

  it('--ignore, --error/--warning/--info/--style, -t, --no-fail', () => {
    const dir = repo({ Dockerfile: BAD });
    const out = run(['-f', 'gnu', '--ignore', 'DL3007', '--ignore', 'run-as-root', '--error', 'DL3042', '--style', 'DL3013', '.'], dir).stdout;
    expect(rulesIn(out)).toEqual(['package-cache-not-cleaned', 'unpinned-version']);
    expect(out).toMatch(/^Dockerfile:2:5: error package-cache-not-cleaned/m);
    expect(out).toMatch(/^Dockerfile:2:17: info unpinned-version/m);
    expect(run(['-t', 'error', '.'], dir).code).toBe(0);
    expect(run(['--failure-threshold', 'style', '--ignore', 'DL3007', '--ignore', 'DL3013', '--ignore', 'run-as-root', '.'], dir).code).toBe(1);
    expect(run(['--no-fail', '.'], dir).code).toBe(0);
    const bad = run(['-t', 'sometimes', '.'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('dockerlint: error: --failure-threshold sometimes: expected one of error, warning, info, style, ignore, none\n');
  });

  it('--trusted-registry, --require-label, --strict-labels, --disable-ignore-pragma, -V', () => {
    const dir = repo({ Dockerfile: '# hadolint ignore=DL3026\nFROM quay.io/acme/base:1.0\nLABEL owner=me\nUSER 1000\n' });
    expect(rulesIn(run(['-f', 'gnu', '.'], dir).stdout)).not.toContain('official-base-image');
    const found = run(['-f', 'gnu', '-V', '--trusted-registry', 'docker.io', '--require-label', 'version:semver', '--strict-labels', '--disable-ignore-pragma', '.'], dir);
    expect(rulesIn(found.stdout).sort()).toEqual(['label-schema', 'label-schema', 'official-base-image']);
    expect(found.stderr).toBe('dockerlint: config: none\n');
    expect(rulesIn(run(['-f', 'gnu', '--trusted-registry', 'quay.io', '--disable-ignore-pragma', '.'], dir).stdout)).toEqual([]);
  });

  it("takes hadolint's format names, and refuses the ones we do not write naming the nearest", () => {
    const dir = repo({ Dockerfile: BAD });
    expect(run(['-f', 'tty', '.'], dir).stdout).toContain('4 problems');
    const sonar = JSON.parse(run(['-f', 'sonarqube', '.'], dir).stdout) as { issues: { engineId: string; ruleId: string; severity: string }[] };
    expect(sonar.issues.map((i) => `${i.ruleId} ${i.severity}`).sort()).toEqual([
      'mutable-tag MAJOR',
      'package-cache-not-cleaned MINOR',
      'run-as-root MAJOR',
      'unpinned-version MAJOR',
    ]);
    expect(JSON.parse(run(['-f', 'gitlab_codeclimate', '.'], dir).stdout)).toHaveLength(4);
    const refused = run(['-f', 'codeclimate', '.'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^dockerlint: error: hadolint's codeclimate format .* use -f gitlab, .*\n$/);
  });
});

describe('dockerlint init', () => {
  it("writes .dockerlintrc.yaml translated from hadolint's config, which then lints the same, and never overwrites", () => {
    const dir = repo({ Dockerfile: BAD, '.hadolint.yaml': 'ignored: [DL3007]\nfailure-threshold: error\noverride:\n  error: [DL3042]\nno-color: true\n' });
    const before = run(['-f', 'gnu', '.'], dir);
    const init = run(['init'], dir);
    expect(init.code).toBe(0);
    expect(init.stdout).toBe('wrote .dockerlintrc.yaml from .hadolint.yaml\n');
    const written = readFileSync(join(dir, '.dockerlintrc.yaml'), 'utf8');
    expect(written).toContain('# hadolint no-color: true: pass --no-color');
    expect(written).toMatch(/^failLevel: error$/m);
    const after = run(['-f', 'gnu', '.'], dir);
    expect(after.stderr).toBe('');
    expect([after.stdout, after.code]).toEqual([before.stdout, before.code]);
    const again = run(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('dockerlint: error: .dockerlintrc.yaml: a dockerlint config is already there: not overwritten\n');
  });

  it('writes a starting config when there is no hadolint config', () => {
    const dir = repo({});
    expect(run(['init'], dir).stdout).toBe('wrote .dockerlintrc.yaml\n');
    expect(readFileSync(join(dir, '.dockerlintrc.yaml'), 'utf8')).toMatch(/^rules: \{\}\nfailLevel: warning\n$/m);
  });
});
