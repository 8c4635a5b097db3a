/** The generated documentation must match the rule metadata: run `npm run docs` after changing a rule. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../src/docs/rule-docs.js';
import { rules } from '../rules/index.js';

const root = join(import.meta.dirname, '..');

describe('generated docs', () => {
  const files = generatedDocs(readFileSync(join(root, 'README.md'), 'utf8'), rules);

  it('README has the rules table markers', () => {
    expect(files.has('README.md')).toBe(true);
  });

  it.each([...files.keys()])('%s is current (run npm run docs)', (path) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(files.get(path));
  });

  it('has no page for a rule that does not exist', () => {
    const pages = readdirSync(join(root, 'docs/rules')).sort();
    expect(pages).toEqual(rules.map((r) => `${r.meta.id}.md`).sort());
  });

  it('every rule has complete metadata', () => {
    for (const { meta } of rules) {
      expect(meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(meta.summary.length, meta.id).toBeGreaterThan(10);
      expect(meta.summary.endsWith('.'), `${meta.id}: summary without trailing period`).toBe(false);
      expect(meta.docs.rationale.length, meta.id).toBeGreaterThan(40);
      expect(meta.docs.bad.trim().length, meta.id).toBeGreaterThan(0);
      expect(meta.docs.good.trim().length, meta.id).toBeGreaterThan(0);
    }
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
