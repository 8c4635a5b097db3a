/**
 * `npm run package:vscode [-- --out DIR]`: builds the VS Code extension's `.vsix` from editors/vscode/, without
 * network access. The client library is bundled into one file with esbuild (the extension then has no dependency
 * to install), the package folder is staged in a temporary directory, and @vscode/vsce packs it with
 * `dependencies: false`. Prints the path of the `.vsix` (default: build/vscode/dockerlint-<version>.vsix).
 */
import { build } from 'esbuild';
import { createVSIX } from '@vscode/vsce';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageInfo } from '../src/io/package-info.js';

const source = join(packageInfo.root, 'editors', 'vscode');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1]! : join(packageInfo.root, 'build', 'vscode'));

const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { name: string; version: string; dependencies?: Record<string, string> };
const stage = mkdtempSync(join(tmpdir(), 'dockerlint-vscode-'));
try {
  await build({
    entryPoints: [join(source, 'src', 'extension.js')],
    outfile: join(stage, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    // VS Code loads an extension's main file with require(): CommonJS, with `vscode` given by the editor.
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The client is in the bundle: the packaged manifest lists no dependency for vsce to look for.
  const { dependencies: _bundled, ...packaged } = manifest;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ ...packaged, files: ['dist/extension.js', 'README.md', 'LICENSE'] }, null, 2)}\n`);
  for (const file of ['README.md', 'LICENSE']) copyFileSync(join(source, file), join(stage, file));
  mkdirSync(outDir, { recursive: true });
  const packagePath = join(outDir, `${manifest.name}-${manifest.version}.vsix`);
  await createVSIX({ cwd: stage, packagePath, dependencies: false, allowMissingRepository: true });
  console.log(packagePath);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
