/** Deliberate differences of `last-user-root` from hadolint; see that rule's docs. */
import { effectiveUser, imageStages, userArgument } from '../../src/model/stages.js';
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3002',
    side: 'hadolint',
    rule: 'last-user-root',
    reason: 'the last `USER` of a build stage, which another stage builds on or copies from',
    matches: (d) => {
      const user = d.instruction;
      return user?.keyword === 'USER' && !imageStages(d.file).some((s) => effectiveUser(s) === user);
    },
  },
  {
    code: 'DL3002',
    side: 'dockerlint',
    rule: 'last-user-root',
    reason: 'a user written with a variable whose ARG/ENV value is root (`ARG RUN_AS=root` + `USER $RUN_AS`)',
    matches: (d) => d.instruction?.keyword === 'USER' && userArgument(d.instruction).written.includes('$'),
  },
];
