/** The JSON contract described by schema/output.schema.json. */
import type { Reporter } from './reporter.js';

export const json: Reporter = (result, options) => {
  const output = {
    tool: { name: 'dockerlint', version: options.toolVersion },
    files: result.files.map((file) => ({
      path: file.path,
      kind: file.kind,
      ...(file.skipped ? { skipped: file.skipped } : {}),
      findings: file.findings.map((f) => ({
        rule: f.rule,
        aliases: f.aliases,
        severity: f.severity,
        category: f.category,
        message: f.message,
        line: f.range.start.line,
        column: f.range.start.column,
        endLine: f.range.end.line,
        endColumn: f.range.end.column,
        docs: f.docs,
        ...(f.contexts ? { contexts: f.contexts } : {}),
        ...(f.fix
          ? {
              fix: {
                applicability: f.fix.applicability,
                description: f.fix.description,
                edits: f.fix.edits.map((e) => ({ line: e.range.start.line, column: e.range.start.column, endLine: e.range.end.line, endColumn: e.range.end.column, text: e.text })),
                ...(f.fix.create ? { create: f.fix.create.map((c) => ({ path: c.path, text: c.text })) } : {}),
              },
            }
          : {}),
        ...(f.fixNotApplied ? { fixNotApplied: f.fixNotApplied } : {}),
      })),
    })),
    summary: {
      files: result.summary.files,
      findings: result.summary.findings,
      error: result.summary.error,
      warning: result.summary.warning,
      info: result.summary.info,
    },
  };
  return `${JSON.stringify(output, null, 2)}\n`;
};
