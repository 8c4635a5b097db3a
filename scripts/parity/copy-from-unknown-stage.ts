/** Deliberate differences of `copy-from-unknown-stage` from hadolint; see that rule's docs. */
import type { Difference } from './difference.js';

/** The `--from` value of the COPY the disagreement is on. */
function fromValue(d: Parameters<Difference['matches']>[0]): string | undefined {
  return d.instruction?.keyword === 'COPY' ? d.instruction.flag('from')?.value : undefined;
}

export const differences: readonly Difference[] = [
  {
    code: 'DL3022',
    side: 'hadolint',
    rule: 'copy-from-unknown-stage',
    reason: 'an image reference with a `/` or `@` but no tag (`--from=ghcr.io/org/tool`)',
    matches: (d) => {
      const value = fromValue(d);
      return value !== undefined && !value.includes('$') && !value.includes(':') && /[/@]/.test(value);
    },
  },
  {
    code: 'DL3022',
    side: 'hadolint',
    rule: 'copy-from-unknown-stage',
    reason: 'an earlier stage named with other case (`AS BUILD` ... `--from=build`), which BuildKit accepts',
    matches: (d) => {
      const value = fromValue(d);
      const stage = d.instruction?.stage;
      if (!value || !stage) return false;
      const named = d.file.stages.filter((s) => s.index <= stage.index && s.name?.toLowerCase() === value.toLowerCase());
      return named.length > 0 && named.every((s) => s.name !== value);
    },
  },
];
