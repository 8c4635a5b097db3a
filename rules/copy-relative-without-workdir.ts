import { defineRule } from '../src/engine/rule.js';
import type { Instruction, Stage, Word } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'copy-relative-without-workdir',
    aliases: ['DL3045'],
    severity: 'warning',
    category: 'correctness',
    summary: '`COPY` to a relative destination before any `WORKDIR`',
    fixable: false,
    docs: {
      rationale: `A relative \`COPY\` destination is resolved against the working directory. Before the Dockerfile sets
one with \`WORKDIR\`, that is whatever the base image chose: \`/\` for most images, \`/go\` for \`golang\`, \`/usr/src/app\`
or something else for others, and it can change when the base image is updated. \`COPY . .\` then scatters the project
over the root of the filesystem or lands it somewhere the \`CMD\` does not look. Set \`WORKDIR\` first, or copy to an
absolute path.`,
      bad: `FROM node:22-slim\nCOPY package.json .\nRUN npm ci`,
      good: `FROM node:22-slim\nWORKDIR /app\nCOPY package.json .\nRUN npm ci`,
      notes: `Reported at the destination. A stage built on an earlier one (\`FROM build\`) inherits its \`WORKDIR\`.
Absolute destinations (\`/app\`, \`C:\\app\`, \`C:/app\`, \`C:\`) are fine; one written with a variable is resolved with its
\`ARG\`/\`ENV\` value and left alone when the value is unknown (\`$HOME/app\` from the base image). \`ADD\` and
\`ONBUILD COPY\` are not checked.`,
      differences: `hadolint's DL3045 tracks stages by name, so a second \`FROM alpine\` without an alias takes over the
\`WORKDIR\` of the first; here only a real parent stage counts. hadolint passes any destination that starts with \`$\`;
here \`ARG DEST=app\` + \`COPY . $DEST\` is resolved and reported.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'WORKDIR') break;
        if (instruction.keyword !== 'COPY' || inheritsWorkdir(stage)) continue;
        const destination = copyDestination(instruction);
        if (!destination) continue;
        const written = destination.unquoted;
        const path = destination.expanded;
        if (path.startsWith('$') || isAbsolute(path)) continue;
        const shown = path === written ? `\`${written}\`` : `\`${written}\` (\`${path}\`)`;
        context.report({
          range: destination.range,
          message: `\`COPY\` to the relative destination ${shown} before any WORKDIR, so it lands in the base image's working directory: set \`WORKDIR\` first or use an absolute path`,
        });
      }
    }
  },
});

function inheritsWorkdir(stage: Stage): boolean {
  for (let parent = stage.parent; parent; parent = parent.parent) {
    if (parent.instructions.some((i) => i.keyword === 'WORKDIR')) return true;
  }
  return false;
}

/** The destination of COPY: its last word. */
function copyDestination(copy: Instruction): Word | undefined {
  const words = copy.execForm ?? copy.args;
  return words.length >= 2 ? words[words.length - 1] : undefined;
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:([\\/]|$)/.test(path);
}
