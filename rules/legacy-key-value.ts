import { defineRule, type Fix } from '../src/engine/rule.js';
import type { Instruction, KeyValue } from '../src/model/dockerfile.js';
import { range, textIn } from '../src/model/position.js';

export default defineRule({
  meta: {
    id: 'legacy-key-value',
    aliases: ['LegacyKeyValueFormat'],
    severity: 'info',
    category: 'style',
    summary: '`ENV` or `LABEL` in the legacy `key value` form instead of `key=value`',
    fixable: true,
    fix: {
      safe: `The fix writes \`=\` in place of the blanks after the key and keeps the value as written when it is one word
(\`ENV PATH /opt/bin:$PATH\` → \`ENV PATH=/opt/bin:$PATH\`, \`LABEL maintainer "a b"\` → \`LABEL maintainer="a b"\`),
or puts it in double quotes when it has blanks and no quote or escape character (\`ENV OPTS -Xmx1g -Xms1g\` →
\`ENV OPTS="-Xmx1g -Xms1g"\`). BuildKit reads the legacy value as the rest of the line, inner blanks included, and
expands it as one word; the new value is that word, and inside double quotes blanks are kept and \`$\` expands as
outside them, so the variable gets the same value. A value with blanks and quotes or escape characters, or a key and
value over several lines (a continuation), gets no fix: their quoting cannot be carried over with certainty.`,
    },
    docs: {
      rationale: `\`ENV key value\` (a space instead of \`=\`) is an old form kept for compatibility. It can set only one
variable, everything after the first space is its value, and it reads differently from the \`key=value\` form used
everywhere else: \`ENV A B=C\` sets \`A\` to \`B=C\`, which is rarely what was meant. Docker's build checks warn about it
on every build and the form may be removed. Write \`ENV key=value\`, quoting the value when it has spaces.`,
      bad: `FROM python:3.12-slim\nENV PYTHONUNBUFFERED 1\nLABEL maintainer "team@example.com"`,
      good: `FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nLABEL maintainer="team@example.com"`,
      notes: `Reported at the key. \`ARG\` has no legacy form (\`ARG name value\` is an error); an \`ENV\` or \`LABEL\`
registered with \`ONBUILD\` is checked too, as it is built later with the same syntax.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const checked = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
      if (!checked || (checked.keyword !== 'ENV' && checked.keyword !== 'LABEL')) continue;
      for (const pair of checked.pairs) {
        if (!pair.legacy) continue;
        const fix = keyValueFix(checked, pair, file.lines, file.escapeChar);
        context.report({
          range: pair.keyRange,
          ...(fix ? { fix } : {}),
          message: `\`${checked.keyword} ${pair.key} ${pair.value ?? ''}\` uses the legacy space-separated form: write \`${checked.keyword} ${fix ? `${fix.edits[0].text}\`` : suggestion(pair, file.escapeChar)}`,
        });
      }
    }
  },
});

/** `key=value` for a value that has no quote or escape character; for one that has, what to do. */
function suggestion(pair: KeyValue, escapeChar: string): string {
  const value = pair.value ?? '';
  if (/["']/.test(value) || value.includes(escapeChar)) return `${pair.key}=...\` with the value written as one word`;
  return /\s/.test(value) ? `${pair.key}="${value}"\`` : `${pair.key}=${value}\``;
}

/**
 * `key=value` in place of `key value`, when the pair sits on one line that ends the instruction. BuildKit takes the
 * legacy value as the rest of the line and expands it as one word; the new form splits its words at blanks outside
 * quotes, so a value with blanks is written in double quotes, which keep blanks and expand `$` as outside them, and
 * only when it has no quote or escape character whose meaning the quotes would change.
 */
function keyValueFix(instruction: Instruction, pair: KeyValue, lines: readonly string[], escapeChar: string): Fix | undefined {
  const line = pair.keyRange.start.line;
  if (!pair.valueRange || pair.keyRange.end.line !== line || pair.valueRange.start.line !== line || instruction.range.end.line !== line) return undefined;
  const key = textIn(lines, pair.keyRange);
  if (key !== pair.key || /["'=\s]/.test(key) || key.includes(escapeChar)) return undefined;
  const text = lines[line - 1] ?? '';
  const value = text.slice(pair.valueRange.start.column - 1).trimEnd();
  if (value === '' || /^\s/.test(value)) return undefined;
  let word: string;
  if (!/\s/.test(value)) word = value;
  else if (!/["']/.test(value) && !value.includes(escapeChar)) word = `"${value}"`;
  else if ((/^"[^"]*"$/.test(value) || /^'[^']*'$/.test(value)) && !value.includes(escapeChar)) word = value;
  else return undefined;
  const end = range(line, pair.keyRange.start.column, line, pair.valueRange.start.column + value.length);
  return { applicability: 'safe', description: 'write `key=value`', edits: [{ range: end, text: `${key}=${word}` }] };
}
