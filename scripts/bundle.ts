/**
 * Bundles what runs without our build/ (`npm run bundle`), with the WASM parsers beside it in dist/:
 *  - dist/action.js, the GitHub Action: GitHub runs an action without installing its dependencies;
 *  - dist/chunks/cli.cjs, the CLI as one script, and beside it V8's code cache of a run over the sample Dockerfile
 *    (cli.cjs.cache): what bin/ starts (bin/script-loader.js says why);
 *  - dist/cli.js, the CLI and the library as ES modules, which index.js loads when build/ is missing: npm's install
 *    from git (what pre-commit does) may skip our build (npm/cli#8440).
 * All are committed; a test fails when they are stale. `--out DIR` writes elsewhere (the test uses it).
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageInfo } from '../src/io/package-info.js';

const outIndex = process.argv.indexOf('--out');
const outdir = outIndex > 0 ? process.argv[outIndex + 1] : join(packageInfo.root, 'dist');

// V8's code cache differs from one making to the next: the one already there is kept while it is of the same script
// (its first 64 bytes are the script's SHA-256), so that a bundle of unchanged sources changes no file.
const earlierCache = (() => {
  try {
    return readFileSync(join(outdir, 'chunks', 'cli.cjs.cache'));
  } catch {
    return undefined;
  }
})();

// Chunk names carry a hash of their content: the chunks of an earlier bundle would stay beside the new ones.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });

/**
 * Two changes to yargs' platform shim, each checked so that an upgrade of yargs that moves them fails the bundle:
 *  - It lays out `--help` with cliui and string-width, which build Unicode tables as they load (a regular expression
 *    of every emoji, an Intl.Segmenter): 12 ms of every run, most of which print no help. It gets stand-ins that
 *    load them on first call.
 *  - It finds its program's package.json (for a version we give it anyway) by listing folders up from the folder
 *    that holds node_modules, which a bundle has not: from the working directory, up to the root, reading whatever
 *    package.json it meets there. It starts from the bundle, inside our package, instead.
 */
const yargsShim: Plugin = {
  name: 'yargs-shim',
  setup(on) {
    const shim = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
    on.onResolve({ filter: /^(cliui|string-width)$/ }, async (args) => {
      if (!shim.test(args.importer)) return undefined;
      const real = await on.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-help-layout' };
    });
    on.onResolve({ filter: /.*/, namespace: 'lazy-help-layout' }, (args) => ({ path: args.path }));
    on.onLoad({ filter: /.*/, namespace: 'lazy-help-layout' }, (args) => ({
      contents: `export default function lazy(...args) { return require(${JSON.stringify(args.path)}).default(...args); }`,
      loader: 'js',
      resolveDir: packageInfo.root,
    }));
    on.onLoad({ filter: shim }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const from = "const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));";
      if (!text.includes(from)) throw new Error(`bundle: yargs' platform shim changed (${args.path}): check the yargs-shim plugin`);
      return { contents: text.replace(from, 'const mainFilename = __dirname;'), loader: 'js' };
    });
  },
};

const common: BuildOptions = {
  plugins: [yargsShim],
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Readable names in the rare stack trace; the whitespace and syntax go, which V8 would otherwise parse at every start.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: {
    action: join(packageInfo.root, 'src', 'action', 'entry.ts'),
    cli: join(packageInfo.root, 'src', 'bundle', 'cli-entry.ts'),
    // Beside the engine's chunk, where parallel.ts looks for it: large runs of the bundle use worker threads too.
    'chunks/lint-worker': join(packageInfo.root, 'src', 'bundle', 'worker-entry.ts'),
  },
  outdir,
  // Code only some commands run (the language server) goes to chunks that load when it runs, not at every start.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

/**
 * web-tree-sitter loads Node's `module` with import(), which a script cannot run: it calls the loader's instead.
 * (Lowered to require(), it would call the `require` that web-tree-sitter declares with `var` right after.)
 */
const scriptImports: Plugin = {
  name: 'script-imports',
  setup(on) {
    on.onLoad({ filter: /[\\/]web-tree-sitter[\\/].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replace(/(?<![\w$.])import\(/g, '__dynamicImport(');
      if (contents === text) throw new Error(`bundle: no import() left to replace in ${args.path}: is script-imports still needed?`);
      return { contents, loader: 'js' };
    });
  },
};

// The CLI as one script, in chunks/ beside the worker entry that its engine starts for large runs. A script has no
// import.meta and no import() without a Node flag: bin/script-loader.js passes both (src/bundle/cli-script-entry.ts).
// It is made in a folder of build/ and copied to `outdir` with its code cache: making the cache runs it, and it looks
// for our package.json above itself (`--out` may be anywhere) and for the WASM parsers one folder up.
const staging = join(packageInfo.root, 'build', 'script-staging');
rmSync(staging, { recursive: true, force: true });
const script = join(staging, 'chunks', 'cli.cjs');
await build({
  ...common,
  entryPoints: [join(packageInfo.root, 'src', 'bundle', 'cli-script-entry.ts')],
  outfile: script,
  format: 'cjs',
  define: { 'import.meta.url': '__importMetaUrl' },
  plugins: [yargsShim, scriptImports],
});

// The WASM parsers go beside the bundles as files (src/bundle/embedded-wasm.ts reads them): as base64 inside the
// bundle they were half its size, scanned by the JavaScript parser and decoded at every start.
const require = createRequire(import.meta.url);
for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm']) {
  for (const dir of [outdir, staging]) copyFileSync(require.resolve(wasm), join(dir, wasm.split('/')[1]!));
}

// A script runs no import() (bin/script-loader.js hands over its own for plugins): one left in the code would fail
// only when that code runs. The one expected is the default of src/io/import-module.ts, which the entry replaces.
const scriptText = readFileSync(script, 'latin1');
const imports = scriptText.match(/(?<![\w$.])import\(/g)?.length ?? 0;
if (imports !== 1) throw new Error(`bundle: ${script} has ${imports} import() calls, where only src/io/import-module.ts's is expected: load the module with require`);

// bin/script-loader.js reads it as Latin-1, faster than decoding UTF-8: a character past ASCII would be misread.
const nonAscii = readFileSync(script).findIndex((byte) => byte > 0x7f);
if (nonAscii >= 0) throw new Error(`bundle: ${script} has a character past ASCII at byte ${nonAscii}: escape it in the source`);

// The code cache: V8's compiled code for what a run over the sample Dockerfile ran, made by a process that starts as
// bin/start.js does (the same flags), and written only once that run finished.
const loader = pathToFileURL(join(packageInfo.root, 'bin', 'script-loader.js')).href;
// The earlier one is kept only if V8 takes it (other V8 flags in bin/script-loader.js, another Node.js: it would not).
const scriptHash = createHash('sha256').update(readFileSync(script)).digest('hex');
const keep = earlierCache?.subarray(0, scriptHash.length).toString('latin1') === scriptHash;
if (keep) writeFileSync(`${script}.cache`, earlierCache!);
if (!keep || !cacheTaken()) makeCodeCache();
for (const name of ['cli.cjs', 'cli.cjs.cache']) copyFileSync(join(staging, 'chunks', name), join(outdir, 'chunks', name));
rmSync(staging, { recursive: true, force: true });

/**
 * Runs `body` in a process started as bin/start.js starts (the same V8 flags), after it loaded the staged script as
 * `loaded`.
 */
function withStagedScript(body: string) {
  const code = `import { loadScript, setCliFlags } from ${JSON.stringify(loader)};
setCliFlags();
const loaded = loadScript(new URL(${JSON.stringify(pathToFileURL(script).href)}));
${body}`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: packageInfo.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Whether V8 compiles the staged script from the cache beside it. */
function cacheTaken(): boolean {
  const probe = withStagedScript('process.stdout.write(String(loaded.cacheUsed));');
  return probe.status === 0 && probe.stdout === 'true';
}

function makeCodeCache(): void {
  const sample = join(packageInfo.root, 'fixtures', 'sample', 'Dockerfile');
  // The lint's report goes to the pipe, unread; exit 0 only once the cache is written (the sample has findings: 1).
  const made = withStagedScript(`await loaded.exports.main(['--no-config', ${JSON.stringify(sample)}]);
loaded.writeCache();
process.exitCode = 0;`);
  if (made.status !== 0) throw new Error(`bundle: making the code cache failed (exit ${made.status ?? made.signal})`);
}
