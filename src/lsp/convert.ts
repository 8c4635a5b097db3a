/**
 * Findings and fixes in the protocol's terms. dockerlint's ranges are 1-based and end-exclusive, with columns in
 * UTF-16 code units (JavaScript string offsets); LSP's are 0-based, end-exclusive, in UTF-16 code units by default:
 * the conversion is a shift, never a re-measure.
 */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range as LspRange, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { Finding } from '../engine/finding.js';
import type { Severity, TextEdit } from '../engine/rule.js';
import type { Range } from '../model/position.js';
import { lineEndingOf } from '../engine/fix.js';

export const SOURCE = 'dockerlint';

export function toLspRange(range: Range): LspRange {
  const position = (p: Range['start']) => ({ line: Math.max(0, p.line - 1), character: Math.max(0, p.column - 1) });
  return { start: position(range.start), end: position(range.end) };
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * Rules whose finding is a form Docker deprecated: editors strike them through. (A tag, not a rule's metadata: the
 * protocol is the only reader that has a use for it.)
 */
const DEPRECATED_FORMS = new Set(['maintainer-deprecated', 'legacy-key-value']);

/** The diagnostic of a finding. (Code actions find the finding again by its range, among the document's last findings.) */
export function toDiagnostic(finding: Finding): Diagnostic {
  const contexts = finding.contexts && finding.contexts.length > 0 ? ` (in the build context${finding.contexts.length > 1 ? 's' : ''} ${finding.contexts.join(', ')})` : '';
  return {
    range: toLspRange(finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: finding.docs },
    source: SOURCE,
    message: `${finding.message}${contexts}`,
    ...(DEPRECATED_FORMS.has(finding.rule) ? { tags: [DiagnosticTag.Deprecated] } : {}),
    ...(finding.related && finding.related.length > 0
      ? { relatedInformation: finding.related.map((place) => ({ location: { uri: pathToFileURL(place.path).href, range: toLspRange(place.range) }, message: place.message })) }
      : {}),
  };
}

/**
 * A fix's edits as the editor applies them: the engine writes `\n` in an edit's text as the file's own line ending
 * (src/engine/fix.ts), and an editor writes the text as it is, so the document's line ending is put in here.
 */
export function toLspEdits(edits: readonly TextEdit[], documentText: string): LspTextEdit[] {
  const eol = lineEndingOf(documentText);
  return edits.map((edit) => ({ range: toLspRange(edit.range), newText: eol === '\n' ? edit.text : edit.text.replace(/\r?\n/g, eol) }));
}

/** Whether an LSP range and a finding's range share a line span or touch: the findings a code action request is about. */
export function overlaps(finding: Finding, range: LspRange): boolean {
  const f = toLspRange(finding.range);
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);
  return !before(f.end, range.start) && !before(range.end, f.start);
}

/** Whether the position is inside the finding's range (its end included, so that a cursor just after a word counts). */
export function containsPosition(finding: Finding, position: { line: number; character: number }): boolean {
  return overlaps(finding, { start: position, end: position });
}
