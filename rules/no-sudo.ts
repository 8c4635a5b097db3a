import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import type { ShellCommand, ShellWord } from '../src/model/shell.js';
import { runOf } from '../src/model/stages.js';
import { elevatorAliases } from '../src/peers/elevators.js';

/** Programs that run a command as another user. */
const ELEVATORS = new Set(['sudo', 'doas']);

export default defineRule({
  meta: {
    id: 'no-sudo',
    aliases: ['DL3004', 'DS-0010', 'CKV2_DOCKER_1'],
    severity: 'warning',
    category: 'security',
    summary: '`sudo` in a `RUN`',
    fixable: false,
    docs: {
      rationale: `A \`RUN\` that needs \`sudo\` runs as a user who may become root without a password: that means \`sudo\` is
installed and configured in the image, and every process of the container, running as that user, can take root
whenever it likes, which undoes the point of a non-root \`USER\`. \`sudo\` also behaves badly without a terminal
(password prompts, \`requiretty\`, signals not passed on), so builds break in surprising ways. Run the commands that
need root before switching user, or switch back with \`USER root\` for them; to drop privileges in an entrypoint, use
\`gosu\` or \`su-exec\`.`,
      bad: `FROM debian:12-slim\nRUN useradd --create-home app\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl`,
      good: `FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nRUN useradd --create-home app\nUSER app`,
      notes: `Reported at each \`sudo\` (and \`doas\`) word of a \`RUN\` or \`ONBUILD RUN\`, wherever the command sits: after
\`&&\`, behind \`env\`, in \`$(...)\`, in a \`sh -c '...'\` string or a heredoc script, or named by a variable whose
\`ARG\`/\`ENV\` value is \`sudo\`. \`doas\` findings carry no peer code.`,
      differences: `hadolint's DL3004 reports the \`RUN\` once, at its first line, and sees \`sudo\` only as a command's first
word: not behind another wrapper (\`env X=1 sudo ...\`), nor inside \`sh -c '...'\` strings (exec form included) or
heredocs fed to a shell; Trivy's DS-0010 only sees \`&&\`-separated parts that start with \`sudo\`; Checkov's
CKV2_DOCKER_1 matches the text \` sudo \` (or a \`RUN\` that starts with \`sudo \`): it reports the package \`sudo\`
(\`apt-get install -y sudo\`) and the group (\`usermod -aG sudo app\`), and misses \`sudo\` in exec form, after a quote or \`$(\`, named by a variable
(\`ARG TOOL=/usr/bin/sudo\`), in \`ONBUILD RUN\`, and after a tab (a continuation line indented with tabs). hadolint rates DL3004 an error; here it is a warning: the build works, the
problem is what the image allows at run time.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const run = runOf(instruction);
      if (!run) continue;
      for (const command of run.script?.commands ?? []) {
        const word = elevator(command, run);
        if (!word) continue;
        const tool = basename(run.expand(word.value));
        const runs = word === command.nameWord ? command.args[0]?.text : command.name || command.nameWord.text;
        const what = runs ? `\`${tool} ${runs}\`` : `\`${tool}\``;
        context.report({
          range: word.range,
          message: `${what} in a \`RUN\`: run root steps before \`USER\` switches away from root (or switch back with \`USER root\`), not through \`${tool}\``,
          aliases: elevatorAliases(tool),
        });
      }
    }
  },
});

/**
 * The `sudo` word of the command: a wrapper that was looked through, or the command itself
 * (`sudo -v`, or `$SUDO ...` with `ARG SUDO=sudo`).
 */
function elevator(command: ShellCommand, run: Instruction): ShellWord | undefined {
  const wrapper = command.wrappers.find((w) => ELEVATORS.has(basename(w.value)));
  if (wrapper) return wrapper;
  const name = command.name || basename(run.expand(command.nameWord.value));
  return ELEVATORS.has(name) ? command.nameWord : undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
