#!/usr/bin/env node
// Runs the single-file bundle in dist/ (it starts about a third faster than the
// ~150 compiled modules in build/, which Node has to find and link one by one),
// unless build/ is newer: a checkout where `npm run build` ran after the last
// `npm run bundle`. An npm install gives every file the same time, so it takes the
// bundle; npm's install from git, which pre-commit uses, may skip our build
// (npm/cli#8440), and then only the bundle is there.
import { statSync } from 'node:fs';

const mtime = (relative) => statSync(new URL(relative, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundle = mtime('../dist/cli.js');
const build = mtime('../build/src/cli.js');
const cli = await import(bundle !== undefined && (build === undefined || bundle >= build) ? '../dist/cli.js' : '../build/src/cli.js');
process.exitCode = await cli.main();
