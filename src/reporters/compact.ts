/** One `path:line:column: severity rule message` line per finding: what editors' problem matchers and grep read. */
import type { Reporter } from './reporter.js';
import { lineStartPath, visible } from './visible.js';

export const compact: Reporter = (result) => {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const f of file.findings) {
      const aliases = f.aliases.length > 0 ? ` (${visible(f.aliases.join(', '))})` : '';
      lines.push(`${lineStartPath(f.path)}:${f.range.start.line}:${f.range.start.column}: ${f.severity} ${visible(f.rule)}${aliases} ${visible(f.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
