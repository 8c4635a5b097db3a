/** Deliberate differences of `non-interactive-install` from hadolint; see that rule's docs. */
import { aptAssumesYes, pipedFromYes } from '../../src/model/apt.js';
import { hasFlag } from '../../src/model/shell.js';
import { aptConfiguredEarlier } from '../../src/model/stages.js';
import { aptInstallsWithout, installsHadolintDoesNotSee } from './apt-install.js';
import type { Difference } from './difference.js';

const RULE = 'non-interactive-install';

const OPTIONS = ['-y', '--yes', '--assume-yes'];

export const differences: readonly Difference[] = [
  ...installsHadolintDoesNotSee('DL3014', RULE, OPTIONS),
  {
    code: 'DL3014',
    side: 'hadolint',
    rule: RULE,
    reason: 'answered another way: `yes | apt-get install`, `-o APT::Get::Assume-Yes=true`, quiet level above 2 (`-qqq`), or assume-yes set in apt\'s configuration by an earlier `RUN`',
    matches: (d) =>
      aptInstallsWithout(d, OPTIONS).some(
        (pc) =>
          pipedFromYes(pc.command) ||
          aptAssumesYes(pc) ||
          (d.instruction !== undefined && aptConfiguredEarlier(d.instruction, 'assume-yes')),
      ),
  },
  {
    code: 'DL3038',
    side: 'hadolint',
    rule: RULE,
    reason: '`microdnf install` without `-y`: microdnf never asks, its `-y` does nothing',
    matches: (d) =>
      (d.instruction?.script?.commands ?? []).some((c) => c.name === 'microdnf' && c.args.some((a) => a.value === 'install') && !hasFlag(c, '-y', '--assumeyes')),
  },
];
