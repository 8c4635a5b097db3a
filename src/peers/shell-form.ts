/** Which peers report `CMD`/`ENTRYPOINT` in shell form (prefer-exec-form). */
import type { Instruction } from '../model/dockerfile.js';
import { setEarlierInLineage } from '../model/stages.js';

/** hadolint always; BuildKit's JSONArgsRecommended not once the image config has a `SHELL` (set before, or in a stage built on). */
export function shellFormAliases(instruction: Instruction): string[] {
  return setEarlierInLineage(instruction, 'SHELL') ? ['DL3025'] : ['DL3025', 'JSONArgsRecommended'];
}
