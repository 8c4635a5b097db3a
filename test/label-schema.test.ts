/**
 * label-schema only acts when configured, which the table-driven runner (no config)
 * cannot show: its configured fixtures live in fixtures/label-schema/configured/ and
 * are linted here with a schema, each finding as "line:column CODE".
 */
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'label-schema');

const SCHEMA = {
  'org.opencontainers.image.source': 'url',
  'org.opencontainers.image.version': 'semver',
  'org.opencontainers.image.revision': 'hash',
  'org.opencontainers.image.created': 'rfc3339',
  'org.opencontainers.image.licenses': 'spdx',
  'org.opencontainers.image.authors': 'email',
  'org.opencontainers.image.vendor': 'text',
};

async function findings(options: Record<string, unknown> | undefined, folder = '.'): Promise<Record<string, string[]>> {
  const result = await lint([join(DIR, folder)], {
    cwd: DIR,
    config: false,
    ruleSettings: options ? { 'label-schema': ['warning', options] } : undefined,
  });
  expect(result.notes).toEqual([]);
  const actual: Record<string, string[]> = {};
  for (const file of result.files) {
    const own = file.findings.filter((f) => f.rule === 'label-schema');
    if (own.length === 0) continue;
    actual[relative(DIR, file.absolutePath).split(sep).join('/')] = own.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.aliases[0]}`);
  }
  return actual;
}

describe('label-schema', () => {
  it('reports nothing without a schema', async () => {
    expect(await findings(undefined)).toEqual({});
  });

  it('reports missing, unknown, empty and malformed labels of a strict schema', async () => {
    expect(await findings({ schema: SCHEMA, strict: true }, 'configured')).toEqual({
      'configured/stages.Dockerfile': ['5:1 DL3049', '7:40 DL3056', '9:41 DL3055', '12:7 DL3051', '13:7 DL3050'],
      'configured/values.Dockerfile': ['2:39 DL3052', '5:40 DL3053', '6:41 DL3054', '7:40 DL3058'],
    });
  });

  it('leaves labels outside the schema alone unless strict', async () => {
    const actual = await findings({ schema: SCHEMA }, 'configured');
    expect(actual['configured/stages.Dockerfile']).toEqual(['5:1 DL3049', '7:40 DL3056', '9:41 DL3055', '12:7 DL3051']);
  });

  it('reports every label when strict with an empty schema', async () => {
    const actual = await findings({ strict: true });
    expect(actual['good/unconfigured.Dockerfile']).toEqual(['2:7 DL3050', '2:49 DL3050']);
    expect(actual['configured/valid-escape-crlf.Dockerfile']).toHaveLength(7);
  });

  it('notes an unknown type and checks the label as text', async () => {
    const result = await lint([join(DIR, 'configured', 'values.Dockerfile')], {
      cwd: DIR,
      config: false,
      ruleSettings: { 'label-schema': ['warning', { schema: { 'org.opencontainers.image.source': 'uri' } }] },
    });
    expect(result.notes).toEqual([
      'label-schema: label "org.opencontainers.image.source" has the unknown type "uri"; it is checked as "text" (types: text, url, rfc3339, spdx, hash, semver, email)',
    ]);
    expect(result.files[0].findings.filter((f) => f.rule === 'label-schema')).toEqual([]);
  });
});
