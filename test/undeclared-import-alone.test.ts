/**
 * undeclared-import judges a project's main manifest without a Dockerfile only when no Dockerfile beside it may
 * install it: one the run does not hold (another worker's share of a large run, a path left out) keeps it silent.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { tempDir } from './support/cli-process.js';

const files = {
  'requirements.txt': 'flask==3.0.3\n',
  'app.py': 'import flask\nimport yaml\n',
};

async function undeclared(dir: string, paths: string[]): Promise<string[]> {
  const result = await lint(paths.map((p) => join(dir, p)), { cwd: dir, config: false, ruleSettings: { shellcheck: 'off' } });
  return result.files.flatMap((f) => f.findings.filter((x) => x.rule === 'undeclared-import').map((x) => `${f.path}:${x.range.start.line} ${x.message.split(' ')[0]}`));
}

describe('undeclared-import without a Dockerfile', () => {
  it('judges the main manifest of a folder that has no Dockerfile', async () => {
    const dir = tempDir(files, 'undeclared-alone-');
    expect(await undeclared(dir, ['requirements.txt'])).toEqual(['app.py:2 `yaml`']);
  });

  it('stays silent when a Dockerfile beside it is not part of the run', async () => {
    const dir = tempDir({ ...files, Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install PyYAML -r requirements.txt\n' }, 'undeclared-alone-');
    expect(await undeclared(dir, ['requirements.txt'])).toEqual([]);
    // With the Dockerfile in the run, its image is what judges the code: PyYAML is declared on its pip command.
    expect(await undeclared(dir, ['requirements.txt', 'Dockerfile'])).toEqual([]);
  });
});
