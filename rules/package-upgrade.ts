import { defineRule } from '../src/engine/rule.js';
import { packageCommand, type PackageManager } from '../src/model/packages.js';
import { runInstructions } from '../src/model/stages.js';

/** Subcommands that upgrade every installed package, per tool, with the peer codes of each. */
const UPGRADES: Partial<Record<PackageManager, Readonly<Record<string, readonly string[]>>>> = {
  'apt-get': { upgrade: ['DL3005'], 'dist-upgrade': ['DL3005', 'DS-0024'], 'full-upgrade': ['DL3005'] },
  apt: { upgrade: ['DL3005'], 'dist-upgrade': ['DL3005'], 'full-upgrade': ['DL3005'] },
  aptitude: { upgrade: [], 'safe-upgrade': [], 'full-upgrade': [], 'dist-upgrade': [] },
  apk: { upgrade: ['DL3017'] },
  yum: { update: ['DL3031'], upgrade: ['DL3031'], 'upgrade-minimal': [], 'distro-sync': [] },
  dnf: { update: ['DL3039'], upgrade: ['DL3039'], 'upgrade-minimal': [], 'distro-sync': [] },
  microdnf: { update: ['DL3039'], upgrade: ['DL3039'] },
  zypper: { 'dist-upgrade': ['DL3035'], dup: ['DL3035'], update: [], up: [], patch: [] },
};

export default defineRule({
  meta: {
    id: 'package-upgrade',
    aliases: ['DL3035', 'DL3005', 'DL3017', 'DL3031', 'DL3039', 'DS-0024'],
    severity: 'info',
    category: 'reproducibility',
    summary: 'Every installed package upgraded in a `RUN` (`apt-get upgrade`, `apk upgrade`, `yum update`...)',
    fixable: false,
    docs: {
      rationale: `\`apt-get upgrade\`, \`apk upgrade\`, \`yum update\` or \`zypper dist-upgrade\` upgrade every package of the base
image to whatever the distribution published last. The image then depends on the day it was built, not only on the
Dockerfile: two builds of the same commit differ, a rebuild can break without any change, and the layer is as big as
all the packages that changed. The upgrade happens only when the layer is rebuilt, so a cached build does not pick up
fixes anyway.

There is another side: upgrading picks up security fixes that the base image does not have yet, and some
maintainers recommend it for that reason. Better ways to get them: use a base image that is rebuilt often (the
official images are, within days of a fix) and rebuild your own image regularly with \`--pull\`; upgrade only the
packages that need a fix (\`apt-get install --only-upgrade openssl\`, \`yum update openssl\`); or pin the base image by
digest and move the digest on purpose. If you do upgrade everything, this finding is informational: disable it for the
file or line.`,
      bad: `FROM debian:12-slim\nRUN apt-get update && apt-get -y upgrade \\\n && rm -rf /var/lib/apt/lists/*`,
      good: `FROM debian:12.8-slim\nRUN apt-get update && apt-get install -y --only-upgrade --no-install-recommends openssl \\\n && rm -rf /var/lib/apt/lists/*`,
      notes: `Reported at the subcommand: \`upgrade\`, \`dist-upgrade\`, \`full-upgrade\` (apt-get, apt, aptitude, which also has
\`safe-upgrade\`), \`apk upgrade\`, \`update\`/\`upgrade\`/\`upgrade-minimal\`/\`distro-sync\` (yum, dnf, microdnf), and
\`zypper update\`/\`up\`/\`dist-upgrade\`/\`dup\`/\`patch\`. A command that names the packages to upgrade
(\`yum update openssl\`, \`apk upgrade musl\`) is a targeted fix and is not reported.`,
      differences: `hadolint today only has DL3035 (\`zypper dist-upgrade\`); its older codes DL3005 (\`apt-get upgrade\`,
\`dist-upgrade\`), DL3017 (\`apk upgrade\`), DL3031 (\`yum update\`) and DL3039 (\`dnf update\`) were removed when it decided
upgrades are acceptable, and are kept here as aliases so that old \`# hadolint ignore=\` comments still apply. Trivy's
DS-0024 (deprecated) covers \`apt-get dist-upgrade\`. Unlike those checks, an upgrade that names its packages is not
reported.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of runInstructions(file)) {
      for (const command of instruction.script?.commands ?? []) {
        const pc = packageCommand(command);
        const table = pc && UPGRADES[pc.manager];
        const sub = pc?.operands[0];
        if (!pc || !table || !sub || !Object.hasOwn(table, sub.value)) continue;
        // `yum update openssl`: a targeted upgrade.
        if (pc.operands.length > 1) continue;
        context.report({
          range: sub.range,
          message: `\`${command.nameWord.value} ${sub.value}\` upgrades every package to whatever is newest on the day of the build: prefer a fresh base image, or upgrade only the packages that need a fix`,
          aliases: table[sub.value],
        });
      }
    }
  },
});
