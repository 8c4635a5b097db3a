import { describe, expect, it } from 'vitest';
import { parseCondaEnvironment, parsePipfile, parsePyproject, requirementsManifest } from '../src/model/manifests.js';
import { parseRequirements } from '../src/model/requirements.js';
import { textIn } from '../src/model/position.js';

const shown = (lines: readonly string[], deps: readonly { nameRange?: unknown; specifierRange?: unknown; pinned: boolean; extra?: string; group?: string; section: string }[]) =>
  deps.map((d) => ({
    name: d.nameRange ? textIn(lines, d.nameRange as never) : undefined,
    spec: d.specifierRange ? textIn(lines, d.specifierRange as never) : undefined,
    pinned: d.pinned,
    section: d.section,
    ...(d.extra ? { extra: d.extra } : {}),
    ...(d.group ? { group: d.group } : {}),
  }));

describe('pyproject.toml', () => {
  it('reads [project] dependencies, extras and dependency groups at their positions', () => {
    const text = [
      '[project]',
      'name = "My_App"',
      'dependencies = [',
      '  "flask>=2.0",',
      "  'requests==2.32.3',",
      '  "numpy[extra] ~= 1.26 ; python_version < \'3.13\'",',
      ']',
      '[project.optional-dependencies]',
      'ml = ["torch"]',
      '[dependency-groups]',
      'dev = ["pytest==8.0.0", {include-group = "ml"}]',
    ].join('\n');
    const model = parsePyproject(text, 'pyproject.toml');
    expect(model.errors).toEqual([]);
    expect(model.projectName).toBe('my-app');
    expect(shown(model.lines, model.dependencies)).toEqual([
      { name: 'flask', spec: '>=2.0', pinned: false, section: 'project' },
      { name: 'requests', spec: '==2.32.3', pinned: true, section: 'project' },
      { name: 'numpy', spec: '~= 1.26', pinned: false, section: 'project' },
      { name: 'torch', spec: undefined, pinned: false, section: 'optional', extra: 'ml' },
      { name: 'pytest', spec: '==8.0.0', pinned: true, section: 'dependency-group', group: 'dev' },
    ]);
    expect(model.dependencies[0].nameRange).toEqual({ start: { line: 4, column: 4 }, end: { line: 4, column: 9 } });
    expect(model.dependencies[0].range).toEqual({ start: { line: 4, column: 3 }, end: { line: 4, column: 15 } });
  });

  it('reads Poetry constraints, tables and groups, and skips python', () => {
    const text = [
      '[tool.poetry.dependencies]',
      'python = "^3.10"',
      'fastapi = "^0.110"',
      'uvicorn = "0.29.0"',
      'pydantic = { version = "==2.7.1", extras = ["email"] }',
      'mylib = { path = "../mylib" }',
      'tool = { git = "https://github.com/o/r.git" }',
      'tagged = { git = "https://github.com/o/r.git", tag = "v1.0" }',
      'anything = "*"',
      '[tool.poetry.group.dev.dependencies]',
      'pytest = "~8.0"',
      '[tool.poetry.group.docs]',
      'optional = true',
      '[tool.poetry.group.docs.dependencies]',
      'mkdocs = "1.6.0"',
    ].join('\r\n');
    const model = parsePyproject(text, 'pyproject.toml');
    expect(model.errors).toEqual([]);
    expect(model.poetry).toBe(true);
    expect(model.optionalGroups).toEqual(['docs']);
    expect(shown(model.lines, model.dependencies)).toEqual([
      { name: 'fastapi', spec: '"^0.110"', pinned: false, section: 'poetry' },
      { name: 'uvicorn', spec: '"0.29.0"', pinned: true, section: 'poetry' },
      { name: 'pydantic', spec: '"==2.7.1"', pinned: true, section: 'poetry' },
      { name: 'mylib', spec: undefined, pinned: true, section: 'poetry' },
      { name: 'tool', spec: undefined, pinned: false, section: 'poetry' },
      { name: 'tagged', spec: '"v1.0"', pinned: true, section: 'poetry' },
      { name: 'anything', spec: '"*"', pinned: false, section: 'poetry' },
      { name: 'pytest', spec: '"~8.0"', pinned: false, section: 'poetry', group: 'dev' },
      { name: 'mkdocs', spec: '"1.6.0"', pinned: true, section: 'poetry', group: 'docs' },
    ]);
    expect(model.dependencies[0].nameRange).toEqual({ start: { line: 3, column: 1 }, end: { line: 3, column: 8 } });
  });

  it('reports invalid TOML as an error at its position, not a crash', () => {
    const model = parsePyproject('[project]\ndependencies = ["flask"\nname = 1\n', 'pyproject.toml');
    expect(model.dependencies).toEqual([]);
    expect(model.errors).toHaveLength(1);
    expect(model.errors[0].message).toMatch(/^invalid TOML: /);
    expect(model.errors[0].range.start.line).toBe(3);
  });

  it('reports a string that is not a requirement', () => {
    const model = parsePyproject('[project]\ndependencies = ["flask >>= 2"]\n', 'pyproject.toml');
    expect(model.errors).toHaveLength(1);
    expect(model.errors[0].range).toEqual({ start: { line: 2, column: 17 }, end: { line: 2, column: 30 } });
  });
});

describe('Pipfile', () => {
  it('reads packages and dev-packages', () => {
    const text = ['[[source]]', 'url = "https://pypi.org/simple"', '[packages]', 'flask = "*"', 'requests = "==2.32.3"', 'django = {version = ">=4.2", extras = ["bcrypt"]}', '[dev-packages]', 'pytest = "*"'].join('\n');
    const model = parsePipfile(text, 'Pipfile');
    expect(shown(model.lines, model.dependencies)).toEqual([
      { name: 'flask', spec: '"*"', pinned: false, section: 'pipfile' },
      { name: 'requests', spec: '"==2.32.3"', pinned: true, section: 'pipfile' },
      { name: 'django', spec: '">=4.2"', pinned: false, section: 'pipfile' },
      { name: 'pytest', spec: '"*"', pinned: false, section: 'pipfile', group: 'dev' },
    ]);
  });
});

describe('conda environment.yml', () => {
  it('reads conda specs and the pip section', () => {
    const text = [
      'name: app',
      'channels:',
      '  - conda-forge',
      'dependencies:',
      '  - python=3.11',
      '  - numpy=1.26',
      '  - conda-forge::pandas==2.2.2',
      '  - scipy=1.13.1=py311h',
      '  - pip',
      '  - pip:',
      '      - flask>=2.0',
      '      - "requests==2.32.3"',
      '      - -r requirements.txt',
    ].join('\n');
    const model = parseCondaEnvironment(text, 'environment.yml');
    expect(model.errors).toEqual([]);
    expect(shown(model.lines, model.dependencies)).toEqual([
      { name: 'numpy', spec: '=1.26', pinned: false, section: 'conda' },
      { name: 'pandas', spec: '==2.2.2', pinned: true, section: 'conda' },
      { name: 'scipy', spec: '=1.13.1=py311h', pinned: true, section: 'conda' },
      { name: 'pip', spec: undefined, pinned: false, section: 'conda' },
      { name: 'flask', spec: '>=2.0', pinned: false, section: 'conda-pip' },
      { name: 'requests', spec: '==2.32.3', pinned: true, section: 'conda-pip' },
    ]);
    expect(model.includes.map((i) => i.path)).toEqual(['requirements.txt']);
    expect(model.dependencies[4].nameRange).toEqual({ start: { line: 11, column: 9 }, end: { line: 11, column: 14 } });
  });

  it('reports invalid YAML with its position', () => {
    const model = parseCondaEnvironment('dependencies:\n  - numpy\n - bad: [\n', 'environment.yml');
    expect(model.errors).toHaveLength(1);
    expect(model.errors[0].message).toMatch(/^invalid YAML/);
  });
});

describe('requirementsManifest', () => {
  it('adapts requirements entries', () => {
    const model = parseRequirements('flask==3.0.3\nrequests\n', 'requirements.txt');
    expect(shown(model.lines, requirementsManifest(model).dependencies)).toEqual([
      { name: 'flask', spec: '==3.0.3', pinned: true, section: 'requirements' },
      { name: 'requests', spec: undefined, pinned: false, section: 'requirements' },
    ]);
  });
});
