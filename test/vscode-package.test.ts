/**
 * The VS Code extension packs into a `.vsix` with the packaging script, offline: its client library bundled into
 * the extension's one file (the package has no dependency to install), the manifest VS Code reads, and nothing else.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, tempDir } from './support/cli-process.js';

describe('scripts/package-vscode', () => {
  it('builds the .vsix with the client bundled', async () => {
    const out = tempDir({});
    const run = spawnSync(process.execPath, [join(root, 'build', 'scripts', 'package-vscode.js'), '--out', out], { encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
    expect(run.status, run.stderr).toBe(0);
    const vsix = run.stdout.trim().split('\n').at(-1)!;
    expect(vsix).toBe(join(out, 'dockerlint-0.1.0.vsix'));
    // vsce's own reader of packages (its yauzl).
    const { readZip } = (await import('@vscode/vsce/out/zip.js' as string)) as { readZip(path: string, filter: (name: string) => boolean): Promise<Map<string, Buffer>> };
    const files = await readZip(vsix, () => true);
    expect([...files.keys()].sort()).toEqual(['[content_types].xml', 'extension.vsixmanifest', 'extension/dist/extension.js', 'extension/license.txt', 'extension/package.json', 'extension/readme.md']);
    const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'dockerlint', main: './dist/extension.js', engines: { vscode: expect.any(String) } });
    expect(manifest.dependencies).toBeUndefined();
    const extension = files.get('extension/dist/extension.js')!.toString('utf8');
    expect(extension).toContain('require("vscode")');
    expect(extension).not.toMatch(/require\("vscode-languageclient/);
  });
});
