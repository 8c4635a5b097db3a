/**
 * The pre-commit hook with the real `pre-commit` program: `try-repo` of this
 * repository must fail on a bad Dockerfile with dockerlint's message, and pass
 * on a good one. pre-commit installs the hook itself (language: node), which
 * takes a while the first time. Skipped when pre-commit is not installed
 * (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { titleUnlessMissing } from './support/skip.js';

const root = join(import.meta.dirname, '..');
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;

function gitRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-pre-commit-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-qm', 'init');
  return dir;
}

function tryRepo(dir: string) {
  // A pre-commit home of our own keeps the test from reusing a hook environment built from another commit.
  const env = { ...process.env, PRE_COMMIT_HOME: join(tmpdir(), 'dockerlint-pre-commit-home'), NO_COLOR: '1' };
  return spawnSync('pre-commit', ['try-repo', root, 'dockerlint', '--all-files', '--color', 'never'], { cwd: dir, env, encoding: 'utf8' });
}

describe.skipIf(!hasPreCommit)(titleUnlessMissing('pre-commit hook', hasPreCommit ? undefined : 'pre-commit is not installed (pip install pre-commit)'), () => {
  it('fails on a bad Dockerfile with dockerlint findings', () => {
    const dir = gitRepo({ Dockerfile: 'FROM python:latest\nRUN pip install flask\n', 'README.md': '# app\n' });
    const run = tryRepo(dir);
    const output = run.stdout + run.stderr;
    expect(run.status, output).toBe(1);
    expect(output).toContain('mutable-tag (DL3007');
    expect(output).toMatch(/dockerlint\.+Failed/);
  }, 600_000);

  it('passes on a good Dockerfile', () => {
    const dir = gitRepo({
      Dockerfile: 'FROM python:3.12-slim\nHEALTHCHECK CMD ["python", "-c", "print(1)"]\nUSER 10001\nCMD ["python", "-c", "print(1)"]\n',
    });
    const run = tryRepo(dir);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/dockerlint\.+Passed/);
  }, 600_000);
});
