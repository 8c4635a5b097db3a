import { defineRule } from '../src/engine/rule.js';
import type { DockerfileModel } from '../src/model/dockerfile.js';
import { oneLineText, type Range } from '../src/model/position.js';
import { variableReferences } from '../src/model/variables.js';

export default defineRule({
  meta: {
    id: 'env-self-reference',
    aliases: ['DL3044'],
    severity: 'warning',
    category: 'correctness',
    summary: 'An `ENV` value that refers to a variable set in the same `ENV`',
    fixable: false,
    docs: {
      rationale: `Docker expands every value of an \`ENV\` instruction before it sets any of them. In
\`ENV APP_HOME=/app APP_BIN=$APP_HOME/bin\`, \`$APP_HOME\` is therefore not \`/app\` but whatever \`APP_HOME\` was before
the instruction, here nothing: \`APP_BIN\` becomes \`/bin\`. The image builds, and the mistake shows only when something
uses the variable. Set the variable in one \`ENV\` and use it in the next.`,
      bad: `FROM python:3.12-slim\nENV APP_HOME=/app APP_BIN=$APP_HOME/bin`,
      good: `FROM python:3.12-slim\nENV APP_HOME=/app\nENV APP_BIN=$APP_HOME/bin`,
      notes: `Reported at the reference (\`$APP_HOME\`, \`\${APP_HOME}\`, \`\${APP_HOME:-x}\`). Not reported when the
variable already had a value in scope before the instruction (an earlier \`ENV\`, a stage \`ARG\`, or the \`ENV\` of a
stage this one is built on): \`ENV PATH=/opt/bin:$PATH\` and \`ENV V=2 OLD=$V\` mean the earlier value on purpose. A value
referring to its own key is fine for the same reason. References inside single quotes are not expanded by Docker and
not reported.`,
      differences: `hadolint remembers every \`ENV\` and \`ARG\` name of the file, whatever the stage, so a variable set in
another stage (or a global \`ARG\` not declared again in the stage) hides the problem there; here only what is in scope
for the instruction counts, as Docker sees it. hadolint recognises \`$NAME\` and \`\${NAME}\` only (not
\`\${NAME:-default}\`), and also reports references that Docker does not expand: inside single quotes (\`'$NAME'\`) or
escaped (\`\\$NAME\`).`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'ENV') continue;
      const pairs = instruction.pairs;
      const fresh = new Set(pairs.map((p) => p.key).filter((key) => !instruction.variables.has(key)));
      if (fresh.size === 0) continue;
      for (const pair of pairs) {
        if (pair.valueRange === undefined) continue;
        // The value as written: its quotes and escapes decide what Docker expands.
        const written = oneLineText(file.lines, pair.valueRange);
        const seen = new Set<string>();
        for (const ref of variableReferences(written ?? pair.value ?? '', file.escapeChar)) {
          if (ref.name === pair.key || !fresh.has(ref.name) || seen.has(ref.name)) continue;
          seen.add(ref.name);
          context.report({
            range: written === undefined ? pair.valueRange : inRange(pair.valueRange, ref.offset, ref.length),
            message: `\`${ref.text}\` refers to \`${ref.name}\`, which this same ENV sets: Docker expands all values first, so it gets the value from before (none here). Set \`${ref.name}\` in an earlier ENV`,
          });
        }
      }
    }
  },
});

/** The range of `[offset, offset + length)` of a one-line range's text. */
function inRange(r: Range, offset: number, length: number): Range {
  const column = r.start.column + offset;
  return { start: { line: r.start.line, column }, end: { line: r.start.line, column: column + length } };
}
