import { describe, expect, it } from 'vitest';
import { localPathOf, markerKey, requirementsManifest } from '../src/model/manifests.js';
import { isTemplate, parseRequirements, specifiersConflict } from '../src/model/requirements.js';

describe('specifiersConflict', () => {
  it.each([
    ['==2.0', '==2.1', true],
    ['<2', '>=2', true],
    ['>2', '<=2', true],
    ['==1.2.*', '>=1.3', true],
    ['>=1.0', '<3', false],
    ['>=1,!=1.*', '<3', false],
    ['~=1.4', '>=1.5', false],
    ['>=2.0', '==2.0', false],
    ['==2.0', '', false],
    ['>=1.0,<2', '>=1.5', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(specifiersConflict(a, b)).toBe(expected);
  });

  it('cannot tell for versions pip fills in from the environment', () => {
    expect(specifiersConflict('==${VERSION}', '==1.0')).toBeUndefined();
  });
});

describe('localPathOf', () => {
  const pathOf = (line: string) => localPathOf(requirementsManifest(parseRequirements(`${line}\n`, '/r/requirements.txt')).dependencies[0]);

  it.each([
    ['certifi @ file:///croot/certifi_1690/work/certifi', '/croot/certifi_1690/work/certifi'],
    ['pkg @ file://localhost/opt/pkg', '/opt/pkg'],
    ['brotli @ file:///D:/bld/brotli/work', '/D:/bld/brotli/work'],
    ['-e file:///home/a/my%20lib', '/home/a/my lib'],
    ['./lib[dev]', './lib'],
    ['-e .', '.'],
    ['flask==3.0', undefined],
    ['pkg @ https://example.com/pkg-1.0.tar.gz', undefined],
    ['-e git+https://github.com/org/repo@v1#egg=repo', undefined],
  ])('%s → %s', (line, expected) => {
    expect(pathOf(line)).toBe(expected);
  });
});

describe('markerKey', () => {
  it('ignores blanks and the kind of quotes', () => {
    expect(markerKey('python_version >= "3.8"')).toBe(markerKey("python_version>='3.8'"));
    expect(markerKey(undefined)).toBe('');
  });
});

describe('isTemplate', () => {
  it('knows a Jinja template from a requirements file', () => {
    expect(isTemplate(parseRequirements('django==5.0\n{%- if cookiecutter.use_drf %}\ndrf\n{%- endif %}\n', 'r.txt'))).toBe(true);
    expect(isTemplate(parseRequirements('{{ cookiecutter.package }}==1.0\n', 'r.txt'))).toBe(true);
    expect(isTemplate(parseRequirements('django==5.0 # {% not a tag at line start\n', 'r.txt'))).toBe(false);
  });
});
