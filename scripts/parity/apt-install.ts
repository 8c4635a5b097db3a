/**
 * What no-install-recommends (DL3015) and non-interactive-install (DL3014)
 * share: both check an option of `apt-get install`, and hadolint sees the
 * command in fewer places than we do.
 */
import { packageCommand, type PackageCommand } from '../../src/model/packages.js';
import { hasFlag } from '../../src/model/shell.js';
import type { Difference, Disagreement } from './difference.js';

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

/** Our lone findings on installs that hadolint does not see: other apt front-ends, wrappers, paths, `sh -c`, heredoc scripts. */
export function installsHadolintDoesNotSee(code: string, rule: string, options: readonly string[]): Difference[] {
  const case_ = (reason: string, test: (pc: PackageCommand) => boolean): Difference => ({
    code,
    side: 'dockerlint',
    rule,
    reason,
    matches: (d) => aptInstallsWithout(d, options).some(test),
  });
  return [
    case_('`apt install` and `aptitude install`, which hadolint does not check', (pc) => pc.manager !== 'apt-get'),
    case_('`apt-get install` behind `sudo` or another wrapper, which hadolint does not look through', (pc) => pc.command.wrappers.length > 0),
    case_('`apt-get install` called by a path (`/usr/bin/apt-get`), which hadolint does not recognise', (pc) => pc.command.nameWord.value.includes('/')),
    case_('`apt-get install` inside `sh -c "..."`, whose string hadolint does not read', (pc) => pc.command.nesting === 'shell-string'),
    case_('`apt-get install` in a heredoc fed to a shell (`RUN <<EOF bash`), which hadolint does not read', (pc) => pc.command.nesting === 'heredoc-script'),
  ];
}
