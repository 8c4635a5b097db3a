import { defineRule, type Fix, type RuleContext } from '../src/engine/rule.js';
import type { Range } from '../src/model/position.js';
import type { ShellWord } from '../src/model/shell.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { execsOneCommand, jsonArray } from '../src/model/exec-form.js';
import { shellFormAliases } from '../src/peers/shell-form.js';

export default defineRule({
  meta: {
    id: 'prefer-exec-form',
    aliases: ['DL3025', 'JSONArgsRecommended'],
    severity: 'warning',
    category: 'correctness',
    summary: '`CMD` or `ENTRYPOINT` in shell form instead of a JSON array',
    fixable: true,
    fix: {
      safe: `\`HEALTHCHECK CMD curl -f http://localhost/\` becomes \`HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\`
when the command needs no shell (the conditions below): the same program runs with the same arguments, without
\`/bin/sh\` in between, and its exit status decides the health as before.`,
      unsafe: `\`CMD\` and \`ENTRYPOINT\` are rewritten the same way, but only with \`--unsafe-fixes\`, as what the container
runs changes in two ways. PID 1 is the program rather than the shell (the point: it gets SIGTERM). And the arguments
change: an \`ENTRYPOINT\` in exec form is run with the \`CMD\` and the \`docker run\` arguments appended, where the shell
form ignored them; a \`CMD\` is handed to the \`ENTRYPOINT\` in force (this file's or the base image's, such as an
official image's \`docker-entrypoint.sh\`) as its words, where it was \`/bin/sh -c "<command>"\`, and entrypoint
scripts look at their first argument (redis's drops root only when it is \`redis-server\`).

Either fix is offered only for one simple command on one line whose words the shell would pass on as they are: no
variables, command substitution, operators (\`&&\`, \`|\`, \`;\`), redirections, \`VAR=value\` prefixes, wrappers
(\`sudo\`), globs or braces, backslashes, a shell builtin (\`cd\`, \`echo\`, \`export\`...) as the program, under a POSIX
\`SHELL\` (\`sh\`, \`bash\`...). Quotes are taken off as the shell takes them; each word is written as a JSON string.`,
    },
    docs: {
      rationale: `In shell form (\`CMD python app.py\`) the container's main process is \`/bin/sh -c "python app.py"\`. The
shell is PID 1 and does not pass signals on: \`docker stop\` sends SIGTERM, the application never sees it, and after the
grace period the container is killed without a chance to finish requests or flush data. A shell-form \`ENTRYPOINT\`
also ignores the \`CMD\` and any arguments given to \`docker run\`. In exec form (\`CMD ["python", "app.py"]\`) the
application itself is PID 1 and gets the signals.

The array must be valid JSON: \`CMD ['python', 'app.py']\` has single quotes, is not JSON, and is run as a shell
command that fails when the container starts.`,
      bad: `FROM python:3.12-slim\nCMD python app.py\nHEALTHCHECK CMD curl -f http://localhost:8000/`,
      good: `FROM python:3.12-slim\nCMD ["python", "app.py"]\nHEALTHCHECK CMD ["curl", "-f", "http://localhost:8000/"]`,
      notes: `When the command needs a shell (variables, \`&&\`), put \`exec\` before the final command so that it replaces
the shell: \`CMD ["sh", "-c", "python migrate.py && exec python app.py"]\`. A shell-form \`CMD\` that is a single
\`exec ...\` command is not reported, as the shell is replaced and signals reach the application. A shell-form
\`HEALTHCHECK CMD\` is reported as info: it only needs a shell in the image. Arguments that start with \`[\` but are not
valid JSON are errors. A \`CMD\` or \`ENTRYPOINT\` before the first \`FROM\` (an error of its own) is checked too.`,
      differences: `BuildKit (JSONArgsRecommended) is silent when the stage, or a stage it is built on, has a \`SHELL\`
instruction before the \`CMD\`: such findings carry only \`DL3025\`. BuildKit also knows the base image's \`SHELL\`,
which a linter cannot. hadolint (DL3025) also reports \`CMD exec ...\`, which is not reported here: the shell replaces
itself with the application, which is then PID 1 and gets the signals. hadolint's JSON reading differs from BuildKit's,
which decides what runs: it takes a valid array for shell form when a string has an escaped backslash right before a
quote (\`"C:\\\\app\\\\"\`, \`"a\\\\\\"b"\`) or, in a Dockerfile whose escape character is the backtick, an escaped
quote, and reports it; it takes an invalid one with an unknown escape (\`["C:\\Ruby\\bin\\ruby.exe"]\`, where JSON knows
no \`\\R\`) for exec form and is silent, while BuildKit runs it as a shell command, which fails. A JSON array that holds
something other than strings (\`CMD ["echo", ["x"]]\`) is a build error, reported by invalid-instruction rather than
here; hadolint reports it as DL3025. A shell-form \`HEALTHCHECK CMD\` carries \`DL3025\` only, as BuildKit does not
check it.`,
    },
  },
  checkDockerfile(file, context) {
    // Every instruction, those before the first `FROM` too: the form is wrong wherever it is written.
    for (const instruction of file.instructions) {
      if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') {
        if (instruction.execForm || instruction.args.length === 0) continue;
        const keyword = instruction.keyword;
        const text = instruction.argsText.trim();
        // A JSON array the model could not place word by word (lines continued with a backtick escape) is still exec
        // form; one that holds something other than strings is a build error for invalid-instruction.
        if (text.startsWith('[') && jsonArray(text) !== undefined) continue;
        const aliases = shellFormAliases(instruction);
        if (text.startsWith('[')) {
          context.report({
            range: instruction.args[0].range,
            message: `\`${keyword} ${text}\` is not valid JSON${jsonHint(text)}, so it runs as a shell command and fails: write a JSON array of double-quoted strings${text.includes("'") ? `, e.g. \`${keyword} ${text.replace(/'/g, '"')}\`` : ''}`,
            aliases,
            severity: 'error',
          });
          continue;
        }
        if (keyword === 'CMD' && execsOneCommand(instruction)) continue;
        const fix = execFormFix(instruction, instruction.argsRange, 'unsafe');
        context.report({
          range: instruction.args[0].range,
          ...(fix ? { fix } : {}),
          message: `\`${keyword}\` in shell form runs under \`${instruction.shell.join(' ')}\`, which does not pass signals such as SIGTERM on to the application${keyword === 'ENTRYPOINT' ? ' and ignores `CMD` and `docker run` arguments' : ''}: write ${jsonSuggestion(instruction)}`,
          aliases,
        });
      } else if (instruction.keyword === 'HEALTHCHECK') {
        checkHealthcheck(instruction, context);
      }
    }
  },
});

/** `HEALTHCHECK [options] CMD <command>`: exec form when the command is a JSON array. */
function checkHealthcheck(instruction: Instruction, context: RuleContext): void {
  // Skip the options (`--interval=30s`), in case the model lists them among the arguments.
  const words = instruction.args.filter((w, i) => !(w.value.startsWith('--') && instruction.args.slice(0, i).every((p) => p.value.startsWith('--'))));
  const [type, first] = words;
  if (!type || !first || type.value.toUpperCase() !== 'CMD') return;
  const text = words.slice(1).map((w) => w.value).join(' ');
  // The model has no exec form for HEALTHCHECK CMD: read the array as BuildKit does.
  if (text.startsWith('[') && isJsonStringArray(text)) return;
  const fix = text.startsWith('[') ? undefined : execFormFix(instruction, { start: first.range.start, end: instruction.range.end }, 'safe');
  context.report({
    range: first.range,
    ...(fix ? { fix } : {}),
    message: text.startsWith('[')
      ? `\`HEALTHCHECK CMD ${text}\` is not valid JSON${jsonHint(text)}, so it runs as a shell command and fails: write a JSON array of double-quoted strings`
      : '`HEALTHCHECK CMD` in shell form needs `/bin/sh` in the image: write the command as a JSON array, e.g. `HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]`',
    aliases: ['DL3025'],
    severity: text.startsWith('[') ? 'error' : 'info',
  });
}

/** Why a bracketed command is not JSON, for the two mistakes that make most of them. */
function jsonHint(text: string): string {
  if (text.includes("'")) return ' (single quotes are not JSON)';
  if (/\\[^\\"\/bfnrtu]/.test(text)) return ' (a backslash must be doubled in JSON)';
  return '';
}

function isJsonStringArray(text: string): boolean {
  return jsonArray(text)?.every((v) => typeof v === 'string') ?? false;
}

/** The exec form of a command that needs no shell (`python app.py` → `["python", "app.py"]`), or a generic hint. */
function jsonSuggestion(instruction: Instruction): string {
  const words = wordsWithoutShell(instruction);
  if (!words) return 'it as a JSON array, with `exec` before the last command if it needs a shell (`["sh", "-c", "... && exec app"]`)';
  return `\`${instruction.keyword} ${jsonText(words)}\``;
}

function jsonText(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** Shells whose `-c` reads a POSIX command line: a simple command with plain words runs the same without them. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);

/** Builtins that have no program of that name, or whose program differs from the builtin (`echo -e`). */
const BUILTINS = new Set([
  '.', ':', 'alias', 'bg', 'break', 'cd', 'command', 'continue', 'declare', 'echo', 'eval', 'exec', 'exit', 'export', 'fg',
  'getopts', 'hash', 'jobs', 'kill', 'let', 'local', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'source',
  'test', '[', 'time', 'times', 'trap', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);

/** The command at `range` as a JSON array, when it needs no shell (wordsWithoutShell) and sits on one line. */
function execFormFix(instruction: Instruction, range: Range | undefined, applicability: Fix['applicability']): Fix | undefined {
  const words = wordsWithoutShell(instruction);
  if (!range || !words || range.start.line !== instruction.range.end.line) return undefined;
  return { applicability, description: 'write the command as a JSON array', edits: [{ range, text: jsonText(words) }] };
}

/**
 * The words of the instruction's command when it is one simple command that the shell would run as written: plain
 * words (passedAsWritten), no redirection, prefix, wrapper or builtin, under a POSIX shell. Undefined when the shell
 * does anything to them, or when that cannot be told.
 */
function wordsWithoutShell(instruction: Instruction): string[] | undefined {
  const script = instruction.script;
  const shell = instruction.shell;
  if (!script || script.hasErrors || script.topLevelCount !== 1 || script.commands.length !== 1 || instruction.heredocs.length > 0) return undefined;
  if (shell.length < 2 || shell[shell.length - 1] !== '-c' || !POSIX_SHELLS.has(shell[0].split('/').pop() ?? '')) return undefined;
  const command = script.commands[0];
  const plain =
    command.nesting === 'top' &&
    command.wrappers.length === 0 &&
    command.assignments.length === 0 &&
    command.redirects.length === 0 &&
    command.heredocs.length === 0 &&
    !command.background &&
    !BUILTINS.has(command.nameWord.value);
  const words = [command.nameWord, ...command.args];
  return plain && words.every(passedAsWritten) ? words.map((w) => w.value) : undefined;
}

/**
 * A word the shell passes on as its quotes leave it: no expansion, and outside quotes nothing a shell reads
 * specially (globs, braces, `~`, `#`, backslashes); inside double quotes no backslash.
 */
function passedAsWritten(word: ShellWord): boolean {
  if (!word.literal || word.value === '') return false;
  const text = word.text;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return false;
      const quoted = text.slice(i + 1, close);
      if (c === '"' && /[\\$`!]/.test(quoted)) return false;
      i = close;
    } else if (!/[A-Za-z0-9_@%+=:,./-]/.test(c)) {
      return false;
    }
  }
  return true;
}
