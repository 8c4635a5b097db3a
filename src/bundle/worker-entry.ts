/**
 * Entry of dist/chunks/lint-worker.js, a worker thread of the bundled CLI and Action: parallel.ts starts
 * `./lint-worker.js` beside its own module, which in the bundle is a chunk of dist/chunks/. The WASM parsers are
 * beside the entries in dist/; the worker's module is loaded once they are set, since it starts linting as it loads.
 */
import { useWasmBeside } from './embedded-wasm.js';

useWasmBeside(new URL('../cli.js', import.meta.url).href);
await import('../engine/lint-worker.js');
