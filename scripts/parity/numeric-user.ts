/** Deliberate differences of `numeric-user` from hadolint; see that rule's docs. */
import { effectiveUser, imageStages, userArgument } from '../../src/model/stages.js';
import { hasWindowsShell, isWindowsAccount } from '../../src/model/windows.js';
import type { Difference } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3066',
    side: 'hadolint',
    rule: 'numeric-user',
    reason: '`USER root` (or `root:<group>`), left to `last-user-root`',
    matches: (d) => d.instruction?.keyword === 'USER' && userArgument(d.instruction).value.split(':')[0] === 'root',
  },
  {
    code: 'DL3066',
    side: 'hadolint',
    rule: 'numeric-user',
    reason: 'a `USER` that is not the one an image runs as (mid-stage, build stage, or a stage another builds on)',
    matches: (d) => {
      const user = d.instruction;
      return user?.keyword === 'USER' && !imageStages(d.file).some((s) => effectiveUser(s) === user);
    },
  },
  {
    code: 'DL3066',
    side: 'hadolint',
    rule: 'numeric-user',
    reason: 'the Windows accounts `ContainerUser` and `ContainerAdministrator`',
    matches: (d) =>
      d.instruction?.keyword === 'USER' &&
      isWindowsAccount(userArgument(d.instruction).value.split(':')[0]),
  },
  {
    code: 'DL3066',
    side: 'hadolint',
    rule: 'numeric-user',
    reason: 'a Windows image (a `cmd` or `powershell` shell), which has no numeric user IDs',
    matches: (d) => d.instruction?.keyword === 'USER' && hasWindowsShell(d.instruction),
  },
  {
    code: 'DL3066',
    side: 'hadolint',
    rule: 'numeric-user',
    reason: 'a user from a variable with no value in the file (an ENV of the base image: `USER $APP_UID`)',
    matches: (d) => {
      if (d.instruction?.keyword !== 'USER') return false;
      const { written, value } = userArgument(d.instruction);
      const name = value.split(':')[0];
      return written.includes('$') && (name === '' || name.includes('$'));
    },
  },
  {
    code: 'DL3066',
    side: 'hadolint',
    rule: 'numeric-user',
    reason: 'a user from a variable whose ENV/ARG value is a numeric UID (`ENV APP_UID=1654` + `USER $APP_UID`)',
    matches: (d) => {
      if (d.instruction?.keyword !== 'USER') return false;
      const { written, value } = userArgument(d.instruction);
      return written.includes('$') && /^\d+$/.test(value.split(':')[0]);
    },
  },
  {
    code: 'DL3066',
    side: 'dockerlint',
    rule: 'numeric-user',
    reason: 'a user written with a variable whose ARG/ENV value is a name (`ARG USER=app` + `USER $USER`)',
    matches: (d) => d.instruction?.keyword === 'USER' && userArgument(d.instruction).written.includes('$'),
  },
];
