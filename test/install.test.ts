/**
 * Installing as the README says: `npm install` of the packed tarball, and what npm's install from git (pre-commit)
 * can leave, the same package without build/ (npm/cli#8440). Both must give a working `dockerlint` command and a
 * working `import('dockerlint-cli')`, not ERR_MODULE_NOT_FOUND. Dependencies come from npm's cache when they are
 * there (--prefer-offline).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from './support/cli-process.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work = '';
let tarball = '';

function sh(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A project with the tarball installed; `withoutBuild`: as a git install whose build was skipped. */
function installedProject(name: string, withoutBuild: boolean): string {
  const project = join(work, name);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
  writeFileSync(join(project, 'Dockerfile'), 'FROM python:latest\n');
  sh(npm, ['install', '--prefer-offline', '--ignore-scripts', '--no-package-lock', tarball], project);
  const installed = join(project, 'node_modules', 'dockerlint-cli');
  if (withoutBuild) {
    rmSync(join(installed, 'build'), { recursive: true, force: true });
    // The bundle as `npm run bundle` makes it from these sources (the committed one may lag behind a change).
    const bundle = join(work, 'bundle');
    sh(process.execPath, [join(root, 'build', 'scripts', 'bundle.js'), '--out', bundle], root);
    cpSync(bundle, join(installed, 'dist'), { recursive: true });
  }
  return project;
}

const LIBRARY = `import('dockerlint-cli').then(async (m) => {
  const result = await m.lint(['Dockerfile'], { config: false });
  console.log(JSON.stringify({ names: Object.keys(m).sort(), rules: result.files[0].findings.map((f) => f.rule) }));
});`;

describe('install', { timeout: 240_000 }, () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'dockerlint-install-'));
    sh(npm, ['pack', '--ignore-scripts', '--pack-destination', work], root);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  }, 120_000);

  it.each([
    ['from the tarball', false],
    ['from git, where npm skipped the build', true],
  ])('%s: the command runs and the library imports', (_how, withoutBuild) => {
    const project = installedProject(withoutBuild ? 'git' : 'tarball', withoutBuild);
    const lib = JSON.parse(sh(process.execPath, ['--input-type=module', '-e', LIBRARY], project)) as { names: string[]; rules: string[] };
    expect(lib.rules).toContain('mutable-tag');
    // index.js picks build/ or the bundle: both export the library's whole API.
    const compiled = spawnSync(process.execPath, ['--input-type=module', '-e', `import('${join(root, 'build', 'src', 'index.js').replace(/\\/g, '/')}').then((m) => console.log(JSON.stringify(Object.keys(m).sort())))`], { encoding: 'utf8' });
    expect(lib.names).toEqual(JSON.parse(compiled.stdout));
    const bin = spawnSync(join(project, 'node_modules', '.bin', 'dockerlint'), ['--no-config', '-f', 'compact', 'Dockerfile'], { cwd: project, encoding: 'utf8', shell: process.platform === 'win32' });
    expect(bin.status).toBe(1);
    expect(bin.stdout).toContain('Dockerfile:1:13: warning mutable-tag');
  });
});
