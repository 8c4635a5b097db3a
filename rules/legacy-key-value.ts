import { defineRule } from '../src/engine/rule.js';
import type { KeyValue } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'legacy-key-value',
    aliases: ['LegacyKeyValueFormat'],
    severity: 'info',
    category: 'style',
    summary: '`ENV` or `LABEL` in the legacy `key value` form instead of `key=value`',
    fixable: false,
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
        context.report({
          range: pair.keyRange,
          message: `\`${checked.keyword} ${pair.key} ${pair.value ?? ''}\` uses the legacy space-separated form: write \`${checked.keyword} ${suggestion(pair)}\``,
        });
      }
    }
  },
});

/** `key=value`, the value quoted when it holds whitespace and is not quoted already. */
function suggestion(pair: KeyValue): string {
  const value = pair.value ?? '';
  const quoted = /^(["']).*\1$/s.test(value);
  return /\s/.test(value) && !quoted ? `${pair.key}="${value.replace(/"/g, '\\"')}"` : `${pair.key}=${value}`;
}
