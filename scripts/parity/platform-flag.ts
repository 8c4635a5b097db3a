/** Deliberate differences of `platform-flag` from hadolint; see that rule's docs. */
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [];
