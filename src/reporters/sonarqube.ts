/**
 * SonarQube's generic issue import format (`sonar.externalIssuesReportPaths`), in the shape hadolint's
 * `-f sonarqube` writes, so that a project switching tools keeps its import: one issue per finding with the
 * engine, rule, severity, type and location. Columns are 0-based there.
 */
import type { Finding } from '../engine/finding.js';
import type { Reporter } from './reporter.js';

const SEVERITY: Readonly<Record<Finding['severity'], string>> = { error: 'CRITICAL', warning: 'MAJOR', info: 'MINOR' };

export const sonarqube: Reporter = (result) => {
  const issues = result.files.flatMap((file) =>
    file.findings.map((f) => {
      const { start, end } = f.range;
      // SonarQube rejects an empty range: a zero-width finding covers the character at its place, or else its line.
      const empty = end.line === start.line && end.column <= start.column;
      const fits = (file.lines[start.line - 1]?.length ?? 0) >= start.column;
      const columns = !empty ? { startColumn: start.column - 1, endColumn: end.column - 1 } : fits ? { startColumn: start.column - 1, endColumn: start.column } : {};
      return {
        engineId: 'dockerlint',
        ruleId: f.rule,
        severity: SEVERITY[f.severity],
        type: f.category === 'security' ? 'VULNERABILITY' : f.severity === 'error' ? 'BUG' : 'CODE_SMELL',
        primaryLocation: {
          message: f.aliases.length > 0 ? `${f.message} [${f.aliases.join(', ')}]` : f.message,
          filePath: f.path,
          textRange: { startLine: start.line, endLine: end.line, ...columns },
        },
      };
    }),
  );
  return `${JSON.stringify({ issues }, null, 2)}\n`;
};
