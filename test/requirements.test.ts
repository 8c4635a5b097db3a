import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizePackageName, parseRequirements, type RequirementEntry } from '../src/model/requirements.js';
import { range } from '../src/model/position.js';
import { corpusRoot } from '../scripts/peer-files.js';
import { missingFolder, titleUnlessMissing } from './support/skip.js';

function parse(text: string) {
  return parseRequirements(text, 'requirements.txt');
}

function onlyEntry(text: string): RequirementEntry {
  const model = parse(text);
  expect(model.errors).toEqual([]);
  expect(model.entries).toHaveLength(1);
  return model.entries[0];
}

describe('normalizePackageName', () => {
  it.each([
    ['Flask', 'flask'],
    ['typing_extensions', 'typing-extensions'],
    ['zope.interface', 'zope-interface'],
    ['Foo__Bar-.-baz', 'foo-bar-baz'],
  ])('%s → %s', (name, normalized) => {
    expect(normalizePackageName(name)).toBe(normalized);
  });
});

describe('requirement entries', () => {
  it.each<[string, string, Partial<RequirementEntry>]>([
    [
      'name and range specifier',
      'Flask>=1.0,<2',
      {
        line: 1,
        range: range(1, 1, 1, 14),
        name: 'Flask',
        normalizedName: 'flask',
        nameRange: range(1, 1, 1, 6),
        extras: [],
        specifier: '>=1.0,<2',
        specifierRange: range(1, 6, 1, 14),
        marker: undefined,
        url: undefined,
        editable: false,
        hashes: [],
        pinned: false,
      },
    ],
    ['exact pin', 'requests==2.31.0', { name: 'requests', specifier: '==2.31.0', pinned: true }],
    ['exact pin with spaces', 'requests == 2.31.0', { specifier: '== 2.31.0', specifierRange: range(1, 10, 1, 19), pinned: true }],
    ['arbitrary equality', 'legacy===1.0-weird', { specifier: '===1.0-weird', pinned: true }],
    ['wildcard', 'numpy==1.*', { specifier: '==1.*', pinned: false }],
    ['compatible release', 'numpy~=1.26', { specifier: '~=1.26', pinned: false }],
    ['lower bound', 'numpy>=1.0', { pinned: false }],
    ['two clauses', 'numpy==1.26.4,!=1.26.3', { pinned: false }],
    ['no specifier', 'numpy', { specifier: '', specifierRange: undefined, pinned: false }],
    ['pre-release and local versions', 'torch==2.3.0+cu121', { pinned: true }],
    ['trailing comma', 'numpy>=1.0,', { specifier: '>=1.0,', pinned: false }],
    ['env var version', 'flask==${FLASK_VERSION}', { specifier: '==${FLASK_VERSION}', pinned: true }],
    ['env var lower bound', 'flask>=${FLASK_VERSION}', { pinned: false }],
    ['parenthesized specifier', 'Django (>=4.2, <5)', { name: 'Django', specifier: '>=4.2, <5', specifierRange: range(1, 9, 1, 18) }],
    [
      'extras and marker',
      'uvicorn[standard]==0.30.1 ; python_version >= "3.10"',
      {
        range: range(1, 1, 1, 53),
        nameRange: range(1, 1, 1, 8),
        extras: ['standard'],
        specifierRange: range(1, 18, 1, 26),
        marker: 'python_version >= "3.10"',
        pinned: true,
      },
    ],
    ['several extras', 'ray[ default , tune ]>=2', { extras: ['default', 'tune'] }],
    ['marker without specifier', "pywin32; platform_system == 'Windows'", { name: 'pywin32', marker: "platform_system == 'Windows'" }],
    [
      'marker with parentheses and "not in"',
      "decord; ('arm' not in platform_machine) and (sys_platform == 'linux' or extra == \"video\")",
      { marker: "('arm' not in platform_machine) and (sys_platform == 'linux' or extra == \"video\")" },
    ],
    [
      'name @ VCS URL with a commit',
      'trl @ git+https://github.com/huggingface/trl.git@eab175d434b9bb9badee20335c7945991a26dfac',
      {
        name: 'trl',
        nameRange: range(1, 1, 1, 4),
        url: 'git+https://github.com/huggingface/trl.git@eab175d434b9bb9badee20335c7945991a26dfac',
        pinned: true,
      },
    ],
    ['name @ VCS URL without a ref', 'causal-conv1d @ git+https://github.com/Dao-AILab/causal-conv1d', { name: 'causal-conv1d', pinned: false }],
    ['name @ VCS URL on a branch', 'unsloth[conda]@git+https://github.com/unslothai/unsloth.git@main', { extras: ['conda'], pinned: false }],
    [
      'name @ https wheel with a marker',
      'torch @ https://download.pytorch.org/whl/cu121/torch-2.3.0%2Bcu121-cp311-cp311-linux_x86_64.whl ; sys_platform == "linux"',
      { name: 'torch', marker: 'sys_platform == "linux"', pinned: true },
    ],
    [
      'bare VCS URL with a tag and #egg=',
      'git+https://github.com/NVIDIA/dllogger@v1.0.0#egg=dllogger',
      { name: 'dllogger', nameRange: range(1, 51, 1, 59), url: 'git+https://github.com/NVIDIA/dllogger@v1.0.0#egg=dllogger', pinned: true },
    ],
    ['bare VCS URL without ref', 'git+https://github.com/huggingface/peft', { name: undefined, nameRange: undefined, pinned: false }],
    ['bare VCS URL on a branch', 'git+https://github.com/AIworx-Labs/chocolate@master', { pinned: false }],
    ['ssh user is not a ref', 'git+ssh://git@github.com/org/lib.git#egg=lib', { name: 'lib', pinned: false }],
    ['ssh URL with a tag', 'git+ssh://git@github.com/org/lib.git@v2.1.0#egg=lib', { pinned: true }],
    [
      'editable VCS URL',
      '-e git+https://github.com/pytorch/pytorch_sphinx_theme.git#egg=pytorch_sphinx_theme',
      { editable: true, range: range(1, 4, 1, 84), name: 'pytorch_sphinx_theme', nameRange: range(1, 64, 1, 84), pinned: false },
    ],
    ['editable VCS URL with a commit', '--editable=git+https://github.com/org/lib@0123abcd#egg=lib', { editable: true, pinned: true }],
    ['editable local project', '-e .', { editable: true, name: undefined, url: '.', range: range(1, 4, 1, 5), pinned: true }],
    ['editable local project with extras', '-e .[dev,test]', { url: '.', extras: ['dev', 'test'], pinned: true }],
    ['quoted editable', '-e ".[docs]"', { url: '.', extras: ['docs'], range: range(1, 5, 1, 12) }],
    ['editable relative path', '-e ../../../../sdk/python', { url: '../../../../sdk/python', pinned: true }],
    ['local directory', '.', { url: '.', editable: false, pinned: true }],
    ['local directory with a marker', './libs/core ; python_version >= "3.9"', { url: './libs/core', marker: 'python_version >= "3.9"', pinned: true }],
    ['local wheel', './dist/my_pkg-1.2.3-py3-none-any.whl', { name: 'my_pkg', normalizedName: 'my-pkg', nameRange: range(1, 8, 1, 14), pinned: true }],
    ['local sdist with a version', 'vendor/lib-0.4.1.tar.gz', { name: undefined, url: 'vendor/lib-0.4.1.tar.gz', pinned: true }],
    ['local archive without a version', 'vendor/lib.zip', { pinned: false }],
    ['remote sdist with a version', 'https://example.com/pkgs/lib-1.0.tar.gz', { url: 'https://example.com/pkgs/lib-1.0.tar.gz', pinned: true }],
    ['remote branch archive', 'https://github.com/org/lib/archive/main.zip', { pinned: false }],
    ['remote archive in a version directory', 'https://storage.googleapis.com/ml-pipeline/release/0.1.22/kfp.tar.gz', { pinned: true }],
    ['VCS URL with a date tag', 'git+https://github.com/org/lib/@2025-06-02', { pinned: true }],
    [
      'remote branch archive with a hash',
      'https://github.com/org/lib/archive/main.zip --hash=sha256:0123',
      { hashes: ['sha256:0123'], range: range(1, 1, 1, 44), pinned: true },
    ],
    ['file URL to a directory', 'file:///opt/src/lib#egg=lib', { name: 'lib', pinned: true }],
    ['#egg= is not a comment', 'git+https://github.com/org/lib#egg=lib&subdirectory=python', { name: 'lib' }],
    ['env var in a URL', 'lib @ https://${TOKEN}@git.example.com/lib-${LIB_VERSION}.tar.gz', { name: 'lib', pinned: true }],
    ['per-requirement options', 'lib==1.0 --config-settings editable_mode=compat --global-option=--quiet', { name: 'lib', range: range(1, 1, 1, 9) }],
  ])('%s', (_title, text, expected) => {
    expect(onlyEntry(text)).toMatchObject(expected);
  });
});

describe('lines, continuations and comments', () => {
  it('handles CRLF and a BOM; columns count from after the BOM', () => {
    const model = parse('\uFEFFflask==3.0.0\r\nrequests\r\n');
    expect(model.lines).toEqual(['flask==3.0.0', 'requests', '']);
    expect(model.entries.map((e) => [e.name, e.nameRange, e.line])).toEqual([
      ['flask', range(1, 1, 1, 6), 1],
      ['requests', range(2, 1, 2, 9), 2],
    ]);
    expect(model.text.startsWith('\uFEFF')).toBe(true);
  });

  it('keeps exact positions for tokens on continued lines', () => {
    const model = parse('numpy\\\n==1.26.4\nFlask>=1.0,\\\n  <2\n');
    expect(model.errors).toEqual([]);
    const [numpy, flask] = model.entries;
    expect(numpy).toMatchObject({ line: 1, nameRange: range(1, 1, 1, 6), specifier: '==1.26.4', specifierRange: range(2, 1, 2, 9), range: range(1, 1, 2, 9) });
    expect(flask).toMatchObject({ line: 3, specifier: '>=1.0,  <2', specifierRange: range(3, 6, 4, 5), pinned: false });
  });

  it('reads --hash options spread over continuation lines', () => {
    const text = [
      'packaging==26.2 \\',
      '    --hash=sha256:ff452ff5a3e828ce110190feff1178bb1f2ea2281fa2075aadb987c2fb221661 \\',
      '    --hash=sha256:5fc45236b9446107ff2415ce77c807cee2862cb6fac22b8a73826d0693b0980e',
      'idna==3.7 \\',
      '    --hash=sha256:028ff3aadf0609c1fd278d8ea3089299412a7a8b9bd005dd08b9f8285bcb5cfc',
    ].join('\n');
    const model = parse(text);
    expect(model.errors).toEqual([]);
    expect(model.entries.map((e) => [e.name, e.line, e.range, e.hashes.length, e.pinned])).toEqual([
      ['packaging', 1, range(1, 1, 1, 16), 2, true],
      ['idna', 4, range(4, 1, 4, 10), 1, true],
    ]);
    expect(model.entries[0].hashes[1]).toBe('sha256:5fc45236b9446107ff2415ce77c807cee2862cb6fac22b8a73826d0693b0980e');
  });

  it('reports a problem inside a continued line at its physical position', () => {
    const model = parse('lib==1.0 \\\n    --hash=md5:abc\n');
    expect(model.errors).toEqual([
      { message: 'hash algorithm "md5" is not allowed; use sha256, sha384 or sha512', range: range(2, 12, 2, 19) },
    ]);
  });

  it('collects comments at the start of a line or after whitespace only', () => {
    const model = parse('# top\nflask==3.0  # web framework\ngit+https://github.com/org/lib#egg=lib\n   # indented\n');
    expect(model.comments).toEqual([
      { text: '# top', line: 1, range: range(1, 1, 1, 6) },
      { text: '# web framework', line: 2, range: range(2, 13, 2, 28) },
      { text: '# indented', line: 4, range: range(4, 4, 4, 14) },
    ]);
    expect(model.entries.map((e) => e.name)).toEqual(['flask', 'lib']);
    expect(model.entries[0].range).toEqual(range(2, 1, 2, 11));
  });

  it('ends a continuation at a comment line, like pip', () => {
    const model = parse('flask \\\n# why\nrequests\n');
    expect(model.entries.map((e) => [e.name, e.line])).toEqual([
      ['flask', 1],
      ['requests', 3],
    ]);
    expect(model.comments).toEqual([{ text: '# why', line: 2, range: range(2, 1, 2, 6) }]);
  });

  it('lets a trailing comment swallow the continued line, like pip', () => {
    const model = parse('flask # web \\\nrequests\ndjango\n');
    expect(model.entries.map((e) => e.name)).toEqual(['flask', 'django']);
    expect(model.comments[0].range).toEqual(range(1, 7, 2, 9));
  });

  it('skips blank lines', () => {
    expect(parse('\n  \n\t\n')).toMatchObject({ entries: [], options: [], includes: [], comments: [], errors: [] });
  });
});

describe('includes and options', () => {
  it.each([
    ['-r base.txt', 'requirement', 'base.txt', range(1, 4, 1, 12)],
    ['--requirement=dev.txt', 'requirement', 'dev.txt', range(1, 15, 1, 22)],
    ['-rfoo.txt', 'requirement', 'foo.txt', range(1, 3, 1, 10)],
    ['-c constraints.txt', 'constraint', 'constraints.txt', range(1, 4, 1, 19)],
    ['--constraint  ../pins.txt', 'constraint', '../pins.txt', range(1, 15, 1, 26)],
    ['-r "with space.txt"', 'requirement', 'with space.txt', range(1, 4, 1, 20)],
  ] as const)('%s', (text, kind, path, where) => {
    const model = parse(text);
    expect(model.errors).toEqual([]);
    expect(model.includes).toEqual([{ kind, path, range: where, line: 1 }]);
    expect(model.entries).toEqual([]);
  });

  it.each([
    ['--index-url https://pypi.example.com/simple', '--index-url', 'https://pypi.example.com/simple', range(1, 1, 1, 12), range(1, 13, 1, 44)],
    ['-i https://pypi.example.com/simple', '--index-url', 'https://pypi.example.com/simple', range(1, 1, 1, 3), range(1, 4, 1, 35)],
    ['--extra-index-url=https://download.pytorch.org/whl/cpu', '--extra-index-url', 'https://download.pytorch.org/whl/cpu', range(1, 1, 1, 18), range(1, 19, 1, 55)],
    ['--extra-index https://x.example/simple', '--extra-index-url', 'https://x.example/simple', range(1, 1, 1, 14), range(1, 15, 1, 39)],
    ['-f https://download.pytorch.org/whl/torch_stable.html', '--find-links', 'https://download.pytorch.org/whl/torch_stable.html', range(1, 1, 1, 3), range(1, 4, 1, 54)],
    ['--trusted-host pypi.ngc.nvidia.com', '--trusted-host', 'pypi.ngc.nvidia.com', range(1, 1, 1, 15), range(1, 16, 1, 35)],
    ['--no-binary=:all:', '--no-binary', ':all:', range(1, 1, 1, 12), range(1, 13, 1, 18)],
    ['--pre', '--pre', undefined, range(1, 1, 1, 6), undefined],
    ['--require-hashes', '--require-hashes', undefined, range(1, 1, 1, 17), undefined],
    ['--index-url ${PIP_INDEX_URL}', '--index-url', '${PIP_INDEX_URL}', range(1, 1, 1, 12), range(1, 13, 1, 29)],
  ] as const)('%s', (text, name, value, where, valueWhere) => {
    const model = parse(text);
    expect(model.errors).toEqual([]);
    expect(model.options).toEqual([{ name, value, range: where, valueRange: valueWhere, line: 1 }]);
  });

  it('reads an option whose value is on the continued line', () => {
    const model = parse('--extra-index-url \\\n    https://pypi.example.com/simple\nflask\n');
    expect(model.options).toEqual([
      { name: '--extra-index-url', value: 'https://pypi.example.com/simple', range: range(1, 1, 1, 18), valueRange: range(2, 5, 2, 36), line: 1 },
    ]);
    expect(model.entries.map((e) => [e.name, e.line])).toEqual([['flask', 3]]);
  });

  it('reads several options on one line', () => {
    const model = parse('--pre --find-links ./wheels -r extra.txt');
    expect(model.options.map((o) => [o.name, o.value])).toEqual([
      ['--pre', undefined],
      ['--find-links', './wheels'],
    ]);
    expect(model.includes.map((i) => i.path)).toEqual(['extra.txt']);
  });
});

describe('errors', () => {
  it.each([
    ['flask==', 'invalid version specifier "=="', range(1, 6, 1, 8)],
    ['tensorflow>=1.15.*,<2', 'invalid version specifier ">=1.15.*"', range(1, 11, 1, 22)],
    ['numpy~=1', 'invalid version specifier "~=1"', range(1, 6, 1, 9)],
    ["'jsonpickle',", 'expected a package name, URL or path', range(1, 1, 1, 14)],
    ['sudo apt-get install gfortran', 'expected a version specifier, "@ url", ";" or the end after the package name', range(1, 6, 1, 30)],
    ['flask=3.0', 'invalid version specifier "=3.0"', range(1, 6, 1, 10)],
    ['lib[dev', 'expected "," or "]" after an extra name', range(1, 8, 1, 8)],
    ['foo; python_version >= 3.8', 'invalid environment marker: unexpected "3.8"', range(1, 6, 1, 27)],
    ['foo; pyhton_version >= "3.8"', 'invalid environment marker: unknown variable "pyhton_version"', range(1, 6, 1, 29)],
    ['foo; python_version >= "3.8" and', 'invalid environment marker "python_version >= "3.8" and"', range(1, 6, 1, 33)],
    ['--no-deps', 'no such option: --no-deps', range(1, 1, 1, 10)],
    ['--no', 'ambiguous option: --no (--no-index, --no-binary?)', range(1, 1, 1, 5)],
    ['-r', '-r option requires 1 argument', range(1, 1, 1, 3)],
    ['--pre=yes', '--pre option does not take a value', range(1, 1, 1, 10)],
    ['--hash=sha256:abcd', '--hash applies to a requirement on the same line, but this line has none', range(1, 1, 1, 7)],
    ['lib==1.0 --hash=abcd', '--hash must be a hash name followed by a value, like --hash=sha256:abcde...', range(1, 17, 1, 21)],
    ['onnx-graphsurgeon --index-url https://pypi.ngc.nvidia.com', 'option --index-url on a requirement line is ignored by pip', range(1, 19, 1, 30)],
    ['-r a.txt b.txt', 'unexpected text "b.txt" among the options (pip ignores it)', range(1, 10, 1, 15)],
    ['-e https://example.com/lib.tar.gz', 'an editable requirement must be a local project path or a VCS URL (git+https://...)', range(1, 4, 1, 34)],
    ['-e git+https://github.com/org/lib', 'editable VCS requirements need "#egg=<name>" (pip cannot detect the name)', range(1, 4, 1, 34)],
    ['git+https://github.com/org/lib#egg=lib[all]', '"#egg=lib[all]" is not a bare project name, which current pip requires (use "name[extra] @ URL")', range(1, 36, 1, 44)],
    ['git+https://github.com/org/lib#egg=lib # note', undefined, undefined],
    ['git+https://github.com/org/lib#egg=lib#note', '"#egg=lib#note" is not a bare project name, which current pip requires (use "name[extra] @ URL")', range(1, 36, 1, 44)],
    ['./dist/not-a-wheel.whl', '"not-a-wheel.whl" is not a valid wheel file name', range(1, 8, 1, 23)],
    ['webdataset--extra-index-url https://download.pytorch.org/whl/cu130', 'expected a version specifier, "@ url", ";" or the end after the package name', range(1, 29, 1, 67)],
    ['-r "unclosed.txt', 'no closing quotation', range(1, 4, 1, 17)],
  ] as const)('%s', (text, message, where) => {
    const model = parse(text);
    if (message === undefined) {
      expect(model.errors).toEqual([]);
      return;
    }
    // What pip reads past (an option it ignores, a --hash with no requirement) is marked so.
    const ignoredByPip = /ignore|has none/.test(message);
    expect(model.errors).toEqual([ignoredByPip ? { message, range: where, ignoredByPip } : { message, range: where }]);
  });

  it('still records the entry when only an option on its line is wrong', () => {
    const model = parse('lib==1.0 --hash=md5:abc');
    expect(model.entries.map((e) => e.name)).toEqual(['lib']);
    expect(model.errors).toHaveLength(1);
  });

  it('drops the entry when the requirement itself is invalid', () => {
    expect(parse('flask==\nrequests').entries.map((e) => e.name)).toEqual(['requests']);
  });
});

const CORPUS = corpusRoot();
const missing = missingFolder(join(CORPUS, 'requirements'));

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, keep));
    else if (keep(entry)) out.push(path);
  }
  return out;
}

describe.skipIf(missing !== undefined)(titleUnlessMissing('corpus', missing), () => {
  it('parses every requirements file without throwing', () => {
    const files = [
      ...filesUnder(join(CORPUS, 'requirements'), () => true),
      ...filesUnder(join(CORPUS, 'dockerfiles'), (name) => /^requirements.*\.txt$/.test(name)),
    ];
    expect(files.length).toBeGreaterThan(1000);
    let entries = 0;
    let errors = 0;
    for (const file of files) {
      const model = parseRequirements(readFileSync(file, 'utf8'), file);
      entries += model.entries.length;
      errors += model.errors.length;
    }
    // errors are rare (templated files, shell commands pasted into requirements, ...)
    expect(errors).toBeLessThan(entries / 100);
  });
});
