import { defineRule } from '../src/engine/rule.js';
import type { Instruction, Word } from '../src/model/dockerfile.js';

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
context, not a stage).`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'COPY' || !instruction.flag('from')) continue;
      const { sources, destination } = copyOperands(instruction);
      if (!destination || unquote(destination.value) !== '/') continue;
      const root = sources.find((w) => unquote(w.value) === '/');
      if (!root) continue;
      const from = instruction.flag('from')?.value ?? '';
      context.report({
        range: root.range,
        message: `\`COPY --from=${from} / /\` copies the whole filesystem of \`${from}\`, operating system included, over this image: copy only the directories the image needs`,
      });
    }
  },
});

/** The sources and destination of COPY/ADD (heredoc bodies left out). */
function copyOperands(instruction: Instruction): { sources: readonly Word[]; destination: Word | undefined } {
  const marker = instruction.heredocs[0]?.markerRange.start.line ?? Infinity;
  const words = instruction.execForm ?? instruction.args.filter((w) => w.range.start.line <= marker);
  return { sources: words.slice(0, -1), destination: words[words.length - 1] };
}

function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) return text.slice(1, -1);
  return text;
}
