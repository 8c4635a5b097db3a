/**
 * Entry of dist/cli.js, the self-contained CLI that bin/ falls back to when build/ is missing, and the library
 * (index.js loads it then): npm's install from git may skip our build (npm/cli#8440).
 */
import { useWasmBeside } from './embedded-wasm.js';
import './embedded-modules.js';

useWasmBeside(import.meta.url);

export { main } from '../cli.js';
export * from '../index.js';
