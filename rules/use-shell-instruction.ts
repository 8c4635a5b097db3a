import { defineRule } from '../src/engine/rule.js';
import { operands } from '../src/model/shell.js';
import { runOf } from '../src/model/stages.js';

/** Where the system shell lives (`/bin` is a link to `/usr/bin` on merged-usr systems). */
const SYSTEM_SHELLS = new Set(['/bin/sh', '/usr/bin/sh']);

/** ln's options that take the next word as their value. */
const LN_VALUE_OPTIONS = ['-t', '--target-directory', '-S', '--suffix'];

export default defineRule({
  meta: {
    id: 'use-shell-instruction',
    aliases: ['DL4005'],
    severity: 'warning',
    category: 'maintainability',
    summary: '`/bin/sh` replaced with `ln` instead of using `SHELL`',
    fixable: false,
    docs: {
      rationale: `Linking \`/bin/sh\` to another shell (\`ln -sf /bin/bash /bin/sh\`) changes the shell of everything in the
image, not just of the Dockerfile: package maintainer scripts, init scripts and the programs that call \`system()\`
all get \`bash\` where they were written and tested for \`dash\` or BusyBox \`ash\`, and a later package update may put
the original link back. To run the Dockerfile's own commands with another shell, say so with \`SHELL\`.`,
      bad: `FROM debian:12-slim\nRUN ln -sf /bin/bash /bin/sh\nRUN source /etc/os-release && echo "$VERSION_CODENAME"`,
      good: `FROM debian:12-slim\nSHELL ["/bin/bash", "-c"]\nRUN source /etc/os-release && echo "$VERSION_CODENAME"`,
      notes: `Reported at the \`/bin/sh\` (or \`/usr/bin/sh\`) word when it is the link that \`ln\` creates, in a \`RUN\` or
\`ONBUILD RUN\`, wherever the command sits; \`ARG\`/\`ENV\` variables in the path are resolved. \`ln -s /bin/sh
/usr/local/bin/sh\` (a link *to* the shell) is not reported.`,
      differences: `hadolint's DL4005 reports any \`ln\` that has \`/bin/sh\` among its arguments, as the target as well as the
link; here only the link that is created (the last operand) counts, and \`/usr/bin/sh\` does too. hadolint reports
at the \`RUN\`'s first line and does not see \`ln\` behind a wrapper (\`sudo\`), called by a path, or inside \`sh -c '...'\` strings (exec form included)
and heredocs fed to a shell.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const run = runOf(instruction);
      if (!run) continue;
      for (const command of run.script?.commands ?? []) {
        if (command.name !== 'ln') continue;
        const ops = operands(command, LN_VALUE_OPTIONS);
        // `ln TARGET LINK`: the last operand is the link that is created.
        const link = ops.length >= 2 ? ops[ops.length - 1] : undefined;
        const path = link && run.expand(link.value);
        if (!link || !path || !SYSTEM_SHELLS.has(path)) continue;
        context.report({
          range: link.range,
          message: `\`ln\` makes \`${path}\` \`${ops[0].value}\` for every program in the image: use \`SHELL ["${shellPath(ops[0].value)}", "-c"]\` to run the Dockerfile's commands with another shell`,
        });
      }
    }
  },
});

/** `bash` → `/bin/bash`: SHELL wants a path. */
function shellPath(target: string): string {
  return target.includes('/') ? target : `/bin/${target}`;
}
