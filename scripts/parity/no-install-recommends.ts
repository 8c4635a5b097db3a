/** Deliberate differences of `no-install-recommends` from hadolint; see that rule's docs. */
import { aptRecommendsOff } from '../../src/model/apt.js';
import { aptConfiguredEarlier } from '../../src/model/stages.js';
import { aptInstallsWithout, installsHadolintDoesNotSee } from './apt-install.js';
import type { Difference } from './difference.js';

const RULE = 'no-install-recommends';

const OPTIONS = ['--no-install-recommends', '--without-recommends', '-R'];

export const differences: readonly Difference[] = [
  ...installsHadolintDoesNotSee('DL3015', RULE, OPTIONS),
  {
    code: 'DL3015',
    side: 'hadolint',
    rule: RULE,
    reason: 'recommends switched off another way: `-o APT::Install-Recommends=0` (or `no`, `off`), or apt\'s configuration written by an earlier `RUN`',
    matches: (d) =>
      aptInstallsWithout(d, OPTIONS).some(
        (pc) =>
          aptRecommendsOff(pc) ||
          (d.instruction !== undefined && aptConfiguredEarlier(d.instruction, 'no-install-recommends')),
      ),
  },
];
