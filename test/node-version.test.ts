/**
 * On a Node.js older than package.json's `engines`, the bin says so in one line and exits 2 (not a yargs stack trace
 * and 1, the code for findings). No older Node is installed here: a preload makes this one report an older version,
 * which is all the check reads; the check's syntax is held to what any Node can parse.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bin, root } from './support/cli-process.js';

const preload = join(import.meta.dirname, 'support', 'node-version-preload.cjs');

function runAs(version: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, ['--require', preload, bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DOCKERLINT_TEST_NODE_VERSION: version },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('Node.js version check', () => {
  it('names the version package.json requires', () => {
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const required = /var REQUIRED = '([\d.]+)'/.exec(readFileSync(bin, 'utf8'))?.[1];
    expect(engines).toBe(`>=${required}`);
  });

  it.each(['20.18.3', '18.20.4', '16.0.0', '8.9.4'])('on Node %s: one line, exit 2, nothing loaded', (version) => {
    const { code, stdout, stderr } = runAs(version, ['--version']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`dockerlint: error: Node.js ${version} is too old: dockerlint needs Node.js 20.19 or newer\n`);
  });

  it.each(['20.19.0', '22.1.0', '100.0.0'])('on Node %s it runs', (version) => {
    const { code, stdout } = runAs(version, ['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('the check parses as a classic script with no syntax newer than ES5 but import()', () => {
    const source = readFileSync(bin, 'utf8').replace(/^#!.*\n/, '');
    // A classic script, as an old Node that ignores "type": "module" reads it: no import statement.
    expect(() => new Script(source)).not.toThrow();
    const code = source.replace(/^\s*\/\/.*$/gm, '');
    expect(code).not.toMatch(/=>|\bconst\b|\blet\b|\?\.|\?\?|`|\bclass\b|\basync\b|\bawait\b|\.\.\./);
  });
});
