/**
 * Checkstyle XML, as Jenkins warnings-ng, reviewdog and most CI dashboards read
 * it: every linted file is listed, with one `<error>` per finding.
 */
import type { Finding } from '../engine/finding.js';
import type { Reporter } from './reporter.js';
import { xmlAttribute as attr } from './xml.js';

export const checkstyle: Reporter = (result) => {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const file of result.files) {
    // A file that was not linted carries its file-not-linted error; with that rule off, listing it without errors
    // would claim it is clean, so it is left out.
    if (file.skipped && file.findings.length === 0) continue;
    if (file.findings.length === 0) {
      out.push(`  <file name="${attr(file.path)}"/>`);
      continue;
    }
    out.push(`  <file name="${attr(file.path)}">`);
    for (const f of file.findings) {
      out.push(
        `    <error line="${f.range.start.line}" column="${f.range.start.column}" severity="${f.severity}" message="${attr(withAliases(f))}" source="dockerlint.${attr(f.rule)}"/>`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
};

function withAliases(f: Finding): string {
  return f.aliases.length > 0 ? `${f.message} [${f.aliases.join(', ')}]` : f.message;
}
