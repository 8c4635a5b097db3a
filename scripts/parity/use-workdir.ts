/** Deliberate differences of `use-workdir` from hadolint; see that rule's docs. */
import type { Difference } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

export const differences: readonly Difference[] = unseenCommands('DL3003', 'use-workdir', '`cd`', (c) => c.name === 'cd');
