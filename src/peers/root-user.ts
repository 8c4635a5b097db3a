/** Which peers report an image that runs as root (last-user-root). */
import type { DockerfileModel, Instruction } from '../model/dockerfile.js';

/**
 * hadolint's DL3002 reports the last `USER` of a stage; Trivy's DS-0002 and Checkov's CKV_DOCKER_8 look only at the
 * last `USER` of the whole file, and Checkov only at the exact word `root`.
 */
export function rootUserAliases(user: Instruction, file: DockerfileModel): string[] {
  const aliases = ['DL3002'];
  const lastUser = file.instructions.filter((i) => i.keyword === 'USER').pop();
  if (user !== lastUser) return aliases;
  aliases.push('DS-0002');
  if (user.args.map((w) => w.value).join(' ') === 'root') aliases.push('CKV_DOCKER_8');
  return aliases;
}
