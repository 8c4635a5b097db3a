import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { relativeWorkdirAliases } from '../src/peers/relative-workdir.js';

export default defineRule({
  meta: {
    id: 'absolute-workdir',
    aliases: ['DL3000', 'WorkdirRelativePath', 'DS-0009', 'CKV_DOCKER_10'],
    severity: 'warning',
    category: 'reproducibility',
    summary: '`WORKDIR` with a relative path',
    fixable: false,
    docs: {
      rationale: `A relative \`WORKDIR\` is resolved against the working directory in force, which at the start of a stage is
the base image's. Where files end up then depends on how the publisher of the base image set it up: \`WORKDIR app\`
means \`/app\` on one image, \`/usr/src/app\` on another, and something else again after the publisher changes it.
An absolute path says where the files go, whatever the base image does.`,
      bad: `FROM python:3.12-slim\nWORKDIR app\nCOPY . .`,
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .`,
      notes: `Every relative \`WORKDIR\` is reported, also after an absolute one (\`WORKDIR /srv\` then \`WORKDIR app\` is
easier to read as \`WORKDIR /srv/app\`). Variables are resolved with the \`ARG\` and \`ENV\` values in scope; when a
variable has no known value (\`WORKDIR $HOME/app\` with \`HOME\` from the base image), the path is left alone. Windows paths with a drive (\`C:\\app\`) or starting with \`\\\` count as absolute.`,
      differences: `hadolint (DL3000), Trivy (DS-0009) and Checkov (CKV_DOCKER_10) pass any path that starts with \`$\`;
here the variable is resolved, so \`ARG DIR=app\` + \`WORKDIR $DIR\` is reported. Checkov also reports Windows paths
written with a forward slash (\`C:/app\`) or starting with \`\\\`, paths in single quotes (\`'/app/'\`), and a
\`WORKDIR\` without a path, which is left to \`invalid-instruction\` here. BuildKit's WorkdirRelativePath
reports only the first \`WORKDIR\` of a stage and the stages built on it, and only when no \`WORKDIR\` came before it:
every finding is reported here, and only the one BuildKit also reports carries the \`WorkdirRelativePath\` alias.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR' || !instruction.argument) continue;
        const written = instruction.argument.unquoted;
        const path = instruction.argument.expanded;
        if (path.includes('$') || isAbsolute(path)) continue;
        const shown = path === written ? `\`${written}\`` : `\`${written}\` (\`${path}\`)`;
        context.report({
          range: instruction.args[0].range,
          message: `WORKDIR ${shown} is relative, so where it points depends on the base image's working directory: use an absolute path${example(path)}`,
          aliases: relativeWorkdirAliases(instruction),
        });
      }
    }
  },
});

function example(path: string): string {
  const clean = path.replace(/^(\.\/)+/, '');
  return clean === '' || clean.startsWith('.') ? '' : ` such as \`/${clean}\``;
}

/** Unix absolute, or a Windows drive (`C:`, `c:\app`) or root (`\app`). */
function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path);
}
