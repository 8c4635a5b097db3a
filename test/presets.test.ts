/** Presets: the rule settings a run starts from (`--preset`, `"extends"`), with the user's settings on top. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

// What hadolint 2.15.1 reports on this file with its defaults: DL3008 and DL3013 (warning), DL3009 and DL3015 (info),
// DL3042 and DL3025 (warning), and nothing else; dockerlint alone also reports a root user, a missing .dockerignore...
const DOCKERFILE = 'FROM python:3.12\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\nCMD python app.py\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-preset-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function findings(files: Record<string, string>, options: Parameters<typeof lint>[1] = {}) {
  const dir = project(files);
  const result = await lint([dir], { cwd: dir, config: false, ...options });
  const list = result.files.flatMap((f) => f.findings.map((x) => `${x.range.start.line} ${x.severity} ${x.rule} ${x.aliases.filter((a) => a.startsWith('DL')).join(',')}`));
  return { list: list.sort(), failLevel: result.failLevel };
}

describe('presets', () => {
  it('hadolint: exactly the findings hadolint reports, at its severities, failing on info', async () => {
    const { list, failLevel } = await findings({ Dockerfile: DOCKERFILE }, { preset: 'hadolint' });
    expect(list).toEqual([
      '2 info no-install-recommends DL3015',
      '2 info package-cache-not-cleaned DL3009',
      '2 warning unpinned-version DL3008',
      '3 warning package-cache-not-cleaned DL3042',
      '3 warning unpinned-version DL3013',
      '4 warning prefer-exec-form DL3025',
    ]);
    expect(failLevel).toBe('info');
  });

  it('hadolint: a rule the user sets by id leaves the preset, and a code the user sets decides its findings', async () => {
    const { list } = await findings({ Dockerfile: DOCKERFILE }, { preset: 'hadolint', ruleSettings: { 'unpinned-version': 'error', DL3025: 'off', 'run-as-root': 'warning' } });
    expect(list.filter((l) => l.includes('unpinned-version'))).toEqual(['2 error unpinned-version DL3008', '3 error unpinned-version DL3013']);
    expect(list.some((l) => l.includes('prefer-exec-form'))).toBe(false);
    expect(list.some((l) => l.includes('run-as-root'))).toBe(true);
  });

  it('is read from the config file (extends), whose own settings go on top; the flag wins over it', async () => {
    const config = { '.dockerlintrc.json': JSON.stringify({ extends: 'hadolint', rules: { DL3009: 'off' } }), Dockerfile: DOCKERFILE };
    const dir = project(config);
    const fromConfig = await lint([dir], { cwd: dir });
    const rules = fromConfig.files.flatMap((f) => f.findings.map((x) => x.rule));
    expect(rules).not.toContain('run-as-root');
    expect(fromConfig.files.flatMap((f) => f.findings).filter((x) => x.aliases.includes('DL3009'))).toEqual([]);
    expect(fromConfig.failLevel).toBe('info');
    const flag = await lint([dir], { cwd: dir, preset: 'recommended' });
    expect(flag.files.flatMap((f) => f.findings.map((x) => x.rule))).toContain('run-as-root');
  });

  it('strict: every rule, info raised to warning, failing on any finding; recommended leaves the fail level to the config', async () => {
    const strict = await findings({ Dockerfile: DOCKERFILE }, { preset: 'strict' });
    expect(strict.list.filter((l) => l.includes(' info '))).toEqual([]);
    expect(strict.list).toContain('2 warning package-cache-not-cleaned DL3009');
    expect(strict.failLevel).toBe('info');
    const recommended = await findings({ Dockerfile: DOCKERFILE });
    expect(recommended.list).toContain('2 info package-cache-not-cleaned DL3009');
    expect(recommended.failLevel).toBeUndefined();
  });
});
