/**
 * The table-driven rule runner (like ESLint's RuleTester, with the cases on
 * disk). Every rule has a folder `fixtures/<rule-id>/` with:
 *   bad/   files (or small build-context folders) that must trigger the rule
 *   good/  at least two files (or folders) that must not trigger it
 *   expected.md  the reviewed snapshot of this rule's findings on bad/: for each
 *                finding its full range, severity, peer codes and message above
 *                the source line with carets (test/support/fixture-snapshot.ts)
 *   settings.json  (optional) rule settings for the run, for rules that only act
 *                when configured: { "<id>": ["warning", { ...options }] }
 * The folder is linted as a whole with every rule and no config, so cross-file
 * rules see real build contexts; only this rule's findings are compared.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { rules } from '../rules/index.js';
import type { RuleSetting } from '../src/config/config.js';
import { fixtureSnapshot, type FixtureFindings } from './support/fixture-snapshot.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The names in `dir` (files and folders), none when it does not exist. */
function entriesOf(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

// internal-error has no input that causes it (each one would be a bug fixed); test/security.test.ts makes it happen.
const withFixtures = rules.filter((r) => r.meta.id !== 'internal-error');

describe.each(withFixtures.map((r) => [r.meta.id, r] as const))('%s', (id) => {
  const dir = join(FIXTURES, id);

  it('has fixtures that hit and at least two that must not hit', () => {
    expect(entriesOf(join(dir, 'bad')).length, `fixtures/${id}/bad/ is empty`).toBeGreaterThan(0);
    expect(entriesOf(join(dir, 'good')).length, `fixtures/${id}/good/ needs at least two fixtures`).toBeGreaterThanOrEqual(2);
  });

  it('reports exactly the snapshot in expected.md, on every bad fixture and on no good one', async () => {
    const settingsFile = join(dir, 'settings.json');
    const ruleSettings = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, RuleSetting>) : undefined;
    const result = await lint([dir], { cwd: dir, config: false, ruleSettings });
    expect(result.notes).toEqual([]);
    const entries: FixtureFindings[] = [];
    for (const file of result.files) {
      const findings = file.findings.filter((f) => f.rule === id);
      const key = relative(dir, file.absolutePath).split(sep).join('/');
      if (findings.length > 0) entries.push({ key, file, findings });
    }
    expect(entries.filter((e) => !e.key.startsWith('bad/')).map((e) => e.key), 'good fixtures must not trigger the rule').toEqual([]);
    const silent = entriesOf(join(dir, 'bad')).filter((entry) => !entries.some((e) => e.key === `bad/${entry}` || e.key.startsWith(`bad/${entry}/`)));
    expect(silent, 'every bad fixture must trigger the rule').toEqual([]);
    await expect(fixtureSnapshot(id, entries)).toMatchFileSnapshot(join(dir, 'expected.md'));
  });
});
