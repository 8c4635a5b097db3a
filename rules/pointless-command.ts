import { defineRule } from '../src/engine/rule.js';
import { pointlessInBuild } from '../src/model/build-time-commands.js';
import { runOf } from '../src/model/stages.js';

export default defineRule({
  meta: {
    id: 'pointless-command',
    aliases: ['DL3001'],
    severity: 'info',
    category: 'maintainability',
    summary: 'Interactive or system command that makes no sense in a `RUN` (`ssh`, `vim`, `service`, `ps`...)',
    fixable: false,
    docs: {
      rationale: `A \`RUN\` executes once, without a terminal, in a container that stops when the command ends; only the
files it leaves behind become part of the image. Interactive tools (\`vim\`, \`top\`, \`ssh\`), process and system
commands (\`ps\`, \`free\`, \`kill\`, \`shutdown\`, \`mount\`) and starting services (\`service nginx start\`) have no
lasting effect there: they hang the build, fail for lack of privileges, or do work that is thrown away. Usually they
are left over from an interactive session that was pasted into the Dockerfile.`,
      bad: `FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nginx \\\n && service nginx start`,
      good: `FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nginx \\\n && rm -rf /var/lib/apt/lists/*\nCMD ["nginx", "-g", "daemon off;"]`,
      notes: `The commands are hadolint's list: \`ssh\`, \`vim\`, \`shutdown\`, \`service\`, \`ps\`, \`free\`, \`top\`, \`kill\`
and \`mount\`, reported at the command's name in a \`RUN\` or \`ONBUILD RUN\`, wherever it sits (after \`&&\`, in
\`$(...)\`, in a \`sh -c '...'\` string, behind \`sudo\`). Starting a database with \`service\` to load data in the same
\`RUN\` is a legitimate use: suppress the finding there.`,
      differences: `hadolint's DL3001 reports the \`RUN\` once, at its first line; it does not see commands behind a wrapper
(\`sudo service x start\`), called by a path, or inside \`sh -c '...'\` strings (exec form included) and heredocs fed
to a shell. Its message also names
\`ifconfig\`, which its list does not contain; neither does this rule's.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const run = runOf(instruction);
      for (const command of run?.script?.commands ?? []) {
        const why = pointlessInBuild(command.name);
        if (!why) continue;
        context.report({ range: command.nameWord.range, message: `\`${command.name}\` in a \`RUN\` ${why}` });
      }
    }
  },
});
