/**
 * The table-driven rule runner (like ESLint's RuleTester, with the cases on
 * disk). Every rule has a folder `fixtures/<rule-id>/` with:
 *   bad/   files (or small build-context folders) that must trigger the rule
 *   good/  files that must not trigger it (two at least)
 *   expected.json  for each bad file, its findings of this rule as
 *                  "line:column" or "line:column ALIAS" (the finding's first alias)
 *   settings.json  (optional) rule settings for the run, for rules that only act
 *                  when configured: { "<id>": ["warning", { ...options }] }
 * The folder is linted as a whole with every rule and no config, so cross-file
 * rules see real build contexts; only this rule's findings are compared.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import { rules } from '../rules/index.js';
import type { RuleSetting } from '../src/config/config.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

// internal-error has no input that causes it (each one would be a bug fixed); test/security.test.ts makes it happen.
const withFixtures = rules.filter((r) => r.meta.id !== 'internal-error');

describe.each(withFixtures.map((r) => [r.meta.id, r] as const))('%s', (id) => {
  const dir = join(FIXTURES, id);
  const expectedFile = join(dir, 'expected.json');

  it('has fixtures that hit and fixtures that must not hit', () => {
    expect(filesUnder(join(dir, 'bad')).length, `fixtures/${id}/bad/ is empty`).toBeGreaterThan(0);
    // Two at least: one plain, one with the tricky forms (escape directive, CRLF, heredoc, JSON form, variables, stages).
    expect(filesUnder(join(dir, 'good')).length, `fixtures/${id}/good/ needs two files at least`).toBeGreaterThanOrEqual(2);
    expect(existsSync(expectedFile), `fixtures/${id}/expected.json is missing`).toBe(true);
  });

  it('reports exactly the expected findings', async () => {
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, string[]>;
    const settingsFile = join(dir, 'settings.json');
    const ruleSettings = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, RuleSetting>) : undefined;
    const result = await lint([dir], { cwd: dir, config: false, ruleSettings });
    expect(result.notes).toEqual([]);
    const actual: Record<string, string[]> = {};
    for (const file of result.files) {
      const findings = file.findings.filter((f) => f.rule === id);
      const key = relative(dir, file.absolutePath).split(sep).join('/');
      if (findings.length === 0 && !(key in expected)) continue;
      actual[key] = findings.map((f) => `${f.range.start.line}:${f.range.start.column}${f.aliases[0] ? ` ${f.aliases[0]}` : ''}`);
    }
    for (const key of Object.keys(expected)) actual[key] ??= [];
    expect(actual).toEqual(expected);
    for (const key of Object.keys(expected)) {
      expect(key.startsWith('bad/'), `${key}: expected.json lists files under bad/ only`).toBe(true);
      expect(expected[key].length, `${key}: a bad fixture must expect at least one finding`).toBeGreaterThan(0);
    }
  });
});
