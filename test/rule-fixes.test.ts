/**
 * The fixed output of each fixable rule's fixtures, like the `output` of ESLint's RuleTester. For a rule whose
 * metadata says `fixable`, every file of `fixtures/<rule-id>/bad/` and `good/` is fixed with that rule alone (safe
 * fixes, then safe and unsafe ones), and `fixtures/<rule-id>/expected.fixed.md` is the reviewed snapshot of the
 * results: each file's fixed text, or `unchanged` when it must come out byte-identical. Refresh it with
 * `npx vitest run test/rule-fixes.test.ts -t <rule-id> -u` and read it. In the snapshot a CR shows as `␍`, a BOM as
 * `⟨BOM⟩`, and a file without a final newline says so.
 *
 * Whatever the rule, a fix keeps the BOM and the line endings, a second pass changes nothing, and no fix is offered
 * on a good fixture.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../src/index.js';
import { rules } from '../rules/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

function shown(text: string): string {
  const bom = text.startsWith('\ufeff') ? '⟨BOM⟩' : '';
  const body = (bom ? text.slice(1) : text).replace(/\r/g, '␍');
  return `${bom}${body}`;
}

/** The kind of line break of each line, in order: what a fix must not change. */
function lineBreaks(text: string): string[] {
  return [...text.matchAll(/\r\n|\r|\n/g)].map((m) => m[0]);
}

const fixable = rules.filter((r) => r.meta.fixable);

describe.each(fixable.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
  const dir = join(FIXTURES, id);

  it('states the applicability of its fixes in its metadata', () => {
    expect(rule.meta.fix?.safe ?? rule.meta.fix?.unsafe, `${id}: meta.fix says why its fix is safe or not`).toBeTruthy();
  });

  it('fixes its bad fixtures as expected.fixed.md shows, keeping BOM and line endings, and a second pass changes nothing', async () => {
    const sections: string[] = [`# Fixed output of ${id}`, ''];
    for (const path of filesUnder(join(dir, 'bad')).concat(filesUnder(join(dir, 'good')))) {
      const key = relative(dir, path).split(sep).join('/');
      const before = readFileSync(path, 'utf8');
      for (const unsafe of [false, true]) {
        const options = { cwd: dir, config: false as const, filename: path, rules: [rule], unsafe };
        const fixed = await applyFixes(before, options);
        if (key.startsWith('good/')) expect(fixed.text, `${key}: a good fixture gets no fix`).toBe(before);
        expect(fixed.text.startsWith('\ufeff'), `${key}: the BOM is kept`).toBe(before.startsWith('\ufeff'));
        const breaks = new Set(lineBreaks(before));
        for (const kind of lineBreaks(fixed.text)) expect(breaks.size === 0 || breaks.has(kind), `${key}: no new kind of line break`).toBe(true);
        expect((await applyFixes(fixed.text, options)).text, `${key}: a second pass changes nothing`).toBe(fixed.text);
        if (key.startsWith('good/')) continue;
        // The unsafe run is shown only where it differs from the safe one.
        if (unsafe && fixed.text === (await applyFixes(before, { ...options, unsafe: false })).text) continue;
        sections.push(`## ${key}${unsafe ? ' (--unsafe-fixes)' : ''}`, '');
        if (fixed.text === before) {
          sections.push('unchanged (byte-identical)', '');
          continue;
        }
        sections.push('```', shown(fixed.text).replace(/\n$/, ''), '```', '');
        if (!fixed.text.endsWith('\n') && !fixed.text.endsWith('\r')) sections.push('(no final newline)', '');
        if (fixed.dropped.length > 0) sections.push(`dropped: ${fixed.dropped.map((f) => `${f.range.start.line}:${f.range.start.column}`).join(', ')}`, '');
      }
    }
    await expect(sections.join('\n')).toMatchFileSnapshot(join(dir, 'expected.fixed.md'));
  });
});
