import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { emptyConfig } from '../src/config/config.js';
import { ProjectFiles, readAndParse } from '../src/discover/project-files.js';
import { isSelected } from '../src/model/manifest-installs.js';
import type { DockerfileModel } from '../src/model/dockerfile.js';
import { loadShellParser } from '../src/model/shell-parser.js';
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
    expect(model.syntaxError?.message).toMatch(/^invalid TOML: /);
    expect(model.syntaxError?.range.start.line).toBe(3);
  });

  it('reports a string that is not a requirement', () => {
    const model = parsePyproject('[project]\ndependencies = ["flask >>= 2"]\n', 'pyproject.toml');
    expect(model.errors).toHaveLength(1);
    // the token the requirements parser trips on, not the whole string
    expect(model.errors[0].range).toEqual({ start: { line: 2, column: 24 }, end: { line: 2, column: 29 } });
  });

  it('reports requirements-file options in a PEP 508 string', () => {
    const model = parsePyproject('[project]\ndependencies = ["-e ./lib", "a==1 --hash=sha256:00"]\n', 'pyproject.toml');
    expect(model.errors.map((e) => e.message)).toEqual([
      '"-e ./lib" is not a valid requirement: `-e` is an option of requirements files, not PEP 508',
      '"a==1 --hash=sha256:00" is not a valid requirement: `--hash` is an option of requirements files, not PEP 508',
    ]);
  });

  it('gives every dependency the one shape the requirements rules read: file, line, extras, marker, url, editable', () => {
    const text = [
      '[project]',
      'dependencies = ["requests[socks]>=2; python_version < \'3.12\'", "lib @ file:///wheels/lib-1.0-py3-none-any.whl"]',
      '[tool.poetry.dependencies]',
      'httpx = {version = "^0.27", extras = ["http2"], markers = "sys_platform == \'linux\'"}',
      'mylib = {path = "../mylib", develop = true}',
      'tool = {git = "https://github.com/o/tool.git", rev = "v1"}',
    ].join('\n');
    const model = parsePyproject(text, '/ctx/pyproject.toml');
    expect(model.dependencies.map(({ file, line, name, extras, marker, url, editable }) => ({ file, line, name, extras, marker, url, editable }))).toEqual([
      { file: '/ctx/pyproject.toml', line: 2, name: 'requests', extras: ['socks'], marker: "python_version < '3.12'", url: undefined, editable: false },
      { file: '/ctx/pyproject.toml', line: 2, name: 'lib', extras: [], marker: undefined, url: 'file:///wheels/lib-1.0-py3-none-any.whl', editable: false },
      { file: '/ctx/pyproject.toml', line: 4, name: 'httpx', extras: ['http2'], marker: "sys_platform == 'linux'", url: undefined, editable: false },
      { file: '/ctx/pyproject.toml', line: 5, name: 'mylib', extras: [], marker: undefined, url: '../mylib', editable: true },
      { file: '/ctx/pyproject.toml', line: 6, name: 'tool', extras: [], marker: undefined, url: 'https://github.com/o/tool.git', editable: false },
    ]);
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
      { name: 'flask', spec: '>=2.0', pinned: false, section: 'conda-pip' },
      { name: 'requests', spec: '==2.32.3', pinned: true, section: 'conda-pip' },
    ]);
    expect(model.includes.map((i) => i.path)).toEqual(['requirements.txt']);
    expect(model.dependencies[3].nameRange).toEqual({ start: { line: 11, column: 9 }, end: { line: 11, column: 14 } });
  });

  it('keeps python and pip out of the dependencies, judged like the words of conda install', () => {
    const text = ['dependencies:', '  - python=3.11', '  - pip', '  - "numpy 1.26.4"', '  - blas=*=openblas', "  - scipy[version='>=1.13']"].join('\n');
    const model = parseCondaEnvironment(text, 'environment.yml');
    expect(shown(model.lines, model.tools)).toEqual([
      { name: 'python', spec: '=3.11', pinned: true, section: 'conda' },
      { name: 'pip', spec: undefined, pinned: false, section: 'conda' },
    ]);
    expect(shown(model.lines, model.dependencies)).toEqual([
      { name: 'numpy', spec: '1.26.4', pinned: true, section: 'conda' },
      { name: 'blas', spec: '=*=openblas', pinned: false, section: 'conda' },
      { name: 'scipy', spec: "[version='>=1.13']", pinned: false, section: 'conda' },
    ]);
  });

  it('reports invalid YAML with its position', () => {
    const model = parseCondaEnvironment('dependencies:\n  - numpy\n - bad: [\n', 'environment.yml');
    expect(model.syntaxError?.message).toMatch(/^invalid YAML/);
    expect(model.syntaxError?.range.start.line).toBe(3);
  });
});

describe('requirementsManifest', () => {
  it('keeps the file, line, errors and index options of the requirements file', () => {
    const model = parseRequirements('--index-url http://pypi.internal/simple\n\nflask=2.0\n-e ./lib\n', '/r/requirements.txt');
    const manifest = requirementsManifest(model);
    expect(manifest.dependencies.map((d) => [d.file, d.line, d.url, d.editable])).toEqual([['/r/requirements.txt', 4, './lib', true]]);
    expect(manifest.errors).toEqual(model.errors);
    expect(manifest.indexSettings.map((s) => [s.option, s.url])).toEqual([['--index-url', 'http://pypi.internal/simple']]);
    expect(requirementsManifest(model)).toBe(manifest);
  });

  it('adapts requirements entries', () => {
    const model = parseRequirements('flask==3.0.3\nrequests\n', 'requirements.txt');
    expect(shown(model.lines, requirementsManifest(model).dependencies)).toEqual([
      { name: 'flask', spec: '==3.0.3', pinned: true, section: 'requirements' },
      { name: 'requests', spec: undefined, pinned: false, section: 'requirements' },
    ]);
  });
});

describe('the project query: which manifests an image installs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-manifests-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (files: Record<string, string>) => {
    const root = mkdtempSync(join(dir, 'ctx-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  const installed = (root: string) => {
    const parsed = [readAndParse({ path: join(root, 'Dockerfile'), kind: 'dockerfile', explicit: true, root })];
    const project = new ProjectFiles(emptyConfig(root), parsed, () => {}, root);
    project.addReachedRequirements();
    return { project, dockerfile: parsed[0].model as DockerfileModel };
  };

  it('maps each install to the context file, its selection and its lock', async () => {
    await loadShellParser();
    const root = write({
      Dockerfile: [
        'FROM python:3.12 AS build',
        'WORKDIR /app',
        'COPY py/ ./',
        'COPY reqs/base.txt /tmp/r.txt',
        'RUN pip install -r /tmp/r.txt && uv sync --group docs --no-dev',
        'FROM python:3.12-slim',
        'COPY env.yml /env.yml',
        'RUN conda env create -f /env.yml && poetry install --with ml --without test -E gpu',
      ].join('\n'),
      'py/pyproject.toml': '[project]\nname = "x"\ndependencies = ["flask"]\n',
      'py/uv.lock': 'version = 1\n',
      'reqs/base.txt': 'requests\n',
      'env.yml': 'dependencies:\n  - numpy\n',
      'pyproject.toml': '[tool.poetry]\nname = "y"\n',
    });
    const { project, dockerfile } = installed(root);
    const found = project.manifestsInstalledBy(dockerfile);
    expect(found.map((m) => [m.contextPath, m.site.installer, m.model?.kind, m.locked, m.inFinalImage])).toEqual([
      ['reqs/base.txt', 'pip', 'requirements', false, false],
      ['py/pyproject.toml', 'uv', 'pyproject', true, false],
      ['env.yml', 'conda', 'conda-environment', false, true],
      ['pyproject.toml', 'poetry', 'pyproject', false, true],
    ]);
    expect(found[1].site.selection).toMatchObject({ main: true, groups: ['docs'], excludedGroups: ['dev'], defaults: 'uv' });
    expect(found[3].site.selection).toMatchObject({ main: true, groups: ['ml'], excludedGroups: ['test'], extras: ['gpu'], defaults: 'poetry' });
    expect(found[0].manifest?.dependencies.map((d) => d.name)).toEqual(['requests']);
    expect(project.installsOf(join(root, 'env.yml')).map((m) => m.contextPath)).toEqual(['env.yml']);
  });

  it('selects extras and groups as the installers do', () => {
    const dep = (extra?: string, group?: string, section = 'project') => ({ name: 'x', normalizedName: 'x', nameRange: undefined, specifier: '', specifierRange: undefined, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, section, extra, group, pinned: false }) as never;
    const pip = { main: true, extras: ['ml'], groups: [], excludedGroups: [], defaults: 'none' } as const;
    expect([isSelected(dep(), pip), isSelected(dep('ml'), pip), isSelected(dep('docs'), pip), isSelected(dep(undefined, 'dev'), pip)]).toEqual([true, true, false, false]);
    const uv = { main: true, extras: [], groups: [], excludedGroups: [], defaults: 'uv' } as const;
    expect([isSelected(dep(undefined, 'dev'), uv), isSelected(dep(undefined, 'lint'), uv)]).toEqual([true, false]);
  });

  it('reads the requirements files that the pip section of an installed environment file includes', async () => {
    const root = write({
      Dockerfile: 'FROM mambaorg/micromamba:1.5.10\nCOPY conda/ /tmp/conda/\nRUN micromamba create -y -n app -f /tmp/conda/env.yaml\n',
      'conda/env.yaml': 'dependencies:\n  - numpy==1.26.4\n  - pip:\n      - -r requirements.txt\n',
      'conda/requirements.txt': 'flask\n',
    });
    const result = await lint([join(root, 'Dockerfile')], { cwd: root, config: false });
    const findings = result.files.flatMap((f) => f.findings.filter((x) => x.rule === 'unpinned-version').map((x) => [f.path, f.kind, x.range.start.line, x.range.start.column]));
    expect(findings).toEqual([['conda/requirements.txt', 'requirements', 1, 1]]);
    expect(result.files.map((f) => [f.path, f.kind])).toContainEqual(['conda/env.yaml', 'conda-environment']);
  });

  it('reports a pyproject.toml that is not valid TOML as a finding at the error, and still lints the rest', async () => {
    const root = write({ 'pyproject.toml': '[project]\r\nname = "x"\r\ndependencies = [\r\n  "flask"\r\n  "requests"\r\n]\r\n' });
    const result = await lint([root], { cwd: root, config: false });
    const findings = result.files.flatMap((f) => f.findings.map((x) => [f.kind, x.rule, x.range.start.line, x.message.split(':')[0]]));
    expect(findings).toEqual([['pyproject', 'file-not-linted', 5, 'This file was not linted']]);
  });
});
