/**
 * The GitHub Action (action.yml), bundled by scripts/bundle.ts into
 * dist/action.js with the WASM parsers embedded, so that it runs with no
 * `npm install`. What it does is in run.ts.
 */
import '../bundle/embedded-wasm.js';
import '../bundle/embedded-modules.js';
import { runAction } from './run.js';

process.exitCode = await runAction();
