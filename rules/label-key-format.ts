import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';

const RESERVED_NAMESPACES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

export default defineRule({
  meta: {
    id: 'label-key-format',
    aliases: ['DL3048'],
    severity: 'info',
    category: 'style',
    summary: '`LABEL` key that does not follow Docker\'s key conventions',
    fixable: false,
    docs: {
      rationale: `Tools that read image labels (registries, scanners, \`docker inspect --format\`, Kubernetes admission
policies) expect keys in the form Docker documents: lower-case reverse-DNS names such as
\`org.opencontainers.image.source\` or \`com.example.team\`. A key with capitals, spaces or doubled separators is easy to
get wrong when it is queried, and keys under \`com.docker.\`, \`io.docker.\` and \`org.dockerproject.\` are reserved for
Docker itself. Use a lower-case key in a namespace you own.`,
      bad: `FROM alpine:3.20\nLABEL Maintainer="team@example.com" com.docker.version=1 org..example.x=y`,
      good: `FROM alpine:3.20\nLABEL org.opencontainers.image.authors="team@example.com" com.example.version=1 org.example.x=y`,
      notes: `A key must start with a lower-case letter, end with a lower-case letter or digit, hold only \`a-z\`, \`0-9\`,
\`.\`, \`-\`, \`_\` and \`/\`, have no \`..\` or \`--\`, and not use a reserved namespace. Reported at the key, once per key
with the first problem found. A key written with a variable is checked with the variable's \`ARG\`/\`ENV\` value and
left alone when the value is unknown.`,
      differences: `hadolint's DL3048 checks the key as written, so a key built from a variable (\`LABEL \${PREFIX}.version=1\`)
is always reported there.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'LABEL') continue;
      for (const pair of instruction.pairs) {
        const key = pair.keyWord.expanded;
        if (key.includes('$')) continue;
        const problem = keyProblem(key);
        if (!problem) continue;
        const shown = key === pair.key ? `\`${key}\`` : `\`${pair.key}\` (\`${key}\`)`;
        context.report({ range: pair.keyRange, message: `Label key ${shown} ${problem}` });
      }
    }
  },
});

/** What is wrong with a label key, or undefined. */
function keyProblem(key: string): string | undefined {
  if (key === '') return 'is empty: name the label';
  const reserved = RESERVED_NAMESPACES.find((ns) => key.startsWith(ns));
  if (reserved) return `uses the namespace \`${reserved}\` reserved for Docker: use a reverse-DNS prefix you own`;
  if (/[A-Z]/.test(key)) return `has upper-case letters: use \`${key.toLowerCase()}\``;
  if (!/^[a-z]/.test(key)) return 'must start with a lower-case letter';
  const bad = key.match(/[^a-z0-9._/-]/);
  if (bad) return `holds \`${bad[0]}\`: use only lower-case letters, digits, \`.\`, \`-\`, \`_\` and \`/\``;
  if (key.includes('..') || key.includes('--')) return 'has a doubled separator (`..` or `--`): use a single one';
  if (!/[a-z0-9]$/.test(key)) return 'must end with a lower-case letter or digit';
  return undefined;
}
