import { defineRule } from '../src/engine/rule.js';
import { packageCommand, type PackageCommand } from '../src/model/packages.js';
import type { ShellCommand } from '../src/model/shell.js';
import { runInstructions } from '../src/model/stages.js';

type Family = 'apt' | 'apk';

/** Subcommands that read the package index that `update` fetched. */
const APT_USES = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'safe-upgrade', 'build-dep', 'source', 'download', 'reinstall', 'satisfy', 'changelog']);
const APK_USES = new Set(['add', 'upgrade', 'fix', 'fetch', 'search', 'info', 'policy', 'dot', 'list']);
/** Commands that read apt's index or install with apt for you: `apt-cache`, Bitnami's `install_packages`, `apt-fast`, `eatmydata`... */
const APT_FRONTEND = /apt|install|^eatmydata$/;

export default defineRule({
  meta: {
    id: 'orphan-package-update',
    aliases: ['DS-0017', 'CKV_DOCKER_5'],
    severity: 'warning',
    category: 'correctness',
    summary: 'Package index updated in a `RUN` that installs nothing from it',
    fixable: false,
    docs: {
      rationale: `\`RUN apt-get update\` on its own line, with the install in the next \`RUN\`, is cached as a layer of its own. When
the install line changes later, Docker rebuilds it on top of the cached, weeks-old package index: the install fails
with 404s for package versions that the mirror no longer has, or silently installs outdated versions. And the index
stays in the image for nothing. Update and install in the same \`RUN\`, so that a changed install always gets a fresh
index, and remove the index at the end.`,
      bad: `FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*`,
      good: `FROM debian:12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*`,
      notes: `Reported at \`update\` of \`apt-get\`, \`apt\`, \`aptitude\` and \`apk\` when no later command of the same \`RUN\` reads the index:
for apt, \`install\`, \`upgrade\`, \`dist-upgrade\`, \`build-dep\`, \`source\`, \`download\`... and any \`apt-cache\` command or apt
front end (a command whose name has \`apt\` or \`install\` in it, such as \`install_packages\` or \`apt-fast\`, and
\`eatmydata apt-get\`); for apk, \`add\`, \`upgrade\`, \`fetch\`, \`search\`...
Not reported either when a later command of the \`RUN\` runs a script or a command whose name is a variable, which may
well install.

\`yum\`, \`dnf\` and \`zypper\` are not checked: they refresh an expired index by themselves before installing, and their
\`update\` is an upgrade of the installed packages (see \`package-upgrade\`).`,
      differences: `Trivy's DS-0017 also treats \`yum update\`, \`dnf update\` and \`zypper update\` (upgrades) as index updates.
Checkov's CKV_DOCKER_5 counts, over the whole file, \`RUN\`s that contain the word \`update\` against those that contain
\`install\` (anywhere, even in a file name), and reports the file when updates outnumber installs; here each \`update\` is
judged within its own \`RUN\`. So Checkov reports every \`RUN\` with \`update\` in such a file, also those that install
right after it, and none in a file where an \`update\` alone is balanced by some other \`RUN\` that mentions \`add\` or
\`install\` (\`addgroup\`, \`pip install\`); and it does not see \`update\` in exec form (\`RUN ["apt-get", "update"]\`).`,
    },
  },
  checkDockerfile(file, context) {
    const runs = runInstructions(file);
    for (const [n, instruction] of runs.entries()) {
      // An install may sit in the part of the script the parser could not read.
      if (instruction.script?.hasErrors) continue;
      const commands = instruction.script?.commands ?? [];
      const pcs = commands.map(packageCommand);
      commands.forEach((command, i) => {
        const pc = pcs[i];
        const family = pc && familyOf(pc);
        if (!family || pc!.operands[0]?.value !== 'update') return;
        for (let j = i + 1; j < commands.length; j++) {
          if (usesIndex(family, commands[j], pcs[j]) || mayInstall(commands[j])) return;
        }
        const later = runs.slice(n + 1).find((r) => r.stage === instruction.stage && (r.script?.commands ?? []).some((c) => usesIndex(family, c, packageCommand(c))));
        const tool = command.nameWord.value;
        const update = pc!.operands[0];
        context.report({
          range: update.range,
          message: later
            ? `\`${tool} update\` is cached in a layer of its own, so the install on line ${later.line} can run on a stale index: update and install in the same RUN`
            : `\`${tool} update\` fetches a package index that nothing in this RUN installs from: remove it, or install in the same RUN`,
        });
      });
    }
  },
});

function familyOf(pc: PackageCommand): Family | undefined {
  if (pc.manager === 'apt-get' || pc.manager === 'apt' || pc.manager === 'aptitude') return 'apt';
  return pc.manager === 'apk' ? 'apk' : undefined;
}

function usesIndex(family: Family, command: ShellCommand, pc: PackageCommand | undefined): boolean {
  const sub = pc?.operands[0]?.value ?? '';
  if (family === 'apk') return pc?.manager === 'apk' && APK_USES.has(sub);
  if (pc && familyOf(pc) === 'apt') return APT_USES.has(sub);
  return APT_FRONTEND.test(command.name);
}

/** A script (`./install.sh`, `bash setup.sh`) or a command named by a variable (`$PM install`): it may well install. */
function mayInstall(command: ShellCommand): boolean {
  if (command.name === '' && command.nameWord.value !== '') return true;
  if (command.nameWord.value.includes('/') && !command.nameWord.value.startsWith('/usr/') && !command.nameWord.value.startsWith('/bin/')) return true;
  if (/\.(sh|bash)$/.test(command.name)) return true;
  // `bash -c '...'`: the commands of the string are looked at themselves.
  if (!SHELLS.has(command.name) || command.args.some((w) => /^-[a-z]*c[a-z]*$/.test(w.value))) return false;
  return command.args.some((w) => !w.value.startsWith('-'));
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'source', '.']);
