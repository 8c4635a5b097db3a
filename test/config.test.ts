import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  contextForFile,
  emptyConfig,
  findConfigFile,
  isIgnoredByConfig,
  loadConfigFile,
  rulesForFile,
  type Config,
} from '../src/config/config.js';
import { generateValidatorSource, SCHEMA_PATH, VALIDATOR_PATH } from '../scripts/build-config-validator.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

let root: string;
let savedCwd: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dockerlint-config-'));
  savedCwd = process.cwd();
  // Messages name config files relative to the working directory.
  process.chdir(root);
});

afterEach(() => {
  process.chdir(savedCwd);
  rmSync(root, { recursive: true, force: true });
});

/** Writes files (path relative to root → content) and returns root. */
function tree(files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

function loadError(path: string): string {
  try {
    loadConfigFile(join(root, path));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${path} loaded without error`);
}

function configWith(fields: Partial<Config>): Config {
  return { ...emptyConfig('/project'), ...fields };
}

describe('findConfigFile', () => {
  it('finds a config file upward from the start directory', () => {
    tree({ '.dockerlintrc.json': '{}', 'a/b/c/Dockerfile': 'FROM x\n' });
    expect(findConfigFile(join(root, 'a/b/c'))).toBe(join(root, '.dockerlintrc.json'));
  });

  it('prefers the nearest directory to the order of names', () => {
    tree({ '.dockerlintrc.json': '{}', 'a/dockerlint.config.json': '{}' });
    expect(findConfigFile(join(root, 'a'))).toBe(join(root, 'a/dockerlint.config.json'));
  });

  it('takes the names of one directory in order of precedence', () => {
    const names = ['.dockerlintrc.json', '.dockerlintrc.yaml', '.dockerlintrc.yml', 'dockerlint.config.json'];
    tree({ 'package.json': '{"dockerlint": {}}' });
    expect(findConfigFile(root)).toBe(join(root, 'package.json'));
    for (const name of [...names].reverse()) {
      tree({ [name]: '{}' });
      expect(findConfigFile(root)).toBe(join(root, name));
    }
  });

  it('skips a package.json without a dockerlint key and goes on upward', () => {
    tree({ '.dockerlintrc.yml': 'rules: {}\n', 'app/package.json': '{"name": "app"}', 'app/broken/package.json': '{' });
    expect(findConfigFile(join(root, 'app/broken'))).toBe(join(root, '.dockerlintrc.yml'));
  });

  it('uses a package.json that has a dockerlint key', () => {
    tree({ '.dockerlintrc.json': '{}', 'app/package.json': '{"name": "app", "dockerlint": {"failLevel": "info"}}' });
    const file = findConfigFile(join(root, 'app'));
    expect(file).toBe(join(root, 'app/package.json'));
    expect(loadConfigFile(file!).failLevel).toBe('info');
  });

  it('ignores directories named like config files', () => {
    mkdirSync(join(root, 'a/.dockerlintrc.json'), { recursive: true });
    tree({ 'dockerlint.config.json': '{}' });
    expect(findConfigFile(join(root, 'a'))).toBe(join(root, 'dockerlint.config.json'));
  });
});

describe('loadConfigFile', () => {
  it('loads every key of a JSON config', () => {
    tree({
      'cfg/.dockerlintrc.json': JSON.stringify({
        $schema: '../schema/config.schema.json',
        rules: { DL3008: 'warning', 'pinned-base-image': ['error', { allow: ['scratch'] }], DL3059: 'off', x: ['info'] },
        ignorePatterns: ['build/', '**/*.tmpl'],
        overrides: [{ files: ['legacy/'], rules: { DL3008: 'off' } }, { files: ['docker/*.Dockerfile'] }],
        trustedRegistries: ['docker.io/library', 'ghcr.io', '*.corp.example', 'localhost:5000', '*'],
        plugins: ['./rules/local.js', 'dockerlint-plugin-x'],
        failLevel: 'warning',
        context: { 'docker/*.Dockerfile': '.' },
      }),
    });
    const config = loadConfigFile(join(root, 'cfg/.dockerlintrc.json'));
    expect(config.file).toBe(join(root, 'cfg/.dockerlintrc.json'));
    expect(config.baseDir).toBe(join(root, 'cfg'));
    expect(config.rules).toEqual({ DL3008: 'warning', 'pinned-base-image': ['error', { allow: ['scratch'] }], DL3059: 'off', x: ['info'] });
    expect(config.ignorePatterns).toEqual(['build/', '**/*.tmpl']);
    expect(config.overrides).toEqual([
      { files: ['legacy/'], rules: { DL3008: 'off' } },
      { files: ['docker/*.Dockerfile'], rules: {} },
    ]);
    expect(config.trustedRegistries).toHaveLength(5);
    expect(config.plugins).toEqual(['./rules/local.js', 'dockerlint-plugin-x']);
    expect(config.failLevel).toBe('warning');
    expect(config.context).toEqual({ 'docker/*.Dockerfile': '.' });
  });

  it('fills in defaults for missing keys', () => {
    tree({ '.dockerlintrc.json': '{}' });
    const config = loadConfigFile(join(root, '.dockerlintrc.json'));
    expect(config).toEqual({ ...emptyConfig(root), file: join(root, '.dockerlintrc.json') });
  });

  it('loads YAML, and an empty YAML file as an empty config', () => {
    tree({
      '.dockerlintrc.yaml': '# comment\nrules:\n  DL3008: error\n  DL3015: [warning, {strict: true}]\nfailLevel: none\n',
      'empty/.dockerlintrc.yml': '',
    });
    const config = loadConfigFile(join(root, '.dockerlintrc.yaml'));
    expect(config.rules).toEqual({ DL3008: 'error', DL3015: ['warning', { strict: true }] });
    expect(config.failLevel).toBe('none');
    expect(loadConfigFile(join(root, 'empty/.dockerlintrc.yml')).rules).toEqual({});
  });

  it('accepts a byte order mark', () => {
    tree({ '.dockerlintrc.json': '\uFEFF{"failLevel": "error"}' });
    expect(loadConfigFile(join(root, '.dockerlintrc.json')).failLevel).toBe('error');
  });

  it('reports a missing file', () => {
    expect(loadError('nope.json')).toBe('nope.json: cannot read: no such file or directory');
  });

  it('reports bad JSON with its line and column', () => {
    tree({ '.dockerlintrc.json': '{\n  "rules": {},\n}\n' });
    expect(loadError('.dockerlintrc.json')).toMatch(/^\.dockerlintrc\.json: invalid JSON at line 3, column 1: /);
    tree({ '.dockerlintrc.json': '' });
    expect(loadError('.dockerlintrc.json')).toMatch(/^\.dockerlintrc\.json: invalid JSON/);
  });

  it('reports bad YAML with its line and column', () => {
    tree({ '.dockerlintrc.yaml': 'rules:\n  DL3008: error\n  DL3008: warning\n' });
    expect(loadError('.dockerlintrc.yaml')).toBe('.dockerlintrc.yaml: invalid YAML at line 3, column 3: Map keys must be unique');
    tree({ '.dockerlintrc.yml': 'rules: [\n' });
    expect(loadError('.dockerlintrc.yml')).toMatch(/^\.dockerlintrc\.yml: invalid YAML at line \d+, column \d+: \S/);
  });

  it('reports a bad severity with the file, the JSON path and the allowed values', () => {
    tree({ '.dockerlintrc.json': '{"rules": {"DL3008": "warn"}}' });
    expect(loadError('.dockerlintrc.json')).toBe(
      '.dockerlintrc.json: /rules/DL3008 must be one of "off", "info", "warning", "error" (got "warn")',
    );
    tree({ '.dockerlintrc.json': '{"rules": {"DL3008": ["warn", {}]}}' });
    expect(loadError('.dockerlintrc.json')).toContain('/rules/DL3008/0 must be one of');
    tree({ '.dockerlintrc.json': '{"rules": {"DL3008": ["error", "strict"]}}' });
    expect(loadError('.dockerlintrc.json')).toBe('.dockerlintrc.json: /rules/DL3008/1 must be an object (got "strict")');
    tree({ '.dockerlintrc.json': '{"rules": {"DL3008": ["error", {}, {}]}}' });
    expect(loadError('.dockerlintrc.json')).toBe('.dockerlintrc.json: /rules/DL3008 must have at most 2 items');
  });

  it('reports an unknown key, with a suggestion for a likely typo', () => {
    tree({ '.dockerlintrc.json': '{"ignorePattern": ["build/"]}' });
    expect(loadError('.dockerlintrc.json')).toBe(
      '.dockerlintrc.json: unknown key `ignorePattern` (did you mean `ignorePatterns`?)',
    );
    tree({ '.dockerlintrc.json': '{"sortedArguments": true}' });
    expect(loadError('.dockerlintrc.json')).toBe('.dockerlintrc.json: unknown key `sortedArguments`');
    tree({ '.dockerlintrc.json': '{"overrides": [{"file": ["x"], "rules": {}}]}' });
    expect(loadError('.dockerlintrc.json')).toBe(
      '.dockerlintrc.json: /overrides/0 has unknown key `file` (did you mean `files`?) (and 1 more problem)',
    );
  });

  it('says plainly what else is wrong', () => {
    const cases: [string, string][] = [
      ['[]', 'the configuration must be an object (got an array)'],
      ['{"ignorePatterns": "build/"}', '/ignorePatterns must be an array (got "build/")'],
      ['{"overrides": [{"files": []}]}', '/overrides/0/files must not be empty'],
      ['{"overrides": [{"rules": {}}]}', '/overrides/0 is missing the required key `files`'],
      ['{"failLevel": "warn"}', '/failLevel must be one of "error", "warning", "info", "none" (got "warn")'],
      ['{"plugins": [" "]}', '/plugins/0 must be a non-blank string (got " ")'],
      ['{"context": {"a/Dockerfile": 1}}', '/context/a~1Dockerfile must be a string (got 1)'],
      ['{"rules": {"DL 3008": "off"}}', '/rules has an invalid key "DL 3008": expected a rule id'],
      ['{"trustedRegistries": ["https://ghcr.io"]}', '/trustedRegistries/0 must be a registry host'],
    ];
    for (const [text, message] of cases) {
      tree({ '.dockerlintrc.json': text });
      expect(loadError('.dockerlintrc.json')).toContain(`.dockerlintrc.json: ${message}`);
    }
  });

  it('gives JSON paths into package.json from its dockerlint key', () => {
    tree({ 'package.json': '{"dockerlint": {"rules": {"DL3008": 2}}}' });
    expect(loadError('package.json')).toBe(
      'package.json: /dockerlint/rules/DL3008 must be one of "off", "info", "warning", "error" (got 2)',
    );
    tree({ 'package.json': '{"name": "x"}' });
    expect(loadError('package.json')).toBe('package.json: has no "dockerlint" key');
  });

  it('names a file outside the working directory by its absolute path', () => {
    tree({ 'a/.dockerlintrc.json': '{"failLevel": 1}' });
    process.chdir(mkdirAndReturn(join(root, 'b')));
    expect(loadError('a/.dockerlintrc.json')).toMatch(new RegExp(`^${escapeRegExp(join(root, 'a/.dockerlintrc.json'))}: /failLevel`));
  });
});

function mkdirAndReturn(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('rulesForFile', () => {
  const config = configWith({
    rules: { DL3008: 'error', DL3015: ['warning', { strict: true }], DL3059: 'info' },
    overrides: [
      { files: ['legacy/'], rules: { DL3008: 'off', DL3015: 'error' } },
      { files: ['*.Dockerfile'], rules: { DL3059: 'off' } },
      { files: ['legacy/old.Dockerfile'], rules: { DL3008: 'warning', DL3015: ['info', { strict: false }] } },
      { files: ['/Dockerfile'], rules: { DL3059: 'error' } },
    ],
  });

  it('gives the top-level rules to a file no override matches', () => {
    expect(rulesForFile(config, 'services/api/Dockerfile')).toEqual(config.rules);
  });

  it('applies every matching override in order, the later winning', () => {
    expect(rulesForFile(config, 'legacy/app/Dockerfile')).toEqual({ DL3008: 'off', DL3015: ['error', { strict: true }], DL3059: 'info' });
    expect(rulesForFile(config, 'legacy/old.Dockerfile')).toEqual({
      DL3008: 'warning',
      DL3015: ['info', { strict: false }],
      DL3059: 'off',
    });
  });

  it('matches a glob without a slash at any depth, and one with a leading slash at the base only', () => {
    expect(rulesForFile(config, 'a/b/web.Dockerfile').DL3059).toBe('off');
    expect(rulesForFile(config, 'Dockerfile').DL3059).toBe('error');
    expect(rulesForFile(config, 'a/Dockerfile').DL3059).toBe('info');
  });

  it('does not change the config', () => {
    rulesForFile(config, 'legacy/old.Dockerfile');
    expect(config.rules.DL3008).toBe('error');
  });

  it('matches nothing outside the base directory', () => {
    expect(rulesForFile(config, '../legacy/Dockerfile')).toEqual(config.rules);
  });
});

describe('isIgnoredByConfig', () => {
  const config = configWith({
    ignorePatterns: ['build/', '**/*.tmpl', 'Dockerfile.template', '/vendor', 'fixtures/**', '!fixtures/keep.Dockerfile', 'dist', '!dist/Dockerfile'],
  });

  it('follows gitignore rules', () => {
    const ignored = (path: string) => isIgnoredByConfig(config, path);
    // `build/`: the directory and everything in it, at any depth, but not a file named build
    expect(ignored('build/Dockerfile')).toBe(true);
    expect(ignored('app/build/sub/Dockerfile')).toBe(true);
    expect(ignored('build/')).toBe(true);
    expect(ignored('app/build')).toBe(false);
    // globs and names
    expect(ignored('Dockerfile.tmpl')).toBe(true);
    expect(ignored('a/b/x.tmpl')).toBe(true);
    expect(ignored('a/Dockerfile.template')).toBe(true);
    expect(ignored('a/Dockerfile.templates')).toBe(false);
    // anchored
    expect(ignored('vendor/Dockerfile')).toBe(true);
    expect(ignored('app/vendor/Dockerfile')).toBe(false);
    // negation re-includes a file...
    expect(ignored('fixtures/bad.Dockerfile')).toBe(true);
    expect(ignored('fixtures/keep.Dockerfile')).toBe(false);
    // ...but not one in an ignored directory, as in git
    expect(ignored('dist/Dockerfile')).toBe(true);
    expect(ignored('Dockerfile')).toBe(false);
    expect(ignored('./build/Dockerfile')).toBe(true);
    expect(ignored('../build/Dockerfile')).toBe(false);
  });

  it('matches dot files', () => {
    expect(isIgnoredByConfig(configWith({ ignorePatterns: ['*'] }), '.devcontainer/Dockerfile')).toBe(true);
  });

  it('ignores nothing without patterns', () => {
    expect(isIgnoredByConfig(emptyConfig(root), 'Dockerfile')).toBe(false);
  });
});

describe('contextForFile', () => {
  it('gives the configured context directory of the first matching glob', () => {
    const config = configWith({ context: { 'docker/*.Dockerfile': '.', 'docker/': 'docker/ctx', 'images/**/Dockerfile': 'images' } });
    expect(contextForFile(config, 'docker/api.Dockerfile')).toBe('/project');
    expect(contextForFile(config, 'docker/sub/Dockerfile')).toBe('/project/docker/ctx');
    expect(contextForFile(config, 'images/a/b/Dockerfile')).toBe('/project/images');
    expect(contextForFile(config, 'Dockerfile')).toBeUndefined();
  });
});

describe('emptyConfig', () => {
  it('has no file and the working directory as base', () => {
    expect(emptyConfig('/x/y')).toMatchObject({ file: undefined, baseDir: '/x/y', rules: {}, failLevel: undefined });
  });
});

describe('the generated validator', () => {
  it('is up to date with the schema (regenerate with scripts/build-config-validator.ts)', () => {
    const expected = generateValidatorSource(readFileSync(join(repoRoot, SCHEMA_PATH), 'utf8'));
    const actual = readFileSync(join(repoRoot, VALIDATOR_PATH), 'utf8');
    // A boolean, not toBe: the diff of two 20 kB one-liners helps nobody.
    expect(actual === expected, `${VALIDATOR_PATH} is stale: run scripts/build-config-validator.ts`).toBe(true);
  });

  it('describes every key of the schema', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, SCHEMA_PATH), 'utf8')) as {
      properties: Record<string, { description?: string }>;
    };
    for (const [key, value] of Object.entries(schema.properties)) expect(value.description, key).toBeTruthy();
  });
});
