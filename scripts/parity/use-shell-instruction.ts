/** Deliberate differences of `use-shell-instruction` from hadolint; see that rule's docs. */
import { operands, type ShellCommand } from '../../src/model/shell.js';
import type { Difference, Disagreement } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

const links = (d: Disagreement): ShellCommand[] => (d.instruction?.script?.commands ?? []).filter((c) => c.name === 'ln');

export const differences: readonly Difference[] = [
  ...unseenCommands('DL4005', 'use-shell-instruction', '`ln`', (c) => c.name === 'ln'),
  {
    code: 'DL4005',
    side: 'hadolint',
    rule: 'use-shell-instruction',
    reason: '`ln` with `/bin/sh` as the target, not as the link it creates (`ln -s /bin/sh /usr/local/bin/posix-sh`)',
    matches: (d) => links(d).some((c) => operands(c).slice(0, -1).some((w) => w.value === '/bin/sh')),
  },
  {
    code: 'DL4005',
    side: 'dockerlint',
    rule: 'use-shell-instruction',
    reason: '`ln` that replaces `/usr/bin/sh`, which hadolint does not check',
    matches: (d) => links(d).some((c) => operands(c).at(-1)?.value === '/usr/bin/sh'),
  },
];
