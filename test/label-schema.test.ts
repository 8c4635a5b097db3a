/**
 * label-schema with settings other than those of fixtures/label-schema/settings.json,
 * which the table-driven runner uses: no schema at all, a schema without `strict`,
 * `strict` without a schema, and an unknown type. Findings as "line:column CODE".
 */
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'label-schema');

async function findings(options: Record<string, unknown> | undefined): Promise<Record<string, string[]>> {
  const result = await lint([DIR], {
    cwd: DIR,
    config: false,
    ruleSettings: options ? { 'label-schema': ['warning', options] } : undefined,
  });
  expect(result.notes).toEqual([]);
  const actual: Record<string, string[]> = {};
  for (const file of result.files) {
    const own = file.findings.filter((f) => f.rule === 'label-schema');
    if (own.length > 0) actual[relative(DIR, file.absolutePath).split(sep).join('/')] = own.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.aliases[0]}`);
  }
  return actual;
}

describe('label-schema settings', () => {
  it('reports nothing without a schema', async () => {
    expect(await findings(undefined)).toEqual({});
  });

  it('leaves labels outside the schema alone unless strict', async () => {
    const actual = await findings({ schema: { 'org.opencontainers.image.version': 'semver', 'org.opencontainers.image.vendor': 'text' } });
    expect(actual).toEqual({ 'bad/stages.Dockerfile': ['5:1 DL3049', '7:40 DL3056'] });
  });

  it('reports every label when strict with an empty schema', async () => {
    const actual = await findings({ strict: true });
    expect(actual['bad/stages.Dockerfile']).toEqual(['4:7 DL3050', '7:7 DL3050', '9:7 DL3050', '10:7 DL3050', '11:7 DL3050', '12:7 DL3050', '13:7 DL3050']);
    expect(actual['good/valid-escape-crlf.Dockerfile']).toHaveLength(7);
  });

  it('notes an unknown type and checks the label as text', async () => {
    const result = await lint([join(DIR, 'bad', 'values.Dockerfile')], {
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
