import { defineRule } from '../src/engine/rule.js';
import { packageCommand } from '../src/model/packages.js';
import { hasFlag, splitOption, type ShellCommand, type ShellWord } from '../src/model/shell.js';
import { runInstructions } from '../src/model/stages.js';

/** An option that turns signature checks off, and the peer code that checks it. */
interface Unsafe {
  readonly word: ShellWord;
  readonly what: string;
  readonly fix: string;
  readonly aliases: readonly string[];
}

const APT_TOOLS = new Set(['apt-get', 'apt', 'aptitude']);
const RPM_TOOLS = new Set(['yum', 'dnf', 'microdnf', 'tdnf', 'yum-config-manager', 'dnf-config-manager']);
const RPM_SKIPS = new Set(['--nodigest', '--nosignature', '--noverify', '--nofiledigest']);
/** rpm modes that install packages (`-i`, `-ivh`, `-U`, `-F`). */
const RPM_INSTALL_MODES = ['-i', '-U', '-F', '--install', '--upgrade', '--freshen', '--reinstall'];
const FALSE = /^(0|false|no|off)$/i;
const TRUE = /^(1|true|yes|on)$/i;

export default defineRule({
  meta: {
    id: 'unsigned-packages',
    aliases: ['CKV2_DOCKER_7', 'CKV2_DOCKER_8', 'CKV2_DOCKER_9', 'CKV2_DOCKER_10', 'CKV2_DOCKER_11'],
    severity: 'error',
    category: 'security',
    summary: 'Package signature checks turned off (`--allow-untrusted`, `--nogpgcheck`, `--force-yes`...)',
    fixable: false,
    docs: {
      rationale: `Package managers verify the signature of every package and repository index against the distribution's keys:
that is what stops a compromised mirror, a proxy or anyone on the network path from handing the build a modified
package. \`apk add --allow-untrusted\`, \`apt-get install --allow-unauthenticated\` (or \`--force-yes\`), \`yum install --nogpgcheck\`
and \`rpm -i --nosignature\` install whatever arrives, unsigned or tampered with, as root, into an image that will run in
production. Import the repository's signing key instead (\`/etc/apt/keyrings\`, \`rpm --import\`, \`/etc/apk/keys\`) and
keep the checks on.`,
      bad: `FROM debian:12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends --allow-unauthenticated vendor-tool \\\n && rm -rf /var/lib/apt/lists/*`,
      good: `FROM debian:12-slim\nCOPY vendor.gpg /etc/apt/keyrings/vendor.gpg\nRUN echo "deb [signed-by=/etc/apt/keyrings/vendor.gpg] https://apt.vendor.example stable main" > /etc/apt/sources.list.d/vendor.list \\\n && apt-get update \\\n && apt-get install -y --no-install-recommends vendor-tool \\\n && rm -rf /var/lib/apt/lists/*`,
      notes: `Reported at the option: \`apk --allow-untrusted\` (CKV2_DOCKER_7); \`apt-get\`/\`apt\`/\`aptitude\` \`--allow-unauthenticated\`
(CKV2_DOCKER_8), \`--force-yes\` (CKV2_DOCKER_11), \`--allow-insecure-repositories\`, \`-o APT::Get::AllowUnauthenticated=true\` and
\`-o Acquire::AllowInsecureRepositories=true\`; \`yum\`/\`dnf\`/\`microdnf\`/\`tdnf\` \`--nogpgcheck\` (CKV2_DOCKER_9) and
\`--setopt=gpgcheck=0\`; \`rpm\` installing with \`--nodigest\`, \`--nosignature\`, \`--noverify\` or \`--nofiledigest\` (CKV2_DOCKER_10);
\`zypper --no-gpg-checks\`; and an apt source line with \`[trusted=yes]\` (\`echo "deb [trusted=yes] http://..." > ...\`), unless
it names a local repository (\`file:\` or \`copy:\`) of packages built in the image. Packages you build yourself in
another stage and install with \`apk add --allow-untrusted /tmp/pkg.apk\` are reported too: sign them (\`abuild-keygen\`,
\`dpkg-sig\`, \`rpm --addsign\`) and install the public key, or disable the finding on that line.`,
      differences: `Checkov looks for these options in the text of the \`RUN\`; here they must be options of the tool itself
(\`apt\` and \`aptitude\` count as \`apt-get\`, \`microdnf\` as \`dnf\`), and \`rpm\`'s options only count when it installs
(\`rpm -q --nosignature\` only queries). The options without a Checkov code are extra.

So Checkov also reports \`rpm -qa --nosignature\` and \`rpm -V --nodigest\` (query, verify) and \`apk index
--allow-untrusted\` (builds an index of local packages, installs nothing), and misses \`apt install
--allow-unauthenticated\` (CKV2_DOCKER_8 looks for \`apt-get\` only), exec form and \`ONBUILD RUN\`.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of runInstructions(file)) {
      for (const command of instruction.script?.commands ?? []) {
        for (const unsafe of unsafeOptions(command)) {
          context.report({
            range: unsafe.word.range,
            message: `${unsafe.what} lets unsigned or tampered packages in: ${unsafe.fix}`,
            aliases: unsafe.aliases,
          });
        }
      }
    }
  },
});

function unsafeOptions(command: ShellCommand): Unsafe[] {
  const found: Unsafe[] = [];
  const tool = command.nameWord.value;
  const add = (word: ShellWord, what: string, fix: string, aliases: readonly string[] = []) => found.push({ word, what, fix, aliases });
  const name = packageCommand(command)?.manager ?? command.name;
  const args = command.args;
  for (const [i, word] of args.entries()) {
    const value = word.value;
    const { option } = splitOption(value);
    if (name === 'apk' && option === '--allow-untrusted') {
      add(word, `\`${tool} --allow-untrusted\``, 'add the repository key to /etc/apk/keys instead', ['CKV2_DOCKER_7']);
    } else if (APT_TOOLS.has(name)) {
      const key = 'import the repository key into /etc/apt/keyrings and name it with `signed-by`';
      if (option === '--allow-unauthenticated' || (name === 'aptitude' && option === '--allow-untrusted')) add(word, `\`${tool} ${option}\``, key, ['CKV2_DOCKER_8']);
      else if (option === '--force-yes') add(word, `\`${tool} --force-yes\``, `use \`-y\`, and ${key}`, ['CKV2_DOCKER_11']);
      else if (option === '--allow-insecure-repositories') add(word, `\`${tool} --allow-insecure-repositories\``, key);
      else if ((args[i - 1]?.value === '-o' || args[i - 1]?.value === '--option') && aptOptionUnsafe(value)) add(word, `\`-o ${value}\``, key);
    } else if (RPM_TOOLS.has(name)) {
      const key = 'import the repository key with `rpm --import` and keep gpgcheck on';
      if (option === '--nogpgcheck') add(word, `\`${tool} --nogpgcheck\``, key, ['CKV2_DOCKER_9']);
      else if (/^--setopt=([^=]+\.)?(repo_)?gpgcheck=/i.test(value) && FALSE.test(value.slice(value.lastIndexOf('=') + 1))) add(word, `\`${tool} ${value}\``, key);
    } else if (name === 'zypper' && option === '--no-gpg-checks') {
      add(word, `\`${tool} --no-gpg-checks\``, 'import the repository key with `rpm --import`');
    } else if (name === 'rpm' && RPM_SKIPS.has(option) && hasFlag(command, ...RPM_INSTALL_MODES)) {
      add(word, `\`rpm ${option}\``, 'import the signing key with `rpm --import` and keep the checks on', ['CKV2_DOCKER_10']);
    }
    // `echo "deb [trusted=yes] http://..." > /etc/apt/sources.list.d/x.list`
    // A local repository of packages built in this RUN (`file:`, `copy:`) has nothing to verify.
    const source = /^deb(-src)?\s+\[([^\]]*)\]\s*(\S*)/.exec(value.trim());
    if (source && /\btrusted=yes\b/.test(source[2]) && !/^(file|copy):/.test(source[3])) {
      add(word, 'An apt source marked `[trusted=yes]`', 'import the repository key into /etc/apt/keyrings and write `[signed-by=...]` instead');
    }
  }
  return found;
}

/** `APT::Get::AllowUnauthenticated=true`, `Acquire::AllowInsecureRepositories=1`. */
function aptOptionUnsafe(value: string): boolean {
  const m = /^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)=(.*)$/i.exec(value);
  return m !== null && TRUE.test(m[2].replace(/^"|"$/g, ''));
}
