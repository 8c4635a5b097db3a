import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { range } from '../src/model/position.js';

export default defineRule({
  meta: {
    id: 'empty-continuation-line',
    aliases: ['NoEmptyContinuation'],
    severity: 'warning',
    category: 'maintainability',
    summary: 'Empty line inside an instruction continued with `\\`',
    fixable: true,
    fix: {
      safe: `The fix deletes the empty (or whitespace-only) lines, with their line breaks. BuildKit skips them today, so
the instruction it reads is the same, character for character; the lines around them are not touched.`,
    },
    docs: {
      rationale: `An empty line in the middle of an instruction continued with \`\\\` is skipped today, so the instruction goes
on after it. That is easy to misread (the empty line looks like the end of the instruction), and Docker has announced
that empty continuation lines will become an error: BuildKit already warns about them on every build. Remove the empty
line, or end the instruction before it.`,
      bad: `FROM debian:12-slim\nRUN apt-get update \\\n\n && apt-get install -y --no-install-recommends curl`,
      good: `FROM debian:12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl`,
      notes: `Reported at the first empty (or whitespace-only) line of each run of them, column 1. Comment lines inside a
continuation are fine, and so are empty lines in a heredoc body (\`RUN <<EOF\`), which are part of the script. As in
BuildKit, a line that ends with a doubled escape character (\`C:\\\\Windows\\\\\`) does not continue the instruction.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      // The empty string after a final line break is no line of the file: an instruction continued into the end of
      // the file has no empty line there to remove.
      const last = Math.min(continuationEnd(instruction), file.lines.at(-1) === '' ? file.lines.length - 1 : file.lines.length);
      let continued = true;
      let line = instruction.range.start.line;
      while (continued && line < last) {
        const text = file.lines[line - 1] ?? '';
        // BuildKit continues a line that ends with one escape character, not with an escaped one (`C:\\`).
        if (!isBlank(text) && !isComment(text)) continued = endsWithContinuation(text, file.escapeChar);
        line++;
        if (!continued || !isBlank(file.lines[line - 1])) continue;
        const first = line;
        while (line + 1 <= last && isBlank(file.lines[line])) line++;
        const count = line - first + 1;
        context.report({
          range: range(first, 1, first, (file.lines[first - 1] ?? '').length + 1),
          fix: { applicability: 'safe', description: `delete the empty line${count === 1 ? '' : 's'}`, edits: [{ range: line < file.lines.length ? range(first, 1, line + 1, 1) : range(first, 1, line, (file.lines[line - 1] ?? '').length + 1), text: '' }] },
          message: `${count === 1 ? 'Empty line' : `${count} empty lines`} inside the \`${instruction.rawKeyword}\` continued from line ${instruction.line}: remove ${count === 1 ? 'it' : 'them'}, empty continuation lines are to become an error`,
        });
      }
    }
  },
});

/** The last line that belongs to the instruction's continuation: heredoc bodies are not continuation lines. */
function continuationEnd(instruction: Instruction): number {
  const heredoc = instruction.heredocs[0];
  return heredoc ? heredoc.markerRange.start.line : instruction.range.end.line;
}

function isBlank(line: string | undefined): boolean {
  return line !== undefined && line.trim() === '';
}

function isComment(line: string): boolean {
  return line.trimStart().startsWith('#');
}

function endsWithContinuation(line: string, escapeChar: string): boolean {
  // Not /[ \t]+$/: that regex takes quadratic time on a long run of blanks followed by anything else.
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  const trimmed = line.slice(0, end);
  return trimmed.endsWith(escapeChar) && (trimmed.length === 1 || trimmed[trimmed.length - 2] !== escapeChar);
}
