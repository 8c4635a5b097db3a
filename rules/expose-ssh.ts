import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'expose-ssh',
    aliases: ['DS-0004', 'CKV_DOCKER_1'],
    severity: 'warning',
    category: 'security',
    summary: '`EXPOSE 22`: an SSH server in the container',
    fixable: false,
    docs: {
      rationale: `Exposing port 22 means the image runs an SSH server: one more daemon to keep patched, host keys and
credentials baked into or generated in the image, and a way into the container that bypasses the runtime's own access
control and audit. \`docker exec\` (or \`kubectl exec\`) gives a shell without any of that; files move with
\`docker cp\` or a volume.`,
      bad: `FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server\nEXPOSE 22\nCMD ["/usr/sbin/sshd", "-D"]`,
      good: `FROM ubuntu:24.04\n# Debug with: docker exec -it <container> bash\nCMD ["/app/server"]`,
      notes: `Reported for \`22\`, \`22/tcp\`, \`22/udp\`, a range that includes 22 (\`20-25\`), a host mapping to container
port 22 (\`2222:22\`), and an \`ARG\`/\`ENV\` variable whose value is 22. Images whose very purpose is an SSH service
(a bastion, a Git server) can turn the rule off for that file with \`# dockerlint global ignore=expose-ssh\`.`,
      differences: `Trivy (DS-0004) matches exactly \`22\`, \`22/tcp\` and \`22/udp\`, Checkov (CKV_DOCKER_1) \`22\` and
\`22/tcp\`; the other forms are reported here without their codes.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'EXPOSE' || !instruction.stage) continue;
      for (const word of instruction.args) {
        const value = word.value.includes('$') ? instruction.expand(word.value) : word.value;
        for (const item of value.replace(/["']/g, '').split(/\s+/).filter(Boolean)) {
          if (!exposesPort22(item)) continue;
          const exact = word.value === item;
          const aliases = !exact ? [] : item === '22' || item === '22/tcp' ? ['DS-0004', 'CKV_DOCKER_1'] : item === '22/udp' ? ['DS-0004'] : [];
          context.report({
            range: word.range,
            message: `\`EXPOSE ${item}\` exposes the SSH port: do not run an SSH server in the container, use \`docker exec\` for a shell`,
            aliases,
          });
        }
      }
    }
  },
});

/** The container port of `[ip:][host:]port[/proto]`, a single port or a range, includes 22. */
function exposesPort22(item: string): boolean {
  const container = item.slice(item.lastIndexOf(':') + 1).split('/')[0];
  const [start, end] = container.split('-');
  if (!/^\d+$/.test(start) || (end !== undefined && !/^\d+$/.test(end))) return false;
  return end === undefined ? Number(start) === 22 : Number(start) <= 22 && 22 <= Number(end);
}
