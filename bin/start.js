// Started by bin/dockerlint.js once it has checked the Node.js version.
// Runs the single-file bundle in dist/ (it starts about a third faster than the
// ~150 compiled modules in build/, which Node has to find and link one by one),
// unless build/ is newer: a checkout where `npm run build` ran after the last
// `npm run bundle`. An npm install gives every file the same time, so it takes the
// bundle; npm's install from git, which pre-commit uses, may skip our build
// (npm/cli#8440), and then only the bundle is there.
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// V8 compiles the shell grammar's WASM quickly (Liftoff), then again optimized in the background, and
// the process waits for that before it can exit: 1.3 s of CPU instead of 0.5 s for one Dockerfile, and
// slower on the corpus too. The CLI owns its process and asks for the quick compile alone; the library
// (src/engine/lint.ts) never changes the flags of the process that loads it.
setFlagsFromString('--liftoff-only');

const mtime = (relative) => statSync(new URL(relative, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundle = mtime('../dist/cli.js');
const build = mtime('../build/src/cli.js');
const cli = await import(bundle !== undefined && (build === undefined || bundle >= build) ? '../dist/cli.js' : '../build/src/cli.js');
process.exitCode = await cli.main();
