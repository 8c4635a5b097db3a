/** Which peers report a relative `WORKDIR` (absolute-workdir). */
import type { Instruction } from '../model/dockerfile.js';
import { setEarlierInLineage } from '../model/stages.js';

/**
 * hadolint, Trivy and Checkov report every relative `WORKDIR`; BuildKit's WorkdirRelativePath only the first of a
 * stage and the stages it is built on (a later one is relative to an absolute one).
 */
export function relativeWorkdirAliases(workdir: Instruction): string[] {
  const firstInChain = !setEarlierInLineage(workdir, 'WORKDIR');
  return firstInChain ? ['DL3000', 'WorkdirRelativePath', 'DS-0009', 'CKV_DOCKER_10'] : ['DL3000', 'DS-0009', 'CKV_DOCKER_10'];
}
