// Started by bin/dockerlint.js once it has checked the Node.js version.
// Runs the bundle in dist/, the CLI as one script compiled from V8's code cache (script-loader.js), unless build/
// is newer: a checkout where `npm run build` ran after the last `npm run bundle`. An npm install gives every file
// the same time, so it takes the bundle; npm's install from git, which pre-commit uses, may skip our build
// (npm/cli#8440), and then only the bundle is there.
import { statSync } from 'node:fs';
import { loadScript, setCliFlags } from './script-loader.js';

setCliFlags();

const mtime = (relative) => statSync(new URL(relative, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundle = mtime('../dist/chunks/cli.cjs');
const build = mtime('../build/src/cli.js');
const cli = bundle !== undefined && (build === undefined || bundle >= build) ? loadScript(new URL('../dist/chunks/cli.cjs', import.meta.url)).exports : await import('../build/src/cli.js');
process.exitCode = await cli.main();
