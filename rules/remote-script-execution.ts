import { defineRule } from '../src/engine/rule.js';
import { contains } from '../src/model/position.js';
import { hasFlag, type ShellCommand, type ShellWord } from '../src/model/shell.js';
import { runOf } from '../src/model/stages.js';
import { downloadOf } from '../src/model/downloads.js';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);

/** Interpreters and the options that give them their program as an argument instead of a file or stdin. */
const INTERPRETERS: ReadonlyMap<string, { readonly code: readonly string[]; readonly values: readonly string[] }> = new Map([
  ['python', { code: ['-c', '-m'], values: ['-W', '-X', '-Q'] }],
  ['perl', { code: ['-e', '-E'], values: ['-I', '-M', '-m'] }],
  ['ruby', { code: ['-e'], values: ['-I', '-r', '-C'] }],
  ['node', { code: ['-e', '--eval', '-p', '--print'], values: ['-r', '--require'] }],
  ['php', { code: ['-r'], values: ['-d', '-c'] }],
]);

/** Words that name standard input as a script file. */
const STDIN = new Set(['-', '/dev/stdin', '/proc/self/fd/0']);

export default defineRule({
  meta: {
    id: 'remote-script-execution',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: 'Script downloaded and run in one step, without verification (`curl ... | sh`)',
    fixable: false,
    docs: {
      rationale: `\`curl https://example.com/install.sh | sh\` runs whatever the server sends at build time: a compromised
server or CDN, a hijacked domain or a changed script puts arbitrary code into the image, with root rights, and nothing
in the Dockerfile changes to show it. The build cannot be reproduced either: the same Dockerfile runs a different
script next month. A connection cut in the middle can even run half a script. Download the script to a file, check
it against a checksum written in the Dockerfile, then run it; or install the tool from a package or a pinned release.`,
      bad: `FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | sh`,
      good: `FROM debian:12-slim\nARG INSTALL_SHA256=4f2d6c1a9e0b7d3c5a8f1e2b9c4d7a6e3f0b5c8d1a2e9f4b7c6d3a0e5f8b1c2d\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo "$INSTALL_SHA256  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh`,
      notes: `Reported at the downloading command (\`curl\` or \`wget\`), in a \`RUN\` or \`ONBUILD RUN\`, when what it downloads
goes straight into a shell (\`sh\`, \`bash\`, \`zsh\`, \`ash\`, \`dash\`, \`ksh\`) or an interpreter (\`python\`, \`perl\`,
\`ruby\`, \`node\`, \`php\`):

- piped into one that reads its program from standard input: \`curl ... | sh\`, \`curl ... | sudo bash -s -- -y\`,
  \`wget -qO- ... | bash\`, \`curl ... | python3 -\` (commands in between, such as \`tee\`, do not change that);
- as the script file of a process substitution: \`bash <(curl ...)\`, \`source <(curl ...)\`;
- as the program text of a command substitution: \`sh -c "$(curl ...)"\`, \`python -c "$(curl ...)"\`,
  \`eval "$(curl ...)"\`.

\`wget\` counts only when it writes to standard output (\`-O -\`, \`-qO-\`).

A download saved to a file and run later in the same \`RUN\` with nothing checking it in between is the same risk in
two steps, and is reported too: \`curl -sSL https://bootstrap.pypa.io/get-pip.py -o get-pip.py && python get-pip.py\`,
\`wget https://example.com/install.sh && bash install.sh\`, \`curl -fsSLO .../setup.sh && chmod +x setup.sh && ./setup.sh\`.
A \`sha256sum\`/\`shasum\`/\`gpg\`/\`cosign\`/\`minisign\` command between the download and the run counts as the check, and so
does a program that hashes the file (Composer's \`php -r "... hash('sha384', file_get_contents('composer-setup.php')) ..."\`).`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const run = runOf(instruction);
      const commands = run?.script?.commands ?? [];
      commands.forEach((command, index) => {
        const download = downloadOf(command);
        if (!download) return;
        if (download.toStdout) {
          const runner = runnerOf(command);
          if (!runner) return;
          context.report({
            range: command.nameWord.range,
            message: `\`${command.name}\` output is run by \`${runner}\` as soon as it arrives, unverified: download to a file, check its SHA-256 against a value in the Dockerfile, then run it`,
          });
          return;
        }
        const saved = download.file;
        if (saved === undefined || saved === '' || saved === '/dev/null') return;
        const later = commands.slice(index + 1);
        const runAt = later.findIndex((other) => runsFile(other, saved));
        // A checksum or signature check between the download and the run is the verification this rule asks for.
        if (runAt < 0 || later.slice(0, runAt).some((other) => checks(other, saved))) return;
        context.report({
          range: command.nameWord.range,
          message: `\`${command.name}\` downloads \`${saved}\` and the same \`RUN\` runs it (\`${runText(later[runAt], saved)}\`) unchecked: check its SHA-256 against a value in the Dockerfile first`,
        });
      });
    }
  },
});

/** The program that executes what `download` writes, or undefined. */
function runnerOf(download: ShellCommand): string | undefined {
  // Piped: only the commands after it in the pipeline read what it writes.
  const reader = download.pipeline.slice(download.pipelineIndex + 1).find(executesStdin);
  if (reader) return reader.name;
  const parent = download.parent;
  if (!parent || (download.nesting !== 'substitution' && download.nesting !== 'process-substitution')) return undefined;
  const word = parent.args.find((a) => contains(a.range, download.nameWord.range.start));
  if (!word) return undefined;
  if (download.nesting === 'process-substitution') {
    const runsFile = SHELLS.has(parent.name) || interpreterOf(parent.name) !== undefined || parent.name === 'source' || parent.name === '.';
    return runsFile && scriptFileOperand(parent) === word ? parent.name : undefined;
  }
  // download.nesting === 'substitution'
  if (parent.name === 'eval') return 'eval';
  return programTextOperand(parent) === word ? parent.name : undefined;
}

/** Programs that check a download: checksums and signatures. */
const VERIFIERS = /^(sha(1|224|256|384|512)sum|shasum|md5sum|b2sum|cksum|gpg2?|gpgv|cosign|minisign|signify|openssl)$/;

/** A checksum or signature tool, or a program that hashes the file itself (Composer's `php -r "hash('sha384', ...)"`). */
function checks(command: ShellCommand, file: string): boolean {
  if (VERIFIERS.test(command.name)) return true;
  const words = command.args.map((w) => w.value);
  return words.some((w) => w.includes(baseOf(file))) && words.some((w) => /hash|sha-?\d|digest|checksum/i.test(w));
}

/** `sh get-pip.py`, `python3 /tmp/install.py`, `./install.sh`, `source ./env.sh`: the command runs the file saved as `file`. */
function runsFile(command: ShellCommand, file: string): boolean {
  const same = (word: string | undefined) => word !== undefined && baseOf(word) === baseOf(file) && (!word.includes('/') || !file.includes('/') || normalized(word) === normalized(file));
  if (SHELLS.has(command.name) || interpreterOf(command.name) !== undefined) {
    if (programTextOperand(command) !== undefined) return false;
    return same(scriptFileOperand(command)?.value);
  }
  if (command.name === 'source' || command.name === '.') return same(command.args[0]?.value);
  return command.nameWord.value.includes('/') && same(command.nameWord.value);
}

/** How the command runs the file, for the message: `python get-pip.py`, `./setup.sh`. */
function runText(command: ShellCommand, file: string): string {
  return SHELLS.has(command.name) || interpreterOf(command.name) !== undefined || command.name === 'source' || command.name === '.' ? `${command.name} ${file}` : command.nameWord.value;
}

function baseOf(path: string): string {
  return path.split('/').at(-1) ?? path;
}

function normalized(path: string): string {
  return path.replace(/^\.\//, '');
}

/** A shell or interpreter that reads its program from standard input. */
function executesStdin(command: ShellCommand): boolean {
  if (SHELLS.has(command.name)) {
    if (hasFlag(command, '-c')) return false;
    if (hasFlag(command, '-s')) return true;
    const script = scriptFileOperand(command);
    return script === undefined || STDIN.has(script.value);
  }
  const interpreter = interpreterOf(command.name);
  if (!interpreter) return false;
  if (hasFlag(command, ...interpreter.code)) return false;
  const script = scriptFileOperand(command);
  return script === undefined || STDIN.has(script.value);
}

/** The operand a shell or interpreter runs as its script file: its first operand. */
function scriptFileOperand(command: ShellCommand): ShellWord | undefined {
  const values = SHELLS.has(command.name) ? ['-o', '+o', '-O', '+O', '--rcfile', '--init-file'] : (interpreterOf(command.name)?.values ?? []);
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') return args[i + 1];
    if (values.includes(value)) {
      i++;
      continue;
    }
    if (value.length > 1 && (value.startsWith('-') || value.startsWith('+'))) continue;
    return args[i];
  }
  return undefined;
}

/** The word a shell or interpreter runs as program text: the operand of `sh -c`, `python -c`, `perl -e`... */
function programTextOperand(command: ShellCommand): ShellWord | undefined {
  if (SHELLS.has(command.name)) {
    // `sh -c 'script' name args`: the script is the first operand once `-c` is among the options.
    return hasFlag(command, '-c') ? scriptFileOperand(command) : undefined;
  }
  const interpreter = interpreterOf(command.name);
  if (!interpreter) return undefined;
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    const option = interpreter.code.find((o) => value === o || (value.startsWith(o) && !o.startsWith('--')));
    if (!option) continue;
    return value === option ? args[i + 1] : args[i];
  }
  return undefined;
}

/** `python3.12` and `python2` are python; `nodejs` is node. */
function interpreterOf(name: string) {
  if (/^python[0-9.]*$/.test(name)) return INTERPRETERS.get('python');
  if (name === 'nodejs') return INTERPRETERS.get('node');
  return INTERPRETERS.get(name);
}
