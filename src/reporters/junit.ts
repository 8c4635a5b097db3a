/**
 * JUnit XML, as GitLab, Jenkins and Azure Pipelines show test reports: a test
 * suite per file, a failing test case per finding, one passing case for a file
 * without findings, so every file appears. A file that was not linted fails
 * with its file-not-linted error, or is a skipped case when that rule is off.
 */
import type { FileResult, Finding } from '../engine/finding.js';
import type { Reporter } from './reporter.js';
import { xmlAttribute as attr, xmlText as text } from './xml.js';
import { contentKeys, sha256 } from './fingerprint.js';
import { visible } from './visible.js';

export const junit: Reporter = (result) => {
  const suites = result.files.map(testSuite);
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const skipped = suites.reduce((n, s) => n + s.skipped, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dockerlint" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...suites.flatMap((s) => s.lines),
    '</testsuites>',
    '',
  ].join('\n');
};

function testSuite(file: FileResult) {
  const name = attr(file.path);
  const open = (tests: number, failures: number, skipped: number) =>
    `  <testsuite name="${name}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`;
  if (file.skipped && file.findings.length === 0) {
    const lines = [open(1, 0, 1), `    <testcase name="dockerlint" classname="${name}">`, `      <skipped message="${attr(file.skipped)}"/>`, '    </testcase>', '  </testsuite>'];
    return { tests: 1, failures: 0, skipped: 1, lines };
  }
  if (file.findings.length === 0) {
    return { tests: 1, failures: 0, skipped: 0, lines: [open(1, 0, 0), `    <testcase name="dockerlint" classname="${name}"/>`, '  </testsuite>'] };
  }
  const n = file.findings.length;
  const keys = contentKeys(file);
  return { tests: n, failures: n, skipped: 0, lines: [open(n, n, 0), ...file.findings.flatMap((f, i) => testCase(file, f, keys[i]!)), '  </testsuite>'] };
}

/**
 * A test case is named by what it is about, never by its line: CI systems track a test by its name across runs
 * (GitLab's "new failures", flaky-test history), and inserting a line above must not make every finding a new one.
 * The line is in the failure message.
 */
function testCase(file: FileResult, f: Finding, key: { key: string; occurrence: number }): string[] {
  const where = `${f.range.start.line}:${f.range.start.column}`;
  const rule = f.aliases.length > 0 ? `${f.rule} (${f.aliases.join(', ')})` : f.rule;
  const body = [`${f.severity}: ${f.message}`, `at ${f.path}:${where}`, `rule: ${rule}`, `docs: ${f.docs}`].join('\n');
  return [
    `    <testcase name="${attr(stableName(file, f, key))}" classname="${attr(file.path)}">`,
    `      <failure message="${attr(`line ${where}: ${f.message}`)}" type="${f.severity}">${text(body)}</failure>`,
    '    </testcase>',
  ];
}

const MAX_SHOWN = 60;

/** `unpinned-version: curl (3f2a9c1e)`: the rule, the flagged text, and a short hash of the content key that tells apart equal texts. */
function stableName(file: FileResult, f: Finding, key: { key: string; occurrence: number }): string {
  const { start, end } = f.range;
  const line = file.lines[start.line - 1] ?? '';
  const collapse = (text: string) => text.trim().replace(/\s+/g, ' ');
  const flagged = collapse(line.slice(start.column - 1, end.line === start.line ? end.column - 1 : undefined)) || collapse(line);
  const shown = visible(flagged.length > MAX_SHOWN ? `${flagged.slice(0, MAX_SHOWN - 1)}…` : flagged);
  const id = `${sha256(key.key).slice(0, 8)}${key.occurrence > 1 ? `-${key.occurrence}` : ''}`;
  return shown ? `${f.rule}: ${shown} (${id})` : `${f.rule} (${id})`;
}
