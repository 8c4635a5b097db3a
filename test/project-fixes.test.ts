/**
 * Fixes that reach past the file a finding is on: edits a rule reports on another file of the build (the
 * requirements line a Dockerfile installs) and files a fix creates (a `.dockerignore`). test/rule-fixes.test.ts fixes
 * one text at a time and cannot show them; here each bad fixture folder of these rules is fixed as `--fix
 * --unsafe-fixes --diff` would (the whole folder, nothing written), and `fixtures/<rule-id>/expected.project-fixes.md`
 * is the reviewed snapshot of every file that changes or is created. Refresh with
 * `npx vitest run test/project-fixes.test.ts -u` and read it.
 */
import { existsSync, mkdtempSync, readdirSync, statSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixFiles, lint } from '../src/index.js';
import { rules } from '../rules/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const CROSS_FILE = ['gpu-wheels-in-cpu-image', 'missing-dockerignore', 'opencv-gui-in-container'];

function ruleOf(id: string) {
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

describe.each(CROSS_FILE)('%s', (id) => {
  it('fixes its bad fixture folders as expected.project-fixes.md shows, and the fixed project has no fix left to apply', async () => {
    const rule = ruleOf(id);
    const bad = join(FIXTURES, id, 'bad');
    const sections = [`# Fixes of ${id} across files (--fix --unsafe-fixes on each bad folder)`, ''];
    for (const name of readdirSync(bad).sort()) {
      const dir = join(bad, name);
      if (!statSync(dir).isDirectory()) continue;
      const { changes } = await fixFiles(['.'], { cwd: dir, config: false, rules: [rule], unsafe: true, write: false });
      sections.push(`## bad/${name}`, '');
      if (changes.length === 0) sections.push('no change', '');
      for (const change of changes) {
        sections.push(`### ${change.path}${change.created ? ' (created)' : ''}`, '', '```', change.after.replace(/\r/g, '␍').replace(/\n$/, ''), '```', '');
      }
    }
    await expect(sections.join('\n')).toMatchFileSnapshot(join(FIXTURES, id, 'expected.project-fixes.md'));
  });
});

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-project-fix-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('missing-dockerignore creates a .dockerignore', () => {
  const rule = ruleOf('missing-dockerignore');

  it('leaves out .git, node_modules and large model files the Dockerfile does not name, keeps what it copies, and the finding is gone after', async () => {
    const dir = tempDir({
      'Dockerfile': 'FROM node:22-slim\nWORKDIR /app\nCOPY models/small.onnx models/\nCOPY . .\nRUN npm run build\nENV WEIGHTS=/app/weights/named.pt\n',
      'package.json': '{}\n',
      'node_modules/x/index.js': '',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'dist/main.js': '',
      'weights/big.safetensors': '',
      'weights/named.pt': '',
      'models/small.onnx': '',
      'data/small.csv': 'a,b\n',
    });
    // Sparse files: large by size, nothing on disk.
    truncateSync(join(dir, 'weights/big.safetensors'), 25 * 1024 * 1024);
    truncateSync(join(dir, 'weights/named.pt'), 25 * 1024 * 1024);
    truncateSync(join(dir, 'models/small.onnx'), 25 * 1024 * 1024);
    const planned = await fixFiles(['.'], { cwd: dir, config: false, rules: [rule], unsafe: true, write: false });
    expect(planned.changes.map((c) => [c.path, c.created])).toEqual([['.dockerignore', true]]);
    expect(planned.changes[0]!.after.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([
      '.git',
      'node_modules',
      'dist',
      'weights/big.safetensors',
      'Dockerfile',
      '.dockerignore',
    ]);
    // Only with --unsafe-fixes.
    expect((await fixFiles(['.'], { cwd: dir, config: false, rules: [rule], write: false })).changes).toEqual([]);
    const run = await fixFiles(['.'], { cwd: dir, config: false, rules: [rule], unsafe: true, write: true });
    expect(existsSync(join(dir, '.dockerignore'))).toBe(true);
    expect(run.result.files.flatMap((f) => f.findings)).toEqual([]);
    expect((await lint(['.'], { cwd: dir, config: false, rules: [rule] })).files.flatMap((f) => f.findings)).toEqual([]);
  });

  it('drops a pattern that would leave out a named source, and writes no pattern for a name it cannot write plainly', async () => {
    const dir = tempDir({
      'Dockerfile': 'FROM python:3.12-slim\nCOPY .env /app/.env\nCOPY *.pyc /app/\nCOPY . /app\n',
      '.env': 'A=1\n',
      'x.pyc': '',
      'sub/__pycache__/y.pyc': '',
      '#odd/pyvenv.cfg': '',
    });
    const { changes } = await fixFiles(['.'], { cwd: dir, config: false, rules: [rule], unsafe: true, write: false });
    expect(changes[0]!.after.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['**/__pycache__', 'Dockerfile', '.dockerignore']);
  });
});
