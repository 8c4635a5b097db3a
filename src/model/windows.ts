/** What marks an instruction as written for Windows: its shell (cmd, PowerShell) and the accounts of Windows images. */
import type { Instruction } from './dockerfile.js';

/** True for a shell-form RUN under PowerShell or cmd (`SHELL [...]`, Windows images): the shell parser does not read those. */
export function underWindowsShell(run: Instruction): boolean {
  if (run.execForm !== undefined) return false;
  const shell = (run.shell[0] ?? '').replace(/^"|"$/g, '').split(/[\\/]/).pop()!.toLowerCase();
  return /pwsh|powershell|^cmd(\.exe)?$/.test(shell);
}

/** Shells that exist only on Windows: the model's default for a Windows base image, or what its SHELL sets. */
const WINDOWS_SHELLS = /^(cmd|powershell)(\.exe)?$/i;

/** True when the instruction's shell is cmd or PowerShell, named as such (no path): it is built on a Windows image. */
export function hasWindowsShell(instruction: Instruction): boolean {
  return WINDOWS_SHELLS.test(instruction.shell[0] ?? '');
}

/** Windows container accounts, which have no numeric form. */
const WINDOWS_USERS = new Set(['containeruser', 'containeradministrator']);

/** True for `ContainerUser` and `ContainerAdministrator`, in any case. */
export function isWindowsAccount(name: string): boolean {
  return WINDOWS_USERS.has(name.toLowerCase());
}
