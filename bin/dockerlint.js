#!/usr/bin/env node
// The compiled sources (a checkout after `npm run build`, an npm install), else
// the committed single-file bundle: npm's install from git, which pre-commit
// uses, may skip our build (npm/cli#8440).
let cli;
try {
  cli = await import('../build/src/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  cli = await import('../dist/cli.js');
}
process.exitCode = await cli.main();
