/**
 * The GitHub Action as GitHub runs it: the committed bundle, started with
 * INPUT_* variables and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. And the
 * committed bundles must be what `npm run bundle` makes of the sources.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function runAction(inputs: Record<string, string>, files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-action-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const output = join(dir, 'github-output.txt');
  const summary = join(dir, 'step-summary.md');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string | undefined> = { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [join(root, 'dist', 'action.js')], { cwd: dir, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  // `name=value` lines, and `name<<DELIMITER` blocks for multi-line values (the `results` report, left out here).
  const text = readFileSync(output, 'utf8').replace(/^(\S+)<<(\S+)\n[\s\S]*?\n\2\n/gm, '');
  const outputs = Object.fromEntries(text.trim().split('\n').filter(Boolean).map((line) => line.split('=', 2) as [string, string]));
  return { dir, code: result.status, stdout: result.stdout, stderr: result.stderr, outputs, summary: readFileSync(summary, 'utf8') };
}

const BAD = 'FROM python:latest\nRUN pip install flask\n';

describe('GitHub Action', () => {
  it('the committed bundles are current (run npm run bundle)', () => {
    const out = mkdtempSync(join(tmpdir(), 'dockerlint-bundle-'));
    const build = spawnSync(process.execPath, [join(root, 'build', 'scripts', 'bundle.js'), '--out', out], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const files = (dir: string) => (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
    expect(files(join(root, 'dist'))).toEqual(files(out));
    // V8's code cache differs from run to run: it must belong to the committed script (checked below), not equal it.
    for (const name of files(out).filter((f) => !f.endsWith('.cache'))) {
      const fresh = readFileSync(join(out, name));
      expect(fresh.equals(readFileSync(join(root, 'dist', name))), `dist/${name} is stale: run npm run bundle`).toBe(true);
    }
  });

  it('the CLI script starts from its code cache, and from none when the cache is of another script', () => {
    const script = join(root, 'dist', 'chunks', 'cli.cjs');
    const cache = readFileSync(`${script}.cache`);
    expect(cache.subarray(0, 64).toString('latin1'), 'dist/chunks/cli.cjs.cache is stale: run npm run bundle').toBe(createHash('sha256').update(readFileSync(script)).digest('hex'));
    const probe = (dir: string) =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { loadScript, setCliFlags } from ${JSON.stringify(pathToFileURL(join(root, 'bin', 'script-loader.js')).href)};
setCliFlags();
const loaded = loadScript(new URL(${JSON.stringify(pathToFileURL(join(dir, 'cli.cjs')).href)}));
console.log(JSON.stringify({ cacheUsed: loaded.cacheUsed, main: typeof loaded.exports.main }));`,
        ],
        { encoding: 'utf8' },
      );
    // The committed pair, as bin/start.js loads it (on this Node.js: V8 rejects a cache made by another).
    const used = probe(join(root, 'dist', 'chunks'));
    expect(used.stderr).toBe('');
    expect(JSON.parse(used.stdout)).toEqual({ cacheUsed: true, main: 'function' });
    // The same script one character longer, with the committed cache: compiled from source, and it still runs.
    // Inside the package, as the script's code looks for its package.json above it.
    const other = mkdtempSync(join(root, 'build', 'script-probe-'));
    writeFileSync(join(other, 'cli.cjs'), `${readFileSync(script, 'latin1')}\n`, 'latin1');
    writeFileSync(join(other, 'cli.cjs.cache'), cache);
    const unused = probe(other);
    rmSync(other, { recursive: true, force: true });
    expect(unused.stderr).toBe('');
    expect(JSON.parse(unused.stdout)).toEqual({ cacheUsed: false, main: 'function' });
  });

  it('annotates findings, sets outputs, writes SARIF and the job summary, and fails at the fail level', () => {
    const run = runAction({ path: '.', 'sarif-file': 'results.sarif' }, { Dockerfile: BAD });
    expect(run.code).toBe(1);
    // One annotation per finding, at its range, titled with the rule and its peer codes.
    const annotations = [...run.stdout.matchAll(/^::(\w+) file=([^,]*),line=(\d+),endLine=(\d+),col=(\d+),endColumn=(\d+),title=([\w-]+)/gm)].map((m) => m.slice(1).join(' '));
    expect(annotations).toEqual([
      'warning Dockerfile 1 1 6 19 run-as-root',
      'warning Dockerfile 1 1 13 19 mutable-tag',
      'warning Dockerfile 2 2 17 22 unpinned-version',
      'notice Dockerfile 2 2 5 8 package-cache-not-cleaned',
    ]);
    expect(run.outputs).toEqual({ findings: '4', errors: '0', 'sarif-file': 'results.sarif' });
    const sarif = JSON.parse(readFileSync(join(run.dir, 'results.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((r) => r.ruleId).sort()).toEqual(['mutable-tag', 'package-cache-not-cleaned', 'run-as-root', 'unpinned-version']);
    expect(run.summary).toContain('**4 problems** (0 errors, 3 warnings, 1 info) in 1 file.');
    // A table row per finding.
    expect([...run.summary.matchAll(/^\| \d+:\d+ \| (?:warning|info) \| \[([\w-]+)\]/gm)].map((m) => m[1])).toEqual(['run-as-root', 'mutable-tag', 'package-cache-not-cleaned', 'unpinned-version']);
  });

  it('passes with fail-level none, and on a clean Dockerfile', () => {
    const lenient = runAction({ 'fail-level': 'none' }, { Dockerfile: BAD });
    expect(lenient.code).toBe(0);
    expect(lenient.outputs).toEqual({ findings: '4', errors: '0' });
    const clean = runAction({ 'fail-level': 'warning' }, {
      Dockerfile: 'FROM python:3.12-slim\nHEALTHCHECK CMD ["python", "-c", "print(1)"]\nUSER 10001\nCMD ["python", "-c", "print(1)"]\n',
    });
    expect(clean.stdout).not.toMatch(/^::(error|warning)/m);
    expect(clean.code).toBe(0);
    expect(clean.outputs).toEqual({ findings: '0', errors: '0' });
    expect(clean.summary).toContain('No problems found in 1 file.');
  });

  it('reports a bad input as an error annotation and exit 2', () => {
    const run = runAction({ 'fail-level': 'sometimes' }, { Dockerfile: BAD });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=dockerlint::fail-level must be one of/m);
    const missing = runAction({ path: 'nope/' }, { Dockerfile: BAD });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/^::error title=dockerlint::nope.*no such file or directory/m);
  });
});
