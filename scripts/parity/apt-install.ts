/**
 * What no-install-recommends (DL3015) and non-interactive-install (DL3014)
 * share: both check an option of `apt-get install`, and hadolint sees the
 * command in fewer places than we do.
 */
import { packageCommand, type PackageCommand } from '../../src/model/packages.js';
import { hasFlag } from '../../src/model/shell.js';
import type { Difference, Disagreement } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

/** The `apt-get`/`apt`/`aptitude install` commands of the disagreement's instruction that lack every one of `options`. */
export function aptInstallsWithout(d: Disagreement, options: readonly string[]): PackageCommand[] {
  const found: PackageCommand[] = [];
  for (const command of d.instruction?.script?.commands ?? []) {
    const pc = packageCommand(command);
    if (!pc || (pc.manager !== 'apt-get' && pc.manager !== 'apt' && pc.manager !== 'aptitude') || pc.operands[0]?.value !== 'install') continue;
    if (!hasFlag({ ...pc.command, args: pc.args }, ...options)) found.push(pc);
  }
  return found;
}

/** Our lone findings on installs that hadolint does not see: other apt front-ends, and the commands it never reads. */
export function installsHadolintDoesNotSee(code: string, rule: string, options: readonly string[]): Difference[] {
  return [
    {
      code,
      side: 'dockerlint',
      rule,
      reason: '`apt install` and `aptitude install`, which hadolint does not check',
      matches: (d) => aptInstallsWithout(d, options).some((pc) => pc.manager !== 'apt-get'),
    },
    ...unseenCommands(code, rule, '`apt-get install`', (c, d) => aptInstallsWithout(d, options).some((pc) => pc.command === c)),
  ];
}
