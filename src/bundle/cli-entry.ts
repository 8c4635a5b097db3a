/**
 * Entry of dist/cli.js, the library as ES modules that index.js loads when build/ is missing (npm's install from git
 * may skip our build, npm/cli#8440), with the CLI's `main`. bin/ starts the same CLI as one script instead
 * (cli-script-entry.ts), which starts faster from its code cache.
 */
import { useWasmBeside } from './embedded-wasm.js';
import './embedded-modules.js';

useWasmBeside(import.meta.url);

export { main } from '../cli.js';
export * from '../index.js';
