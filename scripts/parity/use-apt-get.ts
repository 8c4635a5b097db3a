/** Deliberate differences of `use-apt-get` from hadolint; see that rule's docs. */
import type { Difference } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

export const differences: readonly Difference[] = unseenCommands('DL3027', 'use-apt-get', '`apt`', (c) => c.name === 'apt');
