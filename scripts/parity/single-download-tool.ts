/** Deliberate differences of `single-download-tool` from hadolint; see that rule's docs. */
import type { Difference, Disagreement } from './difference.js';
import { whyUnseen } from './unseen-commands.js';

const TOOLS = ['curl', 'wget'];

/** The download tools hadolint sees in the RUNs of the instruction's stage up to the instruction. */
function toolsHadolintSees(d: Disagreement): Set<string> {
  const seen = new Set<string>();
  for (const instruction of d.instruction?.stage?.instructions ?? []) {
    if (instruction.line > d.line) break;
    if (instruction.keyword !== 'RUN') continue;
    for (const c of instruction.script?.commands ?? []) {
      if (TOOLS.includes(c.name) && whyUnseen(instruction, c) === undefined) seen.add(c.name);
    }
  }
  return seen;
}

export const differences: readonly Difference[] = [
  {
    code: 'DL4001',
    side: 'dockerlint',
    rule: 'single-download-tool',
    reason: '`curl` or `wget` that hadolint does not see (behind a wrapper, called by a path, in `sh -c \'...\'` or exec form, in a heredoc fed to a shell)',
    matches: (d) => d.instruction?.keyword === 'RUN' && toolsHadolintSees(d).size < TOOLS.length,
  },
];
