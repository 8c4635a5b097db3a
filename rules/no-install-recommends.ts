import { defineRule } from '../src/engine/rule.js';
import { aptRecommendsOff } from '../src/model/apt.js';
import { packageCommand } from '../src/model/packages.js';
import { insertWordAfter } from '../src/model/layout.js';
import { hasFlag } from '../src/model/shell.js';
import { aptConfiguredEarlier, runInstructions } from '../src/model/stages.js';

/** apt's boolean `false`, as its configuration parser reads it. */

export default defineRule({
  meta: {
    id: 'no-install-recommends',
    aliases: ['DL3015', 'DS-0029'],
    severity: 'info',
    category: 'image-size',
    summary: '`apt-get install` without `--no-install-recommends`',
    fixable: true,
    fix: {
      unsafe: `The fix adds \`--no-install-recommends\` right after \`install\` (\`--without-recommends\` for aptitude; a new
element of the array in exec form). The image then lacks the recommended packages apt installed before, and something
in it may have used one without naming it: \`apt-get install python3-pip\` no longer brings a compiler, \`curl\` may no
longer bring \`ca-certificates\` on some releases, a program may lose an optional plugin or its documentation. The
build can still succeed and the image fail at run time, so the fix is applied only with \`--unsafe-fixes\`: build and
test the image, and name the packages it turns out to need. No fix when the command sets
\`-o APT::Install-Recommends=...\` itself (a later \`-o\` would override the option, and the value was chosen on
purpose), nor when \`install\` is not written as one plain word.`,
    },
    docs: {
      rationale: `By default apt installs a package's *recommended* packages too: documentation, optional plugins, whole desktop
libraries that the package can use but does not need. In a container image that is often more than the package itself
(\`apt-get install python3-pip\` pulls in a compiler tool chain). \`--no-install-recommends\` installs only what the
packages depend on; name anything else you need explicitly.`,
      bad: `FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*`,
      good: `FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*`,
      notes: `Reported at \`install\` for \`apt-get\` and \`apt\`, and for \`aptitude\` (whose option is \`-R\`/\`--without-recommends\`).
Also accepted: \`-o APT::Install-Recommends=false\` (or \`0\`, \`no\`, \`off\`), and an earlier \`RUN\` of the stage (or of
the stages it is built on) that writes \`APT::Install-Recommends "false"\` into apt's configuration, the usual
\`echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99norecommends\`.`,
      differences: `hadolint (DL3015) and Trivy (DS-0029) check \`apt-get\` only; here \`apt install\` and \`aptitude install\` carry the
same codes, and commands behind \`sudo\` or another wrapper, called by a path, inside \`sh -c\` or in a heredoc fed to a
shell (\`RUN <<EOF bash\`) are seen, which hadolint does not. hadolint accepts only \`-o APT::Install-Recommends=false\`;
here \`0\`, \`no\` and \`off\` pass too, as apt reads them, and apt configuration written by an earlier \`RUN\` is taken into
account.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of runInstructions(file)) {
      for (const command of instruction.script?.commands ?? []) {
        const pc = packageCommand(command);
        if (!pc || (pc.manager !== 'apt-get' && pc.manager !== 'apt' && pc.manager !== 'aptitude')) continue;
        const sub = pc.operands[0];
        if (sub?.value !== 'install') continue;
        const view = { ...command, args: pc.args };
        const option = pc.manager === 'aptitude' ? '--without-recommends' : '--no-install-recommends';
        if (hasFlag(view, option) || (pc.manager === 'aptitude' && hasFlag(view, '-R'))) continue;
        if (aptRecommendsOff(pc) || aptConfiguredEarlier(instruction, 'no-install-recommends')) continue;
        // An explicit `-o APT::Install-Recommends=true` was chosen, and would override the option added before it.
        const configured = pc.args.some((w) => /APT::Install-Recommends/i.test(w.value));
        const edit = configured ? undefined : insertWordAfter(file, instruction, sub, option);
        context.report({
          range: sub.range,
          ...(edit ? { fix: { applicability: 'unsafe' as const, description: `add \`${option}\``, edits: [edit] } } : {}),
          message: `\`${command.nameWord.value} install\` also installs every recommended package: add \`${option}\` and name what you need`,
        });
      }
    }
  },
});
