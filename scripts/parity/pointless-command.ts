/** Deliberate differences of `pointless-command` from hadolint; see that rule's docs. */
import { POINTLESS } from '../../rules/pointless-command.js';
import type { Difference } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

export const differences: readonly Difference[] = unseenCommands('DL3001', 'pointless-command', 'command of the list', (c) => Object.hasOwn(POINTLESS, c.name));
