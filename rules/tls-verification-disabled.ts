import { defineRule } from '../src/engine/rule.js';
import type { Range } from '../src/model/position.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { packageCommand } from '../src/model/packages.js';
import { operands, splitOption, type ShellCommand, type ShellWord } from '../src/model/shell.js';

interface Problem {
  readonly range: Range;
  readonly message: string;
  readonly aliases: readonly string[];
}

const FALSE = /^(0|false|no|off)$/i;
/** yum and dnf, and their config-manager commands (`yum-config-manager --setopt=...`). */
const RPM_TOOLS = new Set(['yum', 'dnf', 'microdnf', 'tdnf', 'yum-config-manager', 'dnf-config-manager']);

/** Environment variables that turn certificate checks off, with the value that does it. */
const VARIABLES: readonly { name: RegExp; disables: (value: string) => boolean; what: string; fix: string; aliases: readonly string[] }[] = [
  { name: /^PYTHONHTTPSVERIFY$/, disables: (v) => v === '0', what: 'turns off certificate checks in Python\'s `urllib`', fix: 'remove it and install the CA certificate the server needs', aliases: ['CKV2_DOCKER_5'] },
  { name: /^NODE_TLS_REJECT_UNAUTHORIZED$/, disables: (v) => v === '0', what: 'turns off certificate checks for every TLS connection Node.js makes', fix: 'remove it and point `NODE_EXTRA_CA_CERTS` at the CA certificate the server needs', aliases: ['CKV2_DOCKER_6'] },
  { name: /^npm_config_strict_ssl$/i, disables: (v) => FALSE.test(v), what: 'turns off npm\'s certificate checks', fix: 'remove it and set `NPM_CONFIG_CAFILE` to the CA certificate the registry needs', aliases: ['CKV2_DOCKER_12'] },
  { name: /^GIT_SSL_NO_VERIFY$/, disables: () => true, what: 'turns off git\'s certificate checks (whatever its value)', fix: 'remove it and set `GIT_SSL_CAINFO` to the CA certificate the server needs', aliases: ['CKV2_DOCKER_14'] },
  { name: /^PIP_TRUSTED_HOST$/, disables: (v) => v !== '', what: 'lets pip accept any certificate, or plain HTTP, from the hosts it names', fix: 'remove it and set `PIP_CERT` to the CA certificate the index needs', aliases: ['CKV2_DOCKER_16'] },
  { name: /^UV_INSECURE_HOST$/, disables: (v) => v !== '', what: 'lets uv accept any certificate from the hosts it names', fix: 'remove it and set `SSL_CERT_FILE` to the CA certificate the index needs', aliases: [] },
  { name: /^CONDA_SSL_VERIFY$/, disables: (v) => FALSE.test(v), what: 'turns off conda\'s certificate checks', fix: 'set it to the path of the CA certificate the channel needs instead', aliases: [] },
];

export default defineRule({
  meta: {
    id: 'tls-verification-disabled',
    aliases: [
      'CKV2_DOCKER_2', 'CKV2_DOCKER_3', 'CKV2_DOCKER_4', 'CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_12', 'CKV2_DOCKER_13',
      'CKV2_DOCKER_14', 'CKV2_DOCKER_15', 'CKV2_DOCKER_16',
    ],
    severity: 'error',
    category: 'security',
    summary: 'TLS certificate verification turned off (`curl -k`, `--trusted-host`, `NODE_TLS_REJECT_UNAUTHORIZED=0`...)',
    fixable: false,
    docs: {
      rationale: `Certificate verification is what makes an HTTPS download trustworthy: without it, anyone on the network path
(a compromised proxy, a rogue Wi-Fi, a hijacked DNS answer) can hand the build a script, a package or a binary of their
choosing, and it runs as root in the image. \`curl -k\`, \`wget --no-check-certificate\`, \`pip --trusted-host\`,
\`NODE_TLS_REJECT_UNAUTHORIZED=0\` and their kin turn that check off, usually to get past a corporate proxy or a
self-signed server. Set in \`ENV\`, they also stay on in the running container. Install the CA certificate that the
server needs instead (\`COPY corp-ca.crt /usr/local/share/ca-certificates/\` and \`update-ca-certificates\`, or the
tool's own CA option).`,
      bad: `FROM python:3.12-slim\nENV PIP_TRUSTED_HOST=pypi.internal.example\nRUN curl -kfsSL https://internal.example/setup.sh -o /tmp/setup.sh`,
      good: `FROM python:3.12-slim\nCOPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt\nRUN update-ca-certificates\nENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt\nRUN curl -fsSL https://internal.example/setup.sh -o /tmp/setup.sh`,
      notes: `Each finding carries the Checkov code of its variant:

| what | where | code |
|---|---|---|
| \`curl -k\` / \`--insecure\` (also in a cluster such as \`-fsSLk\`), \`--proxy-insecure\` | \`RUN\` | CKV2_DOCKER_2 |
| \`wget --no-check-certificate\` | \`RUN\` | CKV2_DOCKER_3 |
| \`pip install --trusted-host\` (also \`uv pip\`), \`pip config set global.trusted-host\`; \`--trusted-host\` in a requirements file | \`RUN\`, requirements | CKV2_DOCKER_4 (not in requirements files) |
| \`PYTHONHTTPSVERIFY=0\` | \`ENV\`, \`ARG\`, \`RUN\` | CKV2_DOCKER_5 |
| \`NODE_TLS_REJECT_UNAUTHORIZED=0\` | \`ENV\`, \`ARG\`, \`RUN\` | CKV2_DOCKER_6 |
| \`NPM_CONFIG_STRICT_SSL=false\` (any case) | \`ENV\`, \`ARG\`, \`RUN\` | CKV2_DOCKER_12 |
| \`npm\`/\`yarn\`/\`pnpm\` \`config set strict-ssl false\`, \`npm set strict-ssl false\`; \`--strict-ssl=false\`, \`--no-strict-ssl\` | \`RUN\` | CKV2_DOCKER_13 (the \`config set\` forms) |
| \`GIT_SSL_NO_VERIFY\` set to anything | \`ENV\`, \`ARG\` with a value, \`RUN\` | CKV2_DOCKER_14 |
| \`yum\`/\`dnf\`/\`microdnf\`/\`yum-config-manager\`/\`dnf-config-manager\` \`--setopt=[repo.]sslverify=0\` (\`false\`, \`no\`) | \`RUN\` | CKV2_DOCKER_15 |
| \`PIP_TRUSTED_HOST\` set | \`ENV\`, \`ARG\`, \`RUN\` | CKV2_DOCKER_16 |
| \`git config http.sslVerify false\`, \`git -c http.sslVerify=false\` | \`RUN\` | – |
| \`uv --allow-insecure-host\`, \`UV_INSECURE_HOST\`; \`conda config --set ssl_verify false\`, \`CONDA_SSL_VERIFY=false\` | \`RUN\`, \`ENV\`, \`ARG\` | – |

In \`ENV\` and \`ARG\` the finding is at the variable's name; in a \`RUN\` at the option or word, or at the \`NAME=value\`
assignment (\`NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\`, \`export GIT_SSL_NO_VERIFY=1\`, a bare \`GIT_SSL_NO_VERIFY=1;\`); a
variable set with a value the script does not show (\`read GIT_SSL_NO_VERIFY\`) is reported at the \`RUN\`, and only
for the variables that any value turns on. Values are read after ARG/ENV
expansion. Only \`RUN\` (and \`ONBUILD RUN\`) is looked at, not \`CMD\` or \`HEALTHCHECK\`.`,
      differences: `Checkov reads the text of \`RUN\`; here the options must belong to the tool (\`-k\` of \`curl\`, not of
another command), commands behind \`sudo\` or in \`sh -c\` are seen, and \`ARG\`/\`ENV\` values are expanded. \`CKV2_DOCKER_15\` is
also given to \`--setopt=sslverify=0\` on \`yum install\`, not only on \`config-manager\`. The variants without a code are extra.

So Checkov misses the options in exec form and in \`ONBUILD\`, values from a variable
(\`ENV NODE_TLS_REJECT_UNAUTHORIZED $FLAG\` with \`ARG FLAG=0\`), \`pip config set global.trusted-host\` (which carries
CKV2_DOCKER_4 here), and the lines of a \`RUN\` after a blank line in its continuation, where Checkov's parser ends the
instruction. It reports \`-k\` inside another argument (\`curl -H "X-Key: -k"\`), scripts of a Windows shell
(\`cmd /S /C curl -kL\`), which are not read here, and \`RUN\` lines that are not valid shell (an unclosed quote), whose
commands cannot be told apart here.`,
    },
  },
  checkDockerfile(file, context) {
    for (const node of file.instructions) {
      const instruction = node.keyword === 'ONBUILD' && node.trigger ? node.trigger : node;
      const problems = instruction.keyword === 'RUN' ? runProblems(instruction) : pairProblems(instruction);
      for (const problem of problems) context.report(problem);
    }
  },
  checkRequirements(file, context) {
    for (const option of file.options) {
      if (option.name !== '--trusted-host') continue;
      context.report({
        range: option.range,
        message: `\`--trusted-host ${option.value ?? ''}\` lets pip accept any certificate, or plain HTTP, from that host: remove it and give pip the CA certificate with \`--cert\` or \`PIP_CERT\``,
        aliases: [],
      });
    }
  },
});

/** ENV and ARG: a variable that turns verification off, at its name. */
function pairProblems(instruction: Instruction): Problem[] {
  if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') return [];
  const problems: Problem[] = [];
  for (const pair of instruction.pairs) {
    // `ARG GIT_SSL_NO_VERIFY` without a value sets nothing unless the build passes one.
    if (pair.value === undefined && instruction.keyword === 'ARG') continue;
    const problem = variableProblem(pair.key, instruction.expand(pair.value ?? ''), pair.keyRange, instruction.keyword);
    if (problem) problems.push(problem);
  }
  return problems;
}

function variableProblem(name: string, value: string, range: Range, where: string): Problem | undefined {
  const variable = VARIABLES.find((v) => v.name.test(name));
  if (!variable || !variable.disables(value.trim())) return undefined;
  const shown = value === '' ? name : `${name}=${value}`;
  const lasting = where === 'ENV' ? ', for the build and in every container of the image' : '';
  return { range, message: `\`${shown}\` ${variable.what}${lasting}: ${variable.fix}`, aliases: variable.aliases };
}

function runProblems(run: Instruction): Problem[] {
  const problems: Problem[] = [];
  // Prefixes of a command (`GIT_SSL_NO_VERIFY=1 git clone`) and assignment statements (`export X=1`, `X=1;`).
  const assignments = [...(run.script?.commands ?? []).flatMap((c) => c.assignments), ...(run.script?.assignments ?? [])];
  for (const assignment of assignments) {
    const problem = variableProblem(assignment.name, run.expand(assignment.value), assignment.range, 'RUN');
    if (problem) problems.push(problem);
  }
  for (const command of run.script?.commands ?? []) problems.push(...commandProblems(command));
  // A variable set with no value shown (`read GIT_SSL_NO_VERIFY`, `for ... in`): reported at the RUN.
  for (const name of run.script?.assignedVariables ?? []) {
    const variable = VARIABLES.find((v) => v.name.test(name));
    // Its value is not known: only variables that any value turns on count.
    if (!variable || !variable.disables('<unknown>') || problems.some((p) => p.message.startsWith(`\`${name}`))) continue;
    problems.push({ range: run.keywordRange, message: `\`${name}\` set in this RUN ${variable.what}: ${variable.fix}`, aliases: variable.aliases });
  }
  return problems;
}

function commandProblems(command: ShellCommand): Problem[] {
  const problems: Problem[] = [];
  const tool = command.nameWord.value;
  const add = (word: ShellWord, message: string, aliases: readonly string[] = []) => problems.push({ range: word.range, message, aliases });
  const manager = packageCommand(command)?.manager;
  const args = command.args;
  for (const [i, word] of args.entries()) {
    const value = word.value;
    if (value === '--') break;
    const { option, value: attached } = splitOption(value);
    const optionValue = attached ?? args[i + 1]?.value ?? '';
    if (command.name === 'curl') {
      if (option === '--insecure' || option === '--proxy-insecure' || isShortCluster(value, 'k', CURL_VALUE_SHORTS)) {
        add(word, `\`curl ${value}\` turns off certificate checks, so anyone on the network path can swap the download: remove it and install the CA certificate the server needs`, ['CKV2_DOCKER_2']);
      }
    } else if (command.name === 'wget') {
      if (option === '--no-check-certificate') add(word, '`wget --no-check-certificate` turns off certificate checks, so anyone on the network path can swap the download: remove it and install the CA certificate the server needs', ['CKV2_DOCKER_3']);
    } else if (command.name === 'uv') {
      // `uv pip install --trusted-host` is an alias of `--allow-insecure-host`.
      if (option === '--allow-insecure-host' || option === '--trusted-host') {
        add(word, `\`uv ${option}\` lets uv accept any certificate from \`${optionValue}\`: remove it and set \`SSL_CERT_FILE\` to the CA certificate the index needs`, option === '--trusted-host' ? ['CKV2_DOCKER_4'] : []);
      }
    } else if (manager === 'pip') {
      if (option === '--trusted-host') add(word, `\`pip ${option}\` lets pip accept any certificate, or plain HTTP, from \`${optionValue}\`: remove it and give pip the CA certificate with \`--cert\` or \`PIP_CERT\``, ['CKV2_DOCKER_4']);
      else if (value === 'global.trusted-host' || value === 'install.trusted-host') {
        add(word, `\`pip config set ${value}\` lets pip accept any certificate, or plain HTTP, from \`${args[i + 1]?.value ?? ''}\`: remove it and set \`global.cert\` to the CA certificate the index needs`, ['CKV2_DOCKER_4']);
      }
    } else if (manager === 'npm' || manager === 'yarn' || manager === 'pnpm') {
      if (isConfigSet(command, i) && /^(strict-ssl|enableStrictSsl)(=false)?$/.test(value) && (value.endsWith('=false') || FALSE.test(args[i + 1]?.value ?? ''))) {
        add(word, `\`${tool} config set strict-ssl false\` turns off certificate checks for every package download: remove it and set \`cafile\` to the CA certificate the registry needs`, ['CKV2_DOCKER_13']);
      } else if ((option === '--strict-ssl' && value.includes('=') && FALSE.test(optionValue)) || value === '--no-strict-ssl') {
        add(word, `\`${tool} ${value}\` turns off certificate checks for every package download: remove it and set \`cafile\` to the CA certificate the registry needs`);
      }
    } else if (RPM_TOOLS.has(manager ?? command.name)) {
      const setting = option === '--setopt' ? optionValue : '';
      if (/^([^=]+\.)?sslverify=/i.test(setting) && FALSE.test(setting.slice(setting.indexOf('=') + 1))) {
        add(word, `\`${tool} --setopt=${setting}\` turns off certificate checks for the repository: remove it and add the CA certificate with \`sslcacert\``, ['CKV2_DOCKER_15']);
      }
    } else if (command.name === 'git') {
      const setting = value === '-c' ? args[i + 1]?.value ?? '' : '';
      const configured = isGitConfig(command, i) && /^http\.(.+\.)?sslverify$/i.test(value) && FALSE.test(args[i + 1]?.value ?? '');
      const inline = /^http\.(.+\.)?sslverify=/i.test(setting) && FALSE.test(setting.slice(setting.indexOf('=') + 1));
      if (configured || inline) add(inline ? args[i + 1] : word, `\`git ${inline ? `-c ${setting}` : `config ${value} false`}\` turns off git's certificate checks: remove it and set \`http.sslCAInfo\` to the CA certificate the server needs`);
    } else if (manager === 'conda' && value === 'ssl_verify' && args[i - 1]?.value === '--set' && FALSE.test(args[i + 1]?.value ?? '')) {
      add(word, `\`${tool} config --set ssl_verify false\` turns off conda's certificate checks: set \`ssl_verify\` to the CA certificate the channel needs instead`);
    }
  }
  return problems;
}

/** curl's short options that take a value: a `k` after one of them is part of the value (`-ukey`). */
const CURL_VALUE_SHORTS = 'aAbcCdDeEFHKmoPQrtTuUwxXyYz';

/** `-k`, `-fsSLk`: a cluster of short options that holds `letter` before any option that takes a value. */
function isShortCluster(value: string, letter: string, valueShorts: string): boolean {
  if (!/^-[A-Za-z0-9#:]+$/.test(value)) return false;
  for (const c of value.slice(1)) {
    if (c === letter) return true;
    if (valueShorts.includes(c)) return false;
  }
  return false;
}

/** The word at `index` follows `config set` or `set` (`npm config set strict-ssl false`, `npm set ...`). */
function isConfigSet(command: ShellCommand, index: number): boolean {
  const ops = operands({ ...command, args: command.args.slice(0, index) });
  const words = ops.map((w) => w.value);
  return (words[0] === 'config' || words[0] === 'c') && words[1] === 'set' ? words.length === 2 : words[0] === 'set' && words.length === 1;
}

/** The word at `index` is the key of `git config [--global] <key> <value>`. */
function isGitConfig(command: ShellCommand, index: number): boolean {
  const ops = operands({ ...command, args: command.args.slice(0, index) }, ['-c', '-C', '--file', '-f']);
  return ops.length === 1 && ops[0].value === 'config';
}
