/** Deliberate differences of `non-interactive-install` from hadolint; see that rule's docs. */
import { aptAssumesYes, pipedFromYes } from '../../src/model/apt.js';
import { hasFlag } from '../../src/model/shell.js';
import { aptConfiguredEarlier } from '../../src/model/stages.js';
import { aptInstallsWithout, installsHadolintDoesNotSee } from './apt-install.js';
import { unseenCommands } from './unseen-commands.js';
import type { Difference } from './difference.js';

const RULE = 'non-interactive-install';

const OPTIONS = ['-y', '--yes', '--assume-yes'];
/** The zypper subcommands DL3034 checks. */
const ZYPPER_CHECKED = new Set(['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch']);

export const differences: readonly Difference[] = [
  ...installsHadolintDoesNotSee('DL3014', RULE, OPTIONS),
  ...unseenCommands('DL3034', RULE, '`zypper install`', (c) => c.name === 'zypper' && ZYPPER_CHECKED.has(c.args.find((a) => !a.value.startsWith('-'))?.value ?? '') && !hasFlag(c, '-n', '--non-interactive', '-y', '--no-confirm')),
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
