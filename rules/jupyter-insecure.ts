import { posix } from 'node:path';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { Instruction, Stage } from '../src/model/dockerfile.js';
import type { Range } from '../src/model/position.js';
import type { ShellCommand } from '../src/model/shell.js';

/** `jupyter <sub>` that starts a server, and the programs that are one. */
const SERVER_SUBCOMMANDS = new Set(['notebook', 'lab', 'server', 'nbclassic']);
const SERVER_PROGRAMS = new Set(['jupyter-notebook', 'jupyter-lab', 'jupyter-server', 'jupyter-nbclassic']);
/** The Jupyter Docker Stacks' start scripts, which pass their arguments on to the server. */
const START_SCRIPTS = new Set(['start-notebook.sh', 'start-notebook.py', 'start-singleuser.sh', 'start-singleuser.py']);
const SERVER_MODULES = new Set(['jupyter', 'notebook', 'jupyterlab', 'jupyter_server', 'nbclassic']);
/** Second operands that make `jupyter lab ...` a tool, not a server (`jupyter lab build`, `jupyter notebook list`). */
const NOT_SERVER = new Set(['build', 'clean', 'path', 'paths', 'workspaces', 'workspace', 'extension', 'list', 'stop', 'password']);
const NOT_SERVER_OPTIONS = new Set(['--generate-config', '--version', '-h', '--help', '--help-all']);

const EMPTY = new Set(['', "''", '""']);
const ALL_INTERFACES = new Set(['0.0.0.0', '*', "'*'", '"*"', '::', "'::'", '[::]']);

interface Option {
  readonly value: string;
  readonly range: Range;
}

export default defineRule({
  meta: {
    id: 'jupyter-insecure',
    aliases: [],
    severity: 'error',
    category: 'security',
    summary: 'Jupyter server started without authentication, as root, or without XSRF protection',
    fixable: false,
    docs: {
      rationale: `A Jupyter server runs any code its users type, with the rights of the server's user. Its token (or password)
is the only thing between the network and a shell in the container: \`--NotebookApp.token=''\` (or
\`--ServerApp.token=\`, or \`c.NotebookApp.token = ''\` in its config) turns that off, and with \`--ip=0.0.0.0\`, which a
container needs to be reachable at all, anyone who can reach the port owns the container, its mounted volumes and
its cloud credentials; such servers are found and mined within hours. \`--allow-root\` lets the server run as root, so
a notebook user is root in the container; \`disable_check_xsrf=True\` lets any web page a user visits send code to the
server. Keep the token (Jupyter makes a random one at every start and prints it in the log), or pass one at run time
(\`docker run -e JUPYTER_TOKEN=...\`), and run the server as a non-root \`USER\`.`,
      bad: `FROM python:3.12-slim\nRUN pip install --no-cache-dir jupyterlab==4.2.5\nEXPOSE 8888\nCMD ["jupyter", "lab", "--ip=0.0.0.0", "--allow-root", "--ServerApp.token=''"]`,
      good: `FROM python:3.12-slim\nRUN pip install --no-cache-dir jupyterlab==4.2.5 && useradd --create-home jovyan\nUSER jovyan\nEXPOSE 8888\nCMD ["jupyter", "lab", "--ip=0.0.0.0"]`,
      notes: `A Jupyter server is \`jupyter notebook|lab|server|nbclassic\`, \`jupyter-lab\` and the like, \`python -m
jupyter|notebook|jupyterlab ...\`, and the Docker Stacks' \`start-notebook.sh\`/\`start-singleuser.sh\`, started by
\`CMD\`, \`ENTRYPOINT\` (with the arguments of an exec-form \`CMD\` that follows an exec-form \`ENTRYPOINT\`) or \`RUN\`,
wherever it sits in the command line. Reported at the offending option:

- an empty token (\`--NotebookApp.token=''\`, \`--ServerApp.token=\`, \`--IdentityProvider.token=""\`) when no
  non-empty password (\`--NotebookApp.password=sha1:...\`, \`--PasswordIdentityProvider.hashed_password=...\`) is given:
  error; also an \`echo\`/\`printf\` or heredoc in a \`RUN\` (or a \`COPY\` heredoc) that writes \`c.<App>.token = ''\`
  into a config file;
- \`--allow-root\` (\`--ServerApp.allow_root=True\`), unless the server runs as a non-root \`USER\` (for \`CMD\`
  and \`ENTRYPOINT\` the stage's last \`USER\`): warning;
- \`disable_check_xsrf=True\`: warning.

\`--ip=0.0.0.0\` (or \`*\`, \`::\`) alone is not reported: a container needs it, and Jupyter then still asks for its
random token. For the same reason an empty \`ENV JUPYTER_TOKEN=\` is not reported: Jupyter ignores an empty value and
makes a token. A token from a variable that cannot be resolved is taken as set.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      const entrypoint = stage.instructions.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          for (const heredoc of instruction.heredocs) {
            if (heredoc.bodyRange) checkConfigText(heredoc.body, heredoc.bodyRange, context);
          }
          continue;
        }
        if (!['RUN', 'CMD', 'ENTRYPOINT'].includes(instruction.keyword)) continue;
        for (const command of instruction.script?.commands ?? []) {
          if (instruction.keyword === 'RUN') checkConfigWrite(command, context);
          const options = serverOptions(command);
          if (!options) continue;
          // `ENTRYPOINT ["jupyter", "lab"]` + `CMD ["--ip=0.0.0.0", ...]`: the CMD words are the server's arguments too.
          const extra = instruction === entrypoint && instruction.execForm ? (lastCmd(stage)?.execForm ?? []) : [];
          checkOptions([...options, ...extra], instruction, stage, context);
        }
      }
    }
  },
});

/** The arguments of a command that starts a Jupyter server, or undefined when it starts none. */
function serverOptions(command: ShellCommand): Option[] | undefined {
  let args = command.args;
  let name = command.name;
  if (name === 'start.sh' && args.length > 0) {
    // The Docker Stacks' `start.sh jupyter lab ...` runs its arguments.
    name = posix.basename(args[0].value);
    args = args.slice(1);
  }
  if (/^python[0-9.]*$/.test(name)) {
    const m = args.findIndex((a) => a.value === '-m');
    if (m < 0 || !SERVER_MODULES.has(args[m + 1]?.value ?? '')) return undefined;
    name = args[m + 1].value === 'jupyter' ? 'jupyter' : 'jupyter-server';
    args = args.slice(m + 2);
  }
  if (name === 'jupyter') {
    const sub = args.findIndex((a) => !a.value.startsWith('-'));
    if (sub < 0 || !SERVER_SUBCOMMANDS.has(args[sub].value)) return undefined;
    args = args.slice(sub + 1);
  } else if (!SERVER_PROGRAMS.has(name) && !START_SCRIPTS.has(name)) {
    return undefined;
  }
  const firstOperand = args.find((a) => !a.value.startsWith('-'));
  if (firstOperand && NOT_SERVER.has(firstOperand.value)) return undefined;
  if (args.some((a) => NOT_SERVER_OPTIONS.has(a.value))) return undefined;
  return [...args];
}

function checkOptions(options: readonly Option[], instruction: Instruction, stage: Stage, context: RuleContext): void {
  let emptyToken: Option | undefined;
  let password = false;
  let allInterfaces = false;
  for (let i = 0; i < options.length; i++) {
    const option = options[i];
    const [name, inline] = splitOption(option.value);
    // `--Class.trait=value` or `--Class.trait value`.
    const value = inline ?? (options[i + 1]?.value.startsWith('-') === false ? options[i + 1].value : undefined);
    const trait = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name.replace(/^--?/, '');
    const resolved = value === undefined ? undefined : instruction.expand(value);
    if (trait === 'token' && resolved !== undefined && !resolved.includes('$') && EMPTY.has(resolved)) emptyToken = option;
    if ((trait === 'password' || trait === 'hashed_password') && resolved !== undefined && !EMPTY.has(resolved)) password = true;
    if (trait === 'ip' && resolved !== undefined && ALL_INTERFACES.has(resolved)) allInterfaces = true;
    if (name === '--allow-root' || (trait === 'allow_root' && isTrue(inline))) {
      if (!runsAsNonRoot(stage, instruction)) {
        context.report({
          range: option.range,
          message: `\`${option.value}\` lets the Jupyter server run as root, so every notebook user is root in the container: run it as a non-root \`USER\` and drop the option`,
          severity: 'warning',
        });
      }
    }
    if (trait === 'disable_check_xsrf' && isTrue(inline)) {
      context.report({
        range: option.range,
        message: `\`${option.value}\` lets any web page a Jupyter user visits send code to the server: remove it`,
        severity: 'warning',
      });
    }
  }
  if (emptyToken && !password) {
    const reach = allInterfaces ? 'anyone who can reach the port (it listens on all interfaces)' : 'anyone who can reach the server';
    context.report({
      range: emptyToken.range,
      message: `\`${emptyToken.value}\` turns Jupyter's authentication off: ${reach} can run code in the container; keep the token, or pass one at run time with \`-e JUPYTER_TOKEN=...\``,
    });
  }
}

/** `c.NotebookApp.token = ''` written into a config file by `echo`/`printf` or a heredoc. */
function checkConfigWrite(command: ShellCommand, context: RuleContext): void {
  if (command.name === 'echo' || command.name === 'printf') {
    for (const word of command.args) checkConfigText(word.value, word.range, context, true);
  }
  for (const heredoc of command.heredocs) checkConfigText(heredoc.body, heredoc.range, context);
}

const EMPTY_TOKEN_LINE = /\bc\.\w+\.token\s*=\s*(?:''|"")/;

/** Reports a config line that empties the token; `oneWord` reports at the word, else at the line. */
function checkConfigText(text: string, range: Range, context: RuleContext, oneWord = false): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = EMPTY_TOKEN_LINE.exec(lines[i]);
    if (!match) continue;
    const start = oneWord ? range.start : { line: range.start.line + i, column: (i === 0 ? range.start.column : 1) + match.index };
    context.report({
      range: oneWord ? range : { start, end: { line: start.line, column: start.column + match[0].length } },
      message: `\`${match[0]}\` in Jupyter's config turns its authentication off: anyone who can reach the server can run code in the container; leave the token unset, or pass one at run time with \`-e JUPYTER_TOKEN=...\``,
    });
    if (oneWord) return;
  }
}

/** `--name=value` → [name, value]; `--name` → [name, undefined]. */
function splitOption(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^['"]?(true|1)['"]?$/i.test(value);
}

/**
 * True when the server runs as a user other than root: the stage's last `USER` for `CMD` and
 * `ENTRYPOINT` (the user containers start as), the last one before it for `RUN`.
 */
function runsAsNonRoot(stage: Stage, instruction: Instruction): boolean {
  let user: string | undefined;
  for (const i of stage.instructions) {
    if (i === instruction && instruction.keyword === 'RUN') break;
    if (i.keyword === 'USER' && i.args.length > 0) user = i.expand(i.args[0].value).split(':')[0];
  }
  return user !== undefined && user !== 'root' && user !== '0' && !user.includes('$');
}

function lastCmd(stage: Stage): Instruction | undefined {
  return stage.instructions.filter((i) => i.keyword === 'CMD').at(-1);
}
