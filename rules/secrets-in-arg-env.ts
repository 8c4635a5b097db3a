import { defineRule } from '../src/engine/rule.js';

// Placeholder: being written.
export default defineRule({
  meta: {
    id: 'secrets-in-arg-env',
    aliases: [],
    severity: 'warning',
    category: 'maintainability',
    summary: 'TODO placeholder rule',
    fixable: false,
    docs: { rationale: 'TODO', bad: 'TODO', good: 'TODO' },
  },
});
