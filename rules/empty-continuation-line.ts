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
    fixable: false,
    docs: {
      rationale: `An empty line in the middle of an instruction continued with \`\\\` is skipped today, so the instruction goes
on after it. That is easy to misread (the empty line looks like the end of the instruction), and Docker has announced
that empty continuation lines will become an error: BuildKit already warns about them on every build. Remove the empty
line, or end the instruction before it.`,
      bad: `FROM debian:12-slim\nRUN apt-get update \\\n\n && apt-get install -y --no-install-recommends curl`,
      good: `FROM debian:12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl`,
      notes: `Reported at the first empty (or whitespace-only) line of each run of them, column 1. Comment lines inside a
continuation are fine, and so are empty lines in a heredoc body (\`RUN <<EOF\`), which are part of the script.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const last = continuationEnd(instruction);
      let line = instruction.range.start.line + 1;
      while (line <= last) {
        if (!isBlank(file.lines[line - 1])) {
          line++;
          continue;
        }
        const first = line;
        while (line + 1 <= last && isBlank(file.lines[line])) line++;
        const count = line - first + 1;
        context.report({
          range: range(first, 1, first, (file.lines[first - 1] ?? '').length + 1),
          message: `${count === 1 ? 'Empty line' : `${count} empty lines`} inside the \`${instruction.rawKeyword}\` continued from line ${instruction.line}: remove ${count === 1 ? 'it' : 'them'}, empty continuation lines are to become an error`,
        });
        line++;
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
