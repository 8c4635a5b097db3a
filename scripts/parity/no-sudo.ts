/** Deliberate differences of `no-sudo` from hadolint; see that rule's docs. */
import type { ShellWord } from '../../src/model/shell.js';
import type { Difference } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

const isSudo = (w: ShellWord | undefined) => w !== undefined && /(^|\/)sudo$/.test(w.value);

// hadolint sees `sudo` as a command's first word only: not behind `env` or another wrapper.
export const differences: readonly Difference[] = unseenCommands(
  'DL3004',
  'no-sudo',
  '`sudo`',
  (c) => c.name === 'sudo' || c.wrappers.some(isSudo),
  { wrapped: (c) => c.wrappers.length > 0 && !isSudo(c.wrappers[0]) },
);
