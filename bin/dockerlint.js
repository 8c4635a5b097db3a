#!/usr/bin/env node
// The Node.js version is checked before anything else loads: on an older Node, yargs or our own modules fail
// with a stack trace and exit 1, which CI reads as "findings". So this file is written for any Node.js that
// might run it: no `import` statement (they load before any code runs), no syntax newer than ES5, and the rest
// loads through import() only once the check passed. Keep REQUIRED in step with package.json's `engines`
// (test/node-version.test.ts checks it).
var REQUIRED = '20.19';

function tooOld(version, required) {
  var have = String(version).split('.');
  var need = required.split('.');
  for (var i = 0; i < need.length; i++) {
    var a = parseInt(have[i], 10) || 0;
    var b = parseInt(need[i], 10) || 0;
    if (a !== b) return a < b;
  }
  return false;
}

if (tooOld(process.versions.node, REQUIRED)) {
  process.stderr.write('dockerlint: error: Node.js ' + process.versions.node + ' is too old: dockerlint needs Node.js ' + REQUIRED + ' or newer\n');
  process.exitCode = 2;
} else {
  import('./start.js');
}
