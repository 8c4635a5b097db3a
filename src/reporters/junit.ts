/**
 * JUnit XML, as GitLab, Jenkins and Azure Pipelines show test reports: a test
 * suite per file, a failing test case per finding, one passing case for a file
 * without findings, so every file appears. A file that was not linted fails
 * with its file-not-linted error, or is a skipped case when that rule is off.
 */
import type { FileResult, Finding } from '../engine/finding.js';
import type { Reporter } from './reporter.js';
import { xmlAttribute as attr, xmlText as text } from './xml.js';

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
  return { tests: n, failures: n, skipped: 0, lines: [open(n, n, 0), ...file.findings.flatMap((f) => testCase(file, f)), '  </testsuite>'] };
}

function testCase(file: FileResult, f: Finding): string[] {
  const where = `${f.range.start.line}:${f.range.start.column}`;
  const rule = f.aliases.length > 0 ? `${f.rule} (${f.aliases.join(', ')})` : f.rule;
  const body = [`${f.severity}: ${f.message}`, `at ${f.path}:${where}`, `rule: ${rule}`, `docs: ${f.docs}`].join('\n');
  return [
    `    <testcase name="${attr(`${f.rule} ${where}`)}" classname="${attr(file.path)}">`,
    `      <failure message="${attr(f.message)}" type="${f.severity}">${text(body)}</failure>`,
    '    </testcase>',
  ];
}
