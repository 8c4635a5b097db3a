/**
 * The reviewed snapshot of a rule's fixtures (`fixtures/<rule-id>/expected.md`):
 * for every fixture file the rule reports on, each finding as a user reads it
 * (full range, severity, peer codes, message) above the source line it points
 * at, with carets under the range, so that a reader sees the input and what it
 * must produce together, as ruff's snapshots show them.
 */
import { visible } from '../../src/reporters/visible.js';
import type { FileResult, Finding } from '../../src/engine/finding.js';

/** One fixture file's findings of the rule, with the file's path relative to the rule's fixture folder. */
export interface FixtureFindings {
  readonly key: string;
  readonly file: FileResult;
  readonly findings: readonly Finding[];
}

export const UPDATE_HINT = 'after a deliberate change: `npx vitest run test/rules.test.ts -u`, then review the diff';

/** The Markdown snapshot of `rule`'s findings on its fixtures, files in path order, findings in report order. */
export function fixtureSnapshot(rule: string, entries: readonly FixtureFindings[]): string {
  const out = [`# \`${rule}\` on its fixtures`, '', `<!-- Checked by test/rules.test.ts; ${UPDATE_HINT}. -->`];
  for (const { key, file, findings } of [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    out.push('', `## ${key}`, '', '```text');
    findings.forEach((finding, i) => {
      if (i > 0) out.push('');
      out.push(...renderFinding(file, finding));
    });
    out.push('```');
  }
  return `${out.join('\n')}\n`;
}

function renderFinding(file: FileResult, finding: Finding): string[] {
  const { start, end } = finding.range;
  const codes = finding.aliases.length > 0 ? ` [${finding.aliases.join(', ')}]` : '';
  const head = `${start.line}:${start.column}-${end.line}:${end.column} ${finding.severity}${codes}: ${visible(finding.message)}`;
  const source = file.lines[start.line - 1];
  if (source === undefined) return [head];
  const gutter = String(start.line);
  // Tabs as one space and escapes measured on the shown text, as the text reporter does, so the carets line up.
  const raw = source.replace(/\t/g, ' ').replace(/\r$/, '');
  const shown = visible(raw);
  const before = visible(raw.slice(0, Math.max(0, start.column - 1))).length;
  const upTo = end.line === start.line ? visible(raw.slice(0, Math.max(0, end.column - 1))).length : shown.length;
  const carets = '^'.repeat(Math.max(1, upTo - before));
  const more = end.line > start.line ? ` (to ${end.line}:${end.column})` : '';
  return [head, `${gutter} | ${shown}`.trimEnd(), `${' '.repeat(gutter.length)} | ${' '.repeat(before)}${carets}${more}`];
}
