/** Deliberate differences of `wget-progress` from hadolint; see that rule's docs. */
import { underWindowsShell } from '../../src/model/windows.js';
import { flagValue } from '../../src/model/shell.js';
import type { Difference } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

export const differences: readonly Difference[] = [
  ...unseenCommands('DL3047', 'wget-progress', '`wget`', (c) => c.name === 'wget'),
  {
    code: 'DL3047',
    side: 'hadolint',
    rule: 'wget-progress',
    reason: '`wget -e progress=...` (`--execute`), which sets the progress as `--progress` does',
    matches: (d) =>
      (d.instruction?.script?.commands ?? []).some((c) => c.name === 'wget' && flagValue(c, '-e', '--execute')?.startsWith('progress=')),
  },
  {
    code: 'DL3047',
    side: 'hadolint',
    rule: 'wget-progress',
    reason: 'PowerShell\'s `wget` (an alias of Invoke-WebRequest): under `SHELL ["powershell", ...]` or in a `powershell -Command` script',
    matches: (d) => {
      const run = d.instruction;
      if (run?.keyword !== 'RUN' || !/\bwget\b/i.test(d.text)) return false;
      if (underWindowsShell(run)) return true;
      return (run.script?.commands ?? []).some((c) => /^(powershell|pwsh)(\.exe)?$/i.test(c.name) && c.args.some((w) => /^wget$/i.test(w.value)));
    },
  },
];
