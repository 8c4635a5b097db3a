// The library's entry (package.json `exports`): the compiled modules in build/ when they are there, else the
// bundle in dist/, which exports the same API. npm's install from git, which pre-commit uses, may skip our build
// (npm/cli#8440): without this, `import('dockerlint-cli')` failed there with ERR_MODULE_NOT_FOUND.
// test/install.test.ts checks that both export the same names.
import { existsSync } from 'node:fs';

const api = await import(existsSync(new URL('./build/src/index.js', import.meta.url)) ? './build/src/index.js' : './dist/cli.js');

export const {
  ConfigError,
  InputError,
  SEVERITY_ORDER,
  applyFixes,
  defineRule,
  failsAt,
  findConfigFile,
  fixFiles,
  formatters,
  lint,
  lintText,
  loadConfigFile,
  rules,
  unifiedDiff,
  version,
} = api;
