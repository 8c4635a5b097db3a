import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { textIn } from '../src/model/position.js';

const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export default defineRule({
  meta: {
    id: 'instruction-casing',
    aliases: ['ConsistentInstructionCasing'],
    severity: 'info',
    category: 'style',
    summary: 'Instruction keyword not in the case of the rest of the file',
    fixable: true,
    fix: {
      safe: `The fix rewrites the keyword alone in the file's case (\`workdir\` → \`WORKDIR\`). BuildKit reads instruction
keywords without regard to case, so the image is built the same; nothing else on the line changes. A keyword split by
a line continuation is left as it is (no fix).`,
    },
    docs: {
      rationale: `Instruction keywords are not case-sensitive, but a file reads as one piece when they are all written the
same way. Upper case (\`RUN\`, \`COPY\`) is the convention of the Dockerfile reference and nearly every Dockerfile, and it
sets the instructions apart from their arguments; a keyword in mixed case (\`Run\`) is almost always a typo.`,
      bad: `FROM python:3.12-slim\nworkdir /app\nCOPY . .\nRun pip install --no-cache-dir .`,
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .`,
      notes: `The file's case is the case of most of its keywords: lower case only when strictly more keywords are lower
case than upper case, else upper case. A keyword in mixed case is always reported. The finding is at the keyword.`,
      differences: `BuildKit (ConsistentInstructionCasing) counts and checks only the instructions from the first \`FROM\` on
and not the instruction inside \`ONBUILD\`; here the \`ARG\`s before the first \`FROM\` count too, and the keyword after
\`ONBUILD\` is checked (without counting).`,
    },
  },
  checkDockerfile(file, context) {
    const keywords = file.instructions.filter((i) => INSTRUCTIONS.has(i.keyword));
    let lower = 0;
    let upper = 0;
    for (const instruction of keywords) {
      const raw = instruction.rawKeyword;
      if (raw === raw.toLowerCase()) lower++;
      else if (raw === raw.toUpperCase()) upper++;
    }
    const majorityLower = lower > upper;
    const checked: Instruction[] = [];
    for (const instruction of keywords) {
      checked.push(instruction);
      if (instruction.trigger && INSTRUCTIONS.has(instruction.trigger.keyword)) checked.push(instruction.trigger);
    }
    for (const instruction of checked) {
      const raw = instruction.rawKeyword;
      const wanted = majorityLower ? raw.toLowerCase() : raw.toUpperCase();
      if (raw === wanted) continue;
      const mixed = raw !== raw.toLowerCase() && raw !== raw.toUpperCase();
      // Only a keyword written in one piece: one split by a continuation is not rewritten.
      const fixable = textIn(file.lines, instruction.keywordRange) === raw;
      context.report({
        range: instruction.keywordRange,
        ...(fixable ? { fix: { applicability: 'safe' as const, description: `write \`${wanted}\``, edits: [{ range: instruction.keywordRange, text: wanted }] } } : {}),
        message: mixed
          ? `\`${raw}\` mixes upper and lower case: write \`${wanted}\``
          : `\`${raw}\` is ${majorityLower ? 'upper' : 'lower'} case, but most instructions in this file are ${majorityLower ? 'lower' : 'upper'} case: write \`${wanted}\``,
      });
    }
  },
});
