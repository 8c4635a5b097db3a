/**
 * Bundles the GitHub Action into one file, dist/action.js, with the WASM
 * parsers embedded (`npm run bundle`). The file is committed, because GitHub
 * runs an action without installing its dependencies; a test fails when it is
 * stale. `--out FILE` writes elsewhere (the test uses it).
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { packageInfo } from '../src/package-info.js';

const outIndex = process.argv.indexOf('--out');
const outfile = outIndex > 0 ? process.argv[outIndex + 1] : join(packageInfo.root, 'dist', 'action.js');

await build({
  entryPoints: [join(packageInfo.root, 'src', 'action.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  loader: { '.wasm': 'binary' },
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
