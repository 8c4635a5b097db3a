import { defineRule } from '../src/engine/rule.js';
import type { Instruction, Word } from '../src/model/dockerfile.js';
import { rootStage, stageNamedFrom } from '../src/model/stages.js';

export default defineRule({
  meta: {
    id: 'copy-whole-filesystem',
    aliases: ['DL3067'],
    severity: 'warning',
    category: 'image-size',
    summary: '`COPY --from` of a whole stage filesystem (`/`) onto `/`',
    fixable: false,
    docs: {
      rationale: `\`COPY --from=build / /\` copies every file of the other stage, its operating system included, over the
image being built: a second copy of the base system lands in a new layer, and the other stage's \`/etc/passwd\`, shared
libraries and package database replace those of this image. The result is larger than either image and can break in
ways that depend on which file happened to win. Copy the directories the image needs (\`/app\`, \`/usr/local/bin/tool\`).`,
      bad: `FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM debian:12-slim\nCOPY --from=build / /`,
      good: `FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app`,
      notes: `Reported at the source \`/\` when the destination is \`/\` too, in shell and JSON form. A copy of \`/\` into a
sub-directory (\`COPY --from=build / /rootfs\`) is not reported, nor is \`COPY / /\` without \`--from\` (the build
context, not a stage). Not reported either when the image being built is \`FROM scratch\` (an export or squash stage:
there is nothing to overwrite) or when the stage copied from is built on \`scratch\` (it holds only what was put in it).
An image given to \`--from\` (\`COPY --from=docker/buildx-bin / /\`) is reported: its content cannot be seen here.`,
      differences: `hadolint's DL3067 also reports copies into or out of \`scratch\` stages.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'COPY' || !instruction.flag('from') || !instruction.stage) continue;
      // Into an empty image (an export or squash stage) or out of one (only artifacts), nothing is duplicated.
      const from = instruction.flag('from')?.value ?? '';
      const source = stageNamedFrom(file, from, instruction.stage);
      if (rootStage(instruction.stage).isScratch || (source && rootStage(source).isScratch)) continue;
      const { sources, destination } = copyOperands(instruction);
      if (!destination || destination.unquoted !== '/') continue;
      const root = sources.find((w) => w.unquoted === '/');
      if (!root) continue;
      context.report({
        range: root.range,
        message: `\`COPY --from=${from} / /\` copies the whole filesystem of \`${from}\`, operating system included, over this image: copy only the directories the image needs`,
      });
    }
  },
});

/** The sources and destination of COPY/ADD. */
function copyOperands(instruction: Instruction): { sources: readonly Word[]; destination: Word | undefined } {
  const words = instruction.execForm ?? instruction.args;
  return { sources: words.slice(0, -1), destination: words[words.length - 1] };
}
