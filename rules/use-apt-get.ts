import { defineRule, type Fix } from '../src/engine/rule.js';
import type { ShellCommand } from '../src/model/shell.js';
import { textIn } from '../src/model/position.js';
import { operands } from '../src/model/shell.js';
import { runInstructions } from '../src/model/stages.js';

/** The stable command for each `apt` subcommand. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  search: 'apt-cache search',
  show: 'apt-cache show',
  showsrc: 'apt-cache showsrc',
  policy: 'apt-cache policy',
  depends: 'apt-cache depends',
  rdepends: 'apt-cache rdepends',
  list: 'dpkg-query --list',
  'edit-sources': 'a file in /etc/apt/sources.list.d/',
  'full-upgrade': 'apt-get dist-upgrade',
};

export default defineRule({
  meta: {
    id: 'use-apt-get',
    aliases: ['DL3027', 'CKV_DOCKER_9'],
    severity: 'warning',
    category: 'maintainability',
    summary: '`apt` used in a script instead of `apt-get` or `apt-cache`',
    fixable: true,
    fix: {
      safe: `The fix renames the command alone (\`apt\` → \`apt-get\`, \`/usr/bin/apt\` → \`/usr/bin/apt-get\`), for the
subcommands that do the same in both: \`update\`, \`install\`, \`reinstall\`, \`remove\`, \`purge\`, \`autoremove\`,
\`clean\` and \`autoclean\`, with the same options and packages. Both read the same configuration and install the same
packages; \`apt\` differs in what it prints (progress bars, colours, the warning) and in one default: it deletes the
\`.deb\` files it downloaded once they are installed, where \`apt-get\` leaves them in \`/var/cache/apt/archives\`
(the Debian and Ubuntu images delete them after every install anyway, and \`rm -rf /var/lib/apt/lists/*\` is the
usual cleanup). No fix for \`upgrade\` (\`apt upgrade\` also installs new dependencies, \`apt-get upgrade\` holds
such packages back), \`full-upgrade\`, the \`apt-cache\` and \`dpkg\` subcommands (\`search\`, \`show\`, \`list\`...),
or an \`apt\` written with a variable or quotes.`,
    },
    docs: {
      rationale: `\`apt\` is apt's command for people at a terminal: its output, progress bars and defaults may change from one
release to the next, and it says so itself ("WARNING: apt does not have a stable CLI interface. Use with caution in
scripts."). A Dockerfile is a script: use \`apt-get\` (install, update, upgrade, remove) and \`apt-cache\` (search, show,
policy), whose behaviour is kept stable for scripts.`,
      bad: `FROM ubuntu:24.04\nRUN apt update && apt install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*`,
      good: `FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*`,
      notes: `Reported at every \`apt\` command of a \`RUN\` (also behind \`sudo\`, in \`sh -c\`, exec form and heredocs, and in
\`ONBUILD RUN\`), with the command to use instead.`,
      differences: `Checkov's CKV_DOCKER_9 reports only the first \`RUN\` of a file that matches, and matches the text
\` apt \` (a space on each side) in a \`&&\`-separated part of the instruction without the letters \`rm\` in it. It misses
\`apt\` right after \`&&\` (\`apt-get update && apt install\`), in exec form or after a quote, and in a part that has
\`rm\` anywhere (\`apt install -y firmware-linux\`); it reports the word \`apt\` in an argument (\`echo apt install\`).
hadolint's DL3027 and this rule look at commands only; hadolint does not see an \`apt\` behind a wrapper (\`sudo\`), called by a
path (\`/usr/bin/apt\`), inside \`sh -c '...'\` strings (exec form included) or heredocs fed to a shell.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of runInstructions(file)) {
      for (const command of instruction.script?.commands ?? []) {
        if (command.name !== 'apt') continue;
        const sub = operands(command, ['-o', '--option', '-t', '--target-release', '-c', '--config-file'])[0]?.value;
        const instead = sub && Object.hasOwn(REPLACEMENTS, sub) ? REPLACEMENTS[sub] : sub ? `apt-get ${sub}` : 'apt-get';
        const fix = renameFix(command, sub, file.lines);
        context.report({
          range: command.nameWord.range,
          ...(fix ? { fix } : {}),
          message: `\`apt${sub ? ` ${sub}` : ''}\` has no stable interface for scripts: use \`${instead}\``,
        });
      }
    }
  },
});

/** The subcommands `apt` and `apt-get` share with the same effect. */
const SAME_IN_APT_GET = new Set(['update', 'install', 'reinstall', 'remove', 'purge', 'autoremove', 'clean', 'autoclean']);

/** `apt` → `apt-get` where the word is written as it reads (no quotes, no variable, not split by a continuation). */
function renameFix(command: ShellCommand, sub: string | undefined, lines: readonly string[]): Fix | undefined {
  const word = command.nameWord;
  if (!sub || !SAME_IN_APT_GET.has(sub) || !word.literal || !/^(\/[\w./-]*\/)?apt$/.test(word.text)) return undefined;
  if (textIn(lines, word.range) !== word.text) return undefined;
  return { applicability: 'safe', description: 'use `apt-get`', edits: [{ range: word.range, text: `${word.text}-get` }] };
}
