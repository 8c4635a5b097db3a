/** RUNs written for cmd or PowerShell, whose commands the POSIX shell parser does not read. */
import type { Instruction } from './dockerfile.js';

/** True for a shell-form RUN under PowerShell or cmd (`SHELL [...]`, Windows images): the shell parser does not read those. */
export function underWindowsShell(run: Instruction): boolean {
  if (run.execForm !== undefined) return false;
  const shell = (run.shell[0] ?? '').replace(/^"|"$/g, '').split(/[\\/]/).pop()!.toLowerCase();
  return /pwsh|powershell|^cmd(\.exe)?$/.test(shell);
}
