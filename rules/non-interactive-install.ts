import { defineRule } from '../src/engine/rule.js';
import { aptAssumesYes, pipedFromYes } from '../src/model/apt.js';
import { packageCommand, type PackageCommand, type PackageManager } from '../src/model/packages.js';
import { insertWordAfter } from '../src/model/layout.js';
import { hasFlag } from '../src/model/shell.js';
import { aptConfiguredEarlier, runInstructions } from '../src/model/stages.js';

/** How one package manager is told to answer its confirmation prompt, and which subcommands ask. */
interface Variant {
  /** Subcommands that hadolint checks, reported with `aliases`. */
  readonly checked: ReadonlySet<string>;
  /** Other subcommands that ask too; reported without a peer code. */
  readonly alsoAsk: ReadonlySet<string>;
  readonly yesFlags: readonly string[];
  readonly aliases: readonly string[];
  readonly fix: string;
}

const APT: Variant = {
  checked: new Set(['install']),
  alsoAsk: new Set(['upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove', 'build-dep', 'reinstall']),
  yesFlags: ['-y', '--yes', '--assume-yes'],
  aliases: ['DL3014', 'DS-0021'],
  fix: '-y',
};
const RPM = (alias: string): Variant => ({
  checked: new Set(['install', 'groupinstall', 'localinstall']),
  alsoAsk: new Set(['update', 'upgrade', 'remove', 'erase', 'reinstall', 'downgrade', 'groupremove', 'distro-sync', 'autoremove']),
  yesFlags: ['-y', '--assumeyes'],
  aliases: [alias],
  fix: '-y',
});
const ZYPPER: Variant = {
  checked: new Set(['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch']),
  alsoAsk: new Set(['update', 'up', 'dist-upgrade', 'dup']),
  yesFlags: ['-n', '--non-interactive', '-y', '--no-confirm'],
  aliases: ['DL3034'],
  fix: '--non-interactive',
};

// microdnf never asks (`-y` is accepted and does nothing); apk, pip and conda do not stop a build.
const VARIANTS: Partial<Record<PackageManager, Variant>> = {
  'apt-get': APT,
  apt: APT,
  aptitude: APT,
  yum: RPM('DL3030'),
  dnf: RPM('DL3038'),
  zypper: ZYPPER,
};

export default defineRule({
  meta: {
    id: 'non-interactive-install',
    aliases: ['DL3014', 'DL3030', 'DL3034', 'DL3038', 'DS-0021'],
    severity: 'warning',
    category: 'correctness',
    summary: 'Package manager asks for confirmation, which fails the build',
    fixable: true,
    fix: {
      safe: `The fix adds the assume-yes option the message names: \`-y\` right after the subcommand for apt-get, apt,
aptitude, yum and dnf (\`apt-get install curl\` → \`apt-get install -y curl\`, \`dnf module install -y nodejs:20\`), and
zypper's global \`--non-interactive\` right after \`zypper\` (\`zypper --non-interactive install curl\`), where zypper reads
its global options. It only answers the confirmation prompt: without it the tool reads end-of-file and aborts, so the
build either fails at that command or never reached the prompt (nothing beyond the named packages to confirm); with it
the same packages are installed. In exec form the option is a new element of the array (\`"install", "-y"\`). No fix when
the subcommand is not written as one plain word (a variable, a word split by a line continuation).`,
    },
    docs: {
      rationale: `\`apt-get install\`, \`yum install\`, \`dnf install\` and \`zypper install\` ask "Do you want to continue?" before they
install anything beyond the packages named (their dependencies, for a start). A \`RUN\` has no terminal to answer on:
the question reads end-of-file, the tool aborts, and the build fails, or, worse, it passes today and fails the day a
package gains a dependency. Pass the tool's assume-yes option so that it never asks.`,
      bad: `FROM debian:12-slim\nRUN apt-get update && apt-get install --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*`,
      good: `FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*`,
      notes: `Reported at the subcommand (\`install\`). Accepted answers: \`-y\`/\`--yes\`/\`--assume-yes\` or quiet level 2 or more
(\`-qq\`, \`-q -q\`, \`-q=2\`) or \`-o APT::Get::Assume-Yes=true\` for \`apt-get\`, \`apt\` and \`aptitude\`; \`-y\`/\`--assumeyes\` for
\`yum\` and \`dnf\`; \`-n\`/\`--non-interactive\`/\`-y\`/\`--no-confirm\` for \`zypper\`. Also accepted: \`yes |\` in front of the
command, and an earlier \`RUN\` of the stage that writes \`APT::Get::Assume-Yes "true"\` into apt's configuration.

Besides installs, the subcommands that ask as well are reported without a peer code: \`upgrade\`, \`dist-upgrade\`,
\`full-upgrade\`, \`remove\`, \`purge\`, \`autoremove\`, \`build-dep\`, \`reinstall\` (apt); \`update\`, \`upgrade\`, \`remove\`,
\`erase\`, \`reinstall\`, \`downgrade\`, \`groupremove\`, \`distro-sync\`, \`autoremove\` (yum, dnf); \`update\`,
\`dist-upgrade\` (zypper). \`microdnf\` is not checked: it never asks, its \`-y\` does nothing.`,
      differences: `hadolint checks \`apt-get install\` (DL3014), \`yum install\` (DL3030), \`zypper install\`/\`remove\`/\`patch\`...
(DL3034) and \`dnf\`/\`microdnf install\` (DL3038). Here \`apt install\` and \`aptitude install\` carry DL3014 as well, and
commands behind \`sudo\` or another wrapper, called by a path, inside \`sh -c\` or in a heredoc fed to a shell
(\`RUN <<EOF bash\`) are seen: hadolint sees none of these. \`microdnf\` is not reported (hadolint's DL3038 does): it does
not prompt. hadolint wants quiet level exactly 2; here 2 or more passes, as apt itself reads it. \`yes | apt-get install\`,
\`-o APT::Get::Assume-Yes=true\` and assume-yes written into apt's configuration by an earlier \`RUN\` pass here, not in
hadolint.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of runInstructions(file)) {
      for (const command of instruction.script?.commands ?? []) {
        const pc = packageCommand(command);
        if (!pc) continue;
        const variant = VARIANTS[pc.manager];
        const sub = pc.operands[0];
        if (!variant || !sub) continue;
        const checked = variant.checked.has(sub.value) || (sub.value === 'module' && pc.operands[1]?.value === 'install');
        if (!checked && !variant.alsoAsk.has(sub.value)) continue;
        if (answersYes(pc, variant) || pipedFromYes(command)) continue;
        if (variant === APT && aptConfiguredEarlier(instruction, 'assume-yes')) continue;
        const tool = command.nameWord.value;
        // `dnf module install x`: the word that asks is `install`.
        const word = sub.value === 'module' ? pc.operands[1] : sub;
        // zypper's --non-interactive is a global option: it goes before the subcommand.
        const edit = variant === ZYPPER ? insertWordAfter(file, instruction, command.nameWord, variant.fix) : insertWordAfter(file, instruction, word, variant.fix);
        context.report({
          ...(edit ? { fix: { applicability: 'safe' as const, description: `add \`${variant.fix}\``, edits: [edit] } } : {}),
          range: word.range,
          message: `\`${tool} ${word === sub ? sub.value : `module ${word.value}`}\` without \`${variant.fix}\` stops at its confirmation prompt, which fails the build: add \`${variant.fix}\``,
          aliases: checked ? variant.aliases : [],
        });
      }
    }
  },
});

function answersYes(pc: PackageCommand, variant: Variant): boolean {
  const view = { ...pc.command, args: pc.args };
  if (hasFlag(view, ...variant.yesFlags)) return true;
  if (variant !== APT) return false;
  return aptAssumesYes(pc);
}
