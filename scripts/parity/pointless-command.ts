/** Deliberate differences of `pointless-command` from hadolint; see that rule's docs. */
import { pointlessInBuild } from '../../src/model/build-time-commands.js';
import type { Difference } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

export const differences: readonly Difference[] = unseenCommands('DL3001', 'pointless-command', 'command of the list', (c) => pointlessInBuild(c.name) !== undefined);
