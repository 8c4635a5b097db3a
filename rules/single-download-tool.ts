import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import type { ShellCommand } from '../src/model/shell.js';

const TOOLS = new Set(['curl', 'wget']);

export default defineRule({
  meta: {
    id: 'single-download-tool',
    aliases: ['DL4001', 'DS-0014'],
    severity: 'info',
    category: 'maintainability',
    summary: 'Both `curl` and `wget` used in one stage',
    fixable: false,
    docs: {
      rationale: `\`curl\` and \`wget\` do the same job. A stage that uses both needs both installed, which adds a package
(and its libraries and security updates) to the image for nothing, and gives readers two sets of options to check for
the same thing: whether a download fails on an HTTP error (\`curl -f\`), follows redirects, or verifies TLS. Pick the
one the base image already has and use it throughout the stage.`,
      bad: `FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl wget\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN wget -q -O /tmp/b.tgz https://example.com/b.tgz`,
      good: `FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN curl -fsSLo /tmp/b.tgz https://example.com/b.tgz`,
      notes: `Stages are counted separately: a build stage may use \`wget\` and the final stage \`curl\`. From the \`RUN\` where
both have been seen, every \`RUN\` of the stage that uses either is reported once, at its first \`curl\` or \`wget\`;
commands count wherever they sit (after \`&&\`, in \`$(...)\`, behind \`sudo\`, in a \`sh -c '...'\` string or a
heredoc). Installing a package named \`curl\` or \`wget\` is not a use. The \`ONBUILD RUN\` triggers of a stage are counted
on their own, since they run in another build.`,
      differences: `Same trigger as hadolint's DL4001, which reports at the \`RUN\`'s first line, does not see commands behind
a wrapper (\`sudo\`), called by a path, inside \`sh -c '...'\` strings (exec form included) or heredocs fed to a shell, and counts the \`ONBUILD RUN\` triggers of the whole file together. Trivy's
DS-0014 only looks at \`&&\`-separated parts that start with the tool's name.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      const runs = stage.instructions.filter((i) => i.keyword === 'RUN');
      const triggers = stage.instructions.map((i) => i.trigger).filter((t): t is Instruction => t?.keyword === 'RUN');
      for (const group of [runs, triggers]) {
        // Where each tool was first seen, for the message.
        const firstSeen = new Map<string, number>();
        for (const run of group) {
          const uses = (run.script?.commands ?? []).filter((c) => TOOLS.has(c.name));
          if (uses.length === 0) continue;
          for (const use of uses) if (!firstSeen.has(use.name)) firstSeen.set(use.name, use.nameWord.range.start.line);
          if (firstSeen.size < TOOLS.size) continue;
          context.report({ range: uses[0].nameWord.range, message: message(uses, firstSeen) });
        }
      }
    }
  },
});

function message(uses: readonly ShellCommand[], firstSeen: ReadonlyMap<string, number>): string {
  const here = uses[0].name;
  const other = here === 'curl' ? 'wget' : 'curl';
  const otherHere = uses.some((u) => u.name === other);
  const where = otherHere ? 'in this `RUN` too' : `on line ${firstSeen.get(other)}`;
  return `\`${here}\` in a stage that also uses \`${other}\` (${where}): download with one of them throughout the stage`;
}
