/**
 * Entry of dist/chunks/cli.cjs: the CLI as one script, which bin/script-loader.js compiles with the V8 code cache
 * made at bundle time (Node 20 caches no ES module's compiled code, and compiling the modules was most of a
 * one-file run). The loader passes the values an ES module would have: `__importMetaUrl` (this file's URL, so the
 * engine finds the worker entry beside it) and `__dynamicImport`, its own `import()` for plugins. The WASM parsers
 * are in dist/, one folder up.
 */
import { useWasmBeside } from './embedded-wasm.js';
import { useImporter } from '../io/import-module.js';
import './embedded-modules.js';

declare const __dynamicImport: (url: string) => Promise<unknown>;

useWasmBeside(new URL('../cli.js', import.meta.url).href);
useImporter(__dynamicImport);

export { main } from '../cli.js';
