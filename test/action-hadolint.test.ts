/**
 * hadolint-action's inputs given to our Action as GitHub passes them (INPUT_<NAME>, upper-cased, hyphens kept:
 * INPUT_FAILURE-THRESHOLD), so that swapping `uses:` with the same `with:` works. Runs dist/action.js: needs a
 * fresh `npm run bundle`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function runAction(inputs: Record<string, string>, files: Record<string, string>, action = join(root, 'dist', 'action.js')) {
  const workspace = mkdtempSync(join(tmpdir(), 'dockerlint-action-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), content);
  }
  const output = join(workspace, '.github-output');
  writeFileSync(output, '');
  const env: Record<string, string | undefined> = {
    ...process.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: undefined,
    HOME: join(workspace, '.home'),
    XDG_CONFIG_HOME: join(workspace, '.home', '.config'),
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [action], { cwd: workspace, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  return { workspace, code: result.status, stdout: result.stdout, stderr: result.stderr, output: readFileSync(output, 'utf8') };
}

const BAD = 'FROM python:latest\nRUN pip install flask\n';

function annotated(stdout: string): string[] {
  return [...stdout.matchAll(/^::(?:error|warning|notice) file=([^,]*),line=(\d+),.*title=([\w-]+)/gm)].map((m) => `${m[1]}:${m[2]} ${m[3]}`);
}

describe("the Action with hadolint-action's inputs", () => {
  it('dockerfile, working-directory, failure-threshold, ignore and override-*: paths stay relative to the workspace', () => {
    const run = runAction(
      { dockerfile: 'Dockerfile', 'working-directory': 'api', 'failure-threshold': 'error', ignore: 'DL3007,run-as-root', 'override-error': 'DL3042' },
      { 'api/Dockerfile': BAD, 'web/Dockerfile': BAD },
    );
    expect(annotated(run.stdout)).toEqual(['api/Dockerfile:2 package-cache-not-cleaned', 'api/Dockerfile:2 unpinned-version']);
    expect(run.code).toBe(1);
    const passing = runAction({ dockerfile: 'Dockerfile', 'working-directory': 'api', 'failure-threshold': 'error' }, { 'api/Dockerfile': BAD });
    expect(passing.code).toBe(0);
  });

  it('recursive lints every file named like dockerfile; no-fail passes; output-file takes the report', () => {
    const run = runAction({ dockerfile: 'Dockerfile', recursive: 'true', 'no-fail': 'true', 'output-file': 'hadolint.txt', format: 'tty' }, {
      'a/Dockerfile': BAD,
      'b/c/Dockerfile': BAD,
      'b/requirements.txt': 'flask\n',
    });
    expect(run.code).toBe(0);
    expect([...new Set(annotated(run.stdout).map((a) => a.split(':')[0]))]).toEqual(['a/Dockerfile', 'b/c/Dockerfile']);
    expect(readFileSync(join(run.workspace, 'hadolint.txt'), 'utf8')).toContain('8 problems');
    // Only the annotations and their one-line summary reach the log.
    expect(run.stdout).not.toMatch(/^\s+\d+:\d+\s+warning/m);
    expect(run.output).toMatch(/^results<<dockerlint-[\w-]+\n[\s\S]*8 problems/m);
  });

  it("without dockerfile, a step written for hadolint-action lints its default ./Dockerfile; one written for us, everything", () => {
    const files = { Dockerfile: BAD, 'tools/Dockerfile': BAD };
    const hadolintStep = runAction({ 'failure-threshold': 'error', 'no-fail': 'true' }, files);
    expect([...new Set(annotated(hadolintStep.stdout).map((a) => a.split(':')[0]))]).toEqual(['Dockerfile']);
    const ourStep = runAction({ 'fail-level': 'none' }, files);
    expect([...new Set(annotated(ourStep.stdout).map((a) => a.split(':')[0]))]).toEqual(['Dockerfile', 'tools/Dockerfile']);
  });

  it('trusted-registries, and format sarif with a category for automationDetails.id', () => {
    const run = runAction(
      { dockerfile: 'Dockerfile', 'trusted-registries': 'docker.io', format: 'sarif', 'output-file': 'out.sarif', category: 'api' },
      { Dockerfile: 'FROM quay.io/acme/base:1.0\nUSER 1000\n' },
    );
    const sarif = JSON.parse(readFileSync(join(run.workspace, 'out.sarif'), 'utf8')) as {
      runs: { automationDetails: { id: string }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0].automationDetails.id).toBe('api/');
    expect(sarif.runs[0].results.map((r) => r.ruleId)).toContain('official-base-image');
  });

  it('a bad failure-threshold or a format we do not write is one error annotation and exit 2', () => {
    const threshold = runAction({ 'failure-threshold': 'sometimes' }, { Dockerfile: BAD });
    expect(threshold.code).toBe(2);
    expect(threshold.stdout).toMatch(/^::error title=dockerlint::failure-threshold sometimes: expected one of error, warning, info, style, ignore, none$/m);
    const format = runAction({ format: 'codacy' }, { Dockerfile: BAD });
    expect(format.code).toBe(2);
    expect(format.stdout).toMatch(/^::error title=dockerlint::format: hadolint's codacy format is not supported: use -f json/m);
  });

  it('runs from its own checkout, without node_modules, with a YAML config (the bundle carries yaml and minimatch)', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'dockerlint-checkout-'));
    // dist/ as the repository holds it: the bundle and the WASM parsers beside it.
    cpSync(join(root, 'dist'), join(checkout, 'dist'), { recursive: true });
    copyFileSync(join(root, 'package.json'), join(checkout, 'package.json'));
    const run = runAction(
      {},
      { Dockerfile: BAD, '.dockerlintrc.yaml': 'rules:\n  mutable-tag: "off"\noverrides:\n  - files: ["*.Dockerfile"]\n    rules:\n      run-as-root: "off"\n' },
      join(checkout, 'dist', 'action.js'),
    );
    expect(run.stdout).not.toContain('Cannot find module');
    expect(annotated(run.stdout)).toEqual(['Dockerfile:1 run-as-root', 'Dockerfile:2 unpinned-version', 'Dockerfile:2 package-cache-not-cleaned']);
    // And hadolint's config, found in the workspace.
    const hadolint = runAction({}, { Dockerfile: BAD, '.hadolint.yaml': 'ignored: [DL3007, DL3013]\n' }, join(checkout, 'dist', 'action.js'));
    expect(hadolint.stdout).toContain("dockerlint: note: using hadolint's config .hadolint.yaml");
    expect(annotated(hadolint.stdout)).toEqual(['Dockerfile:1 run-as-root', 'Dockerfile:2 package-cache-not-cleaned']);
  });
});
