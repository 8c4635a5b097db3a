/**
 * The Python import scanner (src/model/python-imports.ts) and what `undeclared-import` does with its results:
 * the exact positions, the forms that are not imports or not required, the standard library of every Python
 * 3.8-3.14 (the acceptance of issue 12: no finding for any of its modules), and bounded work on hostile text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pythonImports } from '../src/model/python-imports.js';
import { STDLIB_VERSIONS, stdlibModules } from '../src/model/python-stdlib.js';
import { distributionsOf, isDeclared } from '../src/model/python-dependencies.js';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { createBuildContext } from '../src/model/context.js';
import { loadShellParser } from '../src/model/shell-parser.js';
import type { Report, RuleContext } from '../src/engine/rule.js';
import { rules } from '../rules/index.js';

const summary = (text: string) =>
  pythonImports(text).map((i) => {
    const flags = [i.relative && 'relative', i.guarded && 'guarded', i.typeChecking && 'type-checking'].filter(Boolean).join(',');
    return `${i.module}@${i.range.start.line}:${i.range.start.column}-${i.range.end.line}:${i.range.end.column}${flags ? ` ${flags}` : ''}`;
  });

describe('pythonImports', () => {
  it('reads `import a.b as c, d` and `from a.b import (x, y)` over lines, with the module name ranges', () => {
    const text = 'import os.path as p, numpy\nfrom sklearn.model_selection import (\n    train_test_split,\n    KFold as K,\n)\n';
    expect(summary(text)).toEqual(['os.path@1:8-1:15', 'numpy@1:22-1:27', 'sklearn.model_selection@2:6-2:29']);
    expect(pythonImports(text)[2].submodules).toEqual(['sklearn.model_selection.train_test_split', 'sklearn.model_selection.KFold']);
  });

  it('joins backslash continuations, splits `;` statements, and reads CRLF files', () => {
    expect(summary('from yaml \\\n    import safe_load\r\nimport a; import b.c\r\n')).toEqual(['yaml@1:6-1:10', 'a@3:8-3:9', 'b.c@3:18-3:21']);
  });

  it('marks relative imports and `from __future__`, and takes `from . import x` as relative', () => {
    expect(summary('from . import x\nfrom ..models import User\nfrom __future__ import annotations\n')).toEqual([
      '@1:6-1:7 relative',
      'models@2:6-2:14 relative',
      '__future__@3:6-3:16',
    ]);
  });

  it('does not see imports in strings, docstrings and comments', () => {
    const text = '"""\nimport fake\nfrom fake import x\n"""\nx = "import bogus"  # import comment\ny = \'\'\'from a import b\'\'\'\nimport real\n';
    expect(summary(text)).toEqual(['real@7:8-7:12']);
  });

  it('keeps module-level if/try blocks, leaves out def and class bodies', () => {
    const text = 'if __name__ == "__main__":\n    import main_only\ndef f():\n    import inside\nclass C:\n    import inside_class\n    def g(self):\n        import deeper\nimport after\n';
    expect(summary(text)).toEqual(['main_only@2:12-2:21', 'after@9:8-9:13']);
  });

  it('marks imports guarded by an except that catches ImportError, and under TYPE_CHECKING', () => {
    const text = [
      'try:',
      '    import ujson as json',
      'except ImportError:',
      '    import json',
      'try:',
      '    import required',
      'except ValueError:',
      '    pass',
      'try: import inline',
      'except (OSError, ModuleNotFoundError): pass',
      'if typing.TYPE_CHECKING:',
      '    from mypy_boto3_s3 import S3Client',
      'else:',
      '    import at_runtime',
      '',
    ].join('\n');
    expect(summary(text)).toEqual([
      'ujson@2:12-2:17 guarded',
      'json@4:12-4:16 guarded',
      'required@6:12-6:20',
      'inline@9:13-9:19 guarded',
      'mypy_boto3_s3@12:10-12:23 type-checking',
      'at_runtime@14:12-14:22',
    ]);
  });

  it('does linear work on hostile text: unterminated strings, deep brackets, long statements', () => {
    const hostile = [
      '"""never closed\n' + 'import x\n'.repeat(2000),
      '('.repeat(50_000) + '\nimport y\n',
      'from ' + 'a '.repeat(50_000) + '\n',
      'import ' + 'a.'.repeat(50_000) + '\n',
      ''.padEnd(2000, ' ').split('').map((_, i) => `${' '.repeat(i % 200)}if x:\n`).join('') + 'import z\n',
    ];
    const started = performance.now();
    for (const text of hostile) pythonImports(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('the standard library of each Python version', () => {
  it('knows 3.8 to 3.14, and `tomllib` from 3.11 on', () => {
    expect(STDLIB_VERSIONS).toEqual(['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14']);
    expect(stdlibModules('3.9').has('tomllib')).toBe(false);
    expect(stdlibModules('3.11').has('tomllib')).toBe(true);
    expect(stdlibModules('3.12').has('distutils')).toBe(false);
    expect(stdlibModules(undefined).has('distutils')).toBe(true);
  });

  beforeAll(async () => {
    await loadShellParser();
  });

  it.each(STDLIB_VERSIONS)('Python %s: importing every module of its standard library gives no finding', (version) => {
    const modules = [...stdlibModules(version)];
    const source = modules.map((m) => `import ${m}`).join('\n');
    const files: Record<string, string> = { 'requirements.txt': 'flask==3.0.3\n', 'app.py': source };
    const dockerfile = `FROM python:${version}-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\n`;
    const reports = undeclared(dockerfile, files);
    expect(pythonImports(source)).toHaveLength(modules.length);
    expect(reports).toEqual([]);
    // The same file under a Python whose library lacks a module is judged: the check is not simply off.
    if (version === '3.11') expect(undeclared(dockerfile.replace('3.11', '3.9'), files).map((r) => r.message)).toContainEqual(expect.stringContaining('`tomllib`'));
  });
});

describe('import names and distributions', () => {
  const needs = (text: string) => distributionsOf(pythonImports(text)[0]);
  it('maps import names that differ from their distribution, and namespace packages by their parts', () => {
    expect(needs('import sklearn').distributions).toContain('scikit-learn');
    expect(needs('import cv2').distributions).toEqual(expect.arrayContaining(['opencv-python', 'opencv-python-headless', 'opencv-contrib-python']));
    expect(needs('from google.cloud import storage').distributions).toEqual(['google-cloud-storage']);
    expect(needs('import google.protobuf.json_format').distributions).toEqual(['protobuf']);
    expect(needs('from azure.storage.blob import BlobClient').distributions).toEqual(['azure-storage-blob']);
    expect(needs('from google.cloud import pubsub_v1').distributions).toEqual(['google-cloud-pubsub']);
    expect(needs('from google.cloud import *').namespaces).toEqual(['google-cloud']);
  });

  it('accepts the usual spellings of a declared distribution', () => {
    expect(isDeclared(needs('import magic'), new Set(['python-magic']))).toBe(true);
    expect(isDeclared(needs('import psycopg2'), new Set(['psycopg2-binary']))).toBe(true);
    expect(isDeclared(needs('import Flask_Cors'), new Set(['flask-cors']))).toBe(true);
    expect(isDeclared(needs('import yaml'), new Set(['flask']))).toBe(false);
  });
});

describe('untrusted names', () => {
  beforeAll(async () => {
    await loadShellParser();
  });

  it('takes names of Object.prototype (`constructor`, `__proto__`) as plain names, in installs, manifests and imports', () => {
    const files = { 'requirements.txt': 'constructor\n__proto__\ntoString\n', 'app.py': 'import constructor\nimport hasOwnProperty\nimport __proto__\n' };
    const dockerfile = 'FROM python:3.12\nCOPY . .\nRUN conda install constructor valueOf && pip install -r requirements.txt\n';
    // `__proto__` is no valid requirement name (PEP 508 names start with a letter or digit), so it stays undeclared.
    expect(undeclared(dockerfile, files).map((r) => r.message)).toEqual([expect.stringContaining('`hasOwnProperty`'), expect.stringContaining('`__proto__`')]);
  });
});

function undeclared(dockerfile: string, files: Record<string, string>): Report[] {
  const rule = rules.find((r) => r.meta.id === 'undeclared-import')!;
  const buildContext = createBuildContext('/nowhere', undefined, {
    exists: (path) => path in files,
    isDirectory: (path) => Object.keys(files).some((f) => f.startsWith(`${path}/`)),
    contains: () => true,
    sizeOf: () => undefined,
    list: () => Object.keys(files).sort(),
    readHead: (path) => files[path],
  });
  const reports: Report[] = [];
  const context: RuleContext = {
    options: {},
    settings: { trustedRegistries: [] },
    project: { contextOf: () => buildContext, manifestsInstalledBy: () => [], installsOf: () => [], includesOf: () => [], installersOf: () => [], dockerfilesUsing: () => [] },
    external: {},
    report: () => {
      throw new Error('undeclared-import reports at the import, in the Python file');
    },
    reportOn: (target, report) => {
      expect(target.kind).toBe('python');
      reports.push(report);
    },
    note: () => {},
  };
  rule.checkDockerfile!(parseDockerfile(dockerfile, '/nowhere/Dockerfile'), context);
  return reports;
}
