/**
 * Bundles the two self-contained files in dist/ (`npm run bundle`), each with
 * the WASM parsers embedded:
 *  - dist/action.js, the GitHub Action: GitHub runs an action without
 *    installing its dependencies;
 *  - dist/cli.js, the CLI that bin/ (start.js) falls back to when build/ is
 *    missing: npm's install from git (what pre-commit does) may skip our build
 *    (npm/cli#8440).
 * Both are committed; a test fails when they are stale. `--out DIR` writes
 * elsewhere (the test uses it).
 */
import { build } from 'esbuild';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageInfo } from '../src/io/package-info.js';

const outIndex = process.argv.indexOf('--out');
const outdir = outIndex > 0 ? process.argv[outIndex + 1] : join(packageInfo.root, 'dist');

// Chunk names carry a hash of their content: the chunks of an earlier bundle would stay beside the new ones.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });

await build({
  entryPoints: {
    action: join(packageInfo.root, 'src', 'action', 'entry.ts'),
    cli: join(packageInfo.root, 'src', 'bundle', 'cli-entry.ts'),
    // Beside the engine's chunk, where parallel.ts looks for it: large runs of the bundle use worker threads too.
    'chunks/lint-worker': join(packageInfo.root, 'src', 'bundle', 'worker-entry.ts'),
  },
  outdir,
  bundle: true,
  // Code only some commands run (the language server) goes to chunks that load when it runs, not at every start.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Readable names in the rare stack trace; the whitespace and syntax go, which V8 would otherwise parse at every start.
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

// The WASM parsers go beside the bundles as files (src/bundle/embedded-wasm.ts reads them): as base64 inside the
// bundle they were half its size, scanned by the JavaScript parser and decoded at every start.
const require = createRequire(import.meta.url);
for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm']) {
  copyFileSync(require.resolve(wasm), join(outdir, wasm.split('/')[1]!));
}
