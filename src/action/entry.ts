/**
 * The GitHub Action (action.yml), bundled by scripts/bundle.ts into
 * dist/action.js, with the WASM parsers beside it, so that it runs with no
 * `npm install`. What it does is in run.ts.
 */
import { useWasmBeside } from '../bundle/embedded-wasm.js';
import '../bundle/embedded-modules.js';
import { runAction } from './run.js';

useWasmBeside(import.meta.url);

process.exitCode = await runAction();
