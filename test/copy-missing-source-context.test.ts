/**
 * copy-missing-source and the build context a Dockerfile is given on the command line: the fixture
 * fixtures/copy-missing-source/bad/wrong-context has docker/Dockerfile copying files of the folder above. Linted
 * alone, the rule says they exist there; with `--context` set to that folder (as `docker build -f docker/Dockerfile .`)
 * nothing is missing. The fixture runner cannot pass `--context`, so this is checked here.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'copy-missing-source', 'bad', 'wrong-context');
const dockerfile = join(fixture, 'docker', 'Dockerfile');

async function messages(context?: string): Promise<string[]> {
  const result = await lint([dockerfile], { cwd: fixture, config: false, context });
  expect(result.notes).toEqual([]);
  return result.files.flatMap((f) => f.findings.filter((x) => x.rule === 'copy-missing-source').map((x) => x.message));
}

describe('copy-missing-source with the build context set', () => {
  it('names the folder above when every missing path is there', async () => {
    const found = await messages();
    expect(found).toHaveLength(2);
    for (const message of found) expect(message).toContain('it exists in `..` (relative to the Dockerfile)');
  });

  it('reports nothing once `--context` is that folder', async () => {
    expect(await messages('.')).toEqual([]);
  });

  it('reports the paths, without pointing above, when `--context` is a folder that lacks them', async () => {
    const found = await messages('docker');
    expect(found).toHaveLength(2);
    for (const message of found) expect(message).not.toContain('exists in');
  });
});
