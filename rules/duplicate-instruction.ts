import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';

/** Instructions that set one value of the image config: only the last one of a stage counts. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  CMD: ['DL4003', 'MultipleInstructionsDisallowed', 'DS-0016'],
  ENTRYPOINT: ['DL4004', 'MultipleInstructionsDisallowed', 'DS-0007'],
  HEALTHCHECK: ['DL3012', 'MultipleInstructionsDisallowed', 'DS-0023'],
};

export default defineRule({
  meta: {
    id: 'duplicate-instruction',
    aliases: ['DL4003', 'DL4004', 'DL3012', 'MultipleInstructionsDisallowed', 'DS-0016', 'DS-0007', 'DS-0023'],
    severity: 'warning',
    category: 'correctness',
    summary: 'A `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one in the same stage overrides',
    fixable: false,
    docs: {
      rationale: `An image has one command, one entrypoint and one health check. When a stage sets one of them twice, the
last one wins and the earlier one does nothing at all: it reads as if the container ran it, or ran both, and whoever
edits it later may be changing dead code. Keep one, or when both commands must run, run them from one script.`,
      bad: `FROM python:3.12-slim\nCMD ["python", "migrate.py"]\nCMD ["python", "app.py"]`,
      good: `FROM python:3.12-slim\nCMD ["sh", "-c", "python migrate.py && exec python app.py"]`,
      notes: `Reported at the instruction that is overridden, with the line of the one that replaces it; with three, the
first two are reported. \`HEALTHCHECK NONE\` counts as a \`HEALTHCHECK\`. A stage built on another stage
(\`FROM build\`) may set its own \`CMD\`: only instructions within one stage are compared.`,
      differences: `hadolint (DL4003, DL4004, DL3012) and Trivy (DS-0016, DS-0007, DS-0023) report the later instructions,
BuildKit (MultipleInstructionsDisallowed) the earlier ones. The earlier one is the instruction that has no effect, so
that is where the finding is; a \`# hadolint ignore=DL4003\` pragma written above the later \`CMD\` therefore does not
silence it. hadolint also compares instructions of a file with no \`FROM\`; such a file does not build, and
\`invalid-instruction\` reports each instruction outside a stage instead.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      const last = new Map<string, Instruction>();
      for (const instruction of stage.instructions) {
        if (!(instruction.keyword in ALIASES)) continue;
        const previous = last.get(instruction.keyword);
        last.set(instruction.keyword, instruction);
        if (!previous) continue;
        context.report({
          range: previous.keywordRange,
          message: `This \`${instruction.keyword}\` has no effect: the \`${instruction.keyword}\` on line ${instruction.line} replaces it. Keep only one \`${instruction.keyword}\` per stage`,
          aliases: ALIASES[instruction.keyword],
        });
      }
    }
  },
});
