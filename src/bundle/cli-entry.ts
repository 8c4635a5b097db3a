/** Entry of dist/cli.js, the self-contained CLI that bin/ falls back to when build/ is missing. */
import './embedded-wasm.js';
import './embedded-modules.js';

export { main } from '../cli.js';
