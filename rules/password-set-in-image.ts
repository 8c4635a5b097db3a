import { defineRule } from '../src/engine/rule.js';
import { flagValue, hasFlag, type ShellCommand } from '../src/model/shell.js';
import { runOf } from '../src/model/stages.js';

/** `-p` values that lock the account instead of setting a password. */
const LOCKED = new Set(['*', '!', '!!', '!*']);

export default defineRule({
  meta: {
    id: 'password-set-in-image',
    aliases: ['CKV2_DOCKER_17'],
    severity: 'warning',
    category: 'security',
    summary: 'Account password set at build time (`chpasswd`, `passwd --stdin`, `useradd -p`)',
    fixable: false,
    docs: {
      rationale: `A password set in a \`RUN\` is stored in the image: the command line with the password stays in the image
history (\`docker history\`), and the hash lands in \`/etc/shadow\` of a layer that everyone who can pull the image can
read and crack offline. Every container started from the image then shares the same, known password. Containers
rarely need a login password at all: run as a non-root \`USER\`, use \`docker exec\` to get a shell, and when a service
really needs a password, set it when the container starts from a secret or an environment variable.`,
      bad: `FROM debian:12-slim\nRUN useradd --create-home app && echo 'app:changeme' | chpasswd`,
      good: `FROM debian:12-slim\nRUN useradd --create-home app\nUSER app`,
      notes: `Reported at the command's name, in a \`RUN\` or \`ONBUILD RUN\`, wherever it sits: \`chpasswd\` (any input:
pipe, heredoc, file; also with \`-e\`, which still stores the hash), \`passwd --stdin\` and \`passwd\` fed by a pipe, a
heredoc or a here-string, \`usermod -p\`/\`--password\` and \`useradd -p\`/\`--password\`. \`-p '*'\` or \`-p '!'\`, which
lock the account, are not reported. A password read from a build secret (\`RUN --mount=type=secret\`) still ends up
hashed in \`/etc/shadow\`, so it is reported too.`,
      differences: `Checkov's CKV2_DOCKER_17 matches the text \`chpasswd\` in a \`RUN\`, as a word between spaces or at the start
or end of the instruction; only \`chpasswd\` findings carry its code. Checkov misses it in exec form, before a quote
(\`sh -c "echo root:pw | chpasswd"\`), in \`ONBUILD RUN\` and in heredocs opened with flags (\`RUN --mount=... <<EOF\`).`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const run = runOf(instruction);
      for (const command of run?.script?.commands ?? []) {
        const how = passwordSetting(command);
        if (!how) continue;
        context.report({
          range: command.nameWord.range,
          message: `${how} stores a password in the image, where everyone who can pull it can read the hash: do not set login passwords at build time; use \`docker exec\`, or set secrets when the container starts`,
          aliases: command.name === 'chpasswd' ? ['CKV2_DOCKER_17'] : [],
        });
      }
    }
  },
});

/** How the command sets a password, for the message, or undefined when it does not. */
function passwordSetting(command: ShellCommand): string | undefined {
  switch (command.name) {
    case 'chpasswd':
      return '`chpasswd`';
    case 'passwd':
      if (hasFlag(command, '--stdin')) return '`passwd --stdin`';
      // `passwd -l`, `-d`, `-e`, `-S`... change the account, not the password.
      if (command.args.some((a) => a.value.startsWith('-'))) return undefined;
      return readsInput(command) ? '`passwd` fed from a pipe or heredoc' : undefined;
    case 'useradd':
    case 'usermod': {
      const password = flagValue(command, '-p', '--password');
      if (password === undefined || LOCKED.has(password)) return undefined;
      return `\`${command.name} -p\``;
    }
    default:
      return undefined;
  }
}

/** Input from a pipe, a heredoc or a here-string. */
function readsInput(command: ShellCommand): boolean {
  return command.pipelineIndex > 0 || command.heredocs.length > 0 || command.redirects.some((r) => r.operator === '<<<' || r.operator === '<');
}
