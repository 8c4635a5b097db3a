import { defineRule, type RuleContext } from '../src/engine/rule.js';
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
    fixable: false,
    docs: {
      rationale: `In shell form (\`CMD python app.py\`) the container's main process is \`/bin/sh -c "python app.py"\`. The
shell is PID 1 and does not pass signals on: \`docker stop\` sends SIGTERM, the application never sees it, and after the
grace period the container is killed without a chance to finish requests or flush data. A shell-form \`ENTRYPOINT\`
also ignores the \`CMD\` and any arguments given to \`docker run\`. In exec form (\`CMD ["python", "app.py"]\`) the
application itself is PID 1 and gets the signals.

The array must be valid JSON: \`CMD ['python', 'app.py']\` has single quotes, is not JSON, and is run as a shell
command that fails when the container starts.`,
      bad: `FROM python:3.12-slim\nCMD python app.py\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1`,
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
        context.report({
          range: instruction.args[0].range,
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
  context.report({
    range: first.range,
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

/** The exec form of a simple command (`python app.py` → `["python", "app.py"]`), or a generic hint. */
function jsonSuggestion(instruction: Instruction): string {
  const script = instruction.script;
  const commands = script?.commands ?? [];
  const command = commands[0];
  const simple =
    script !== undefined &&
    !script.hasErrors &&
    commands.length === 1 &&
    command.wrappers.length === 0 &&
    command.assignments.length === 0 &&
    command.redirects.length === 0 &&
    !command.background &&
    command.nameWord.literal &&
    command.args.every((a) => a.literal);
  if (!simple) return 'it as a JSON array, with `exec` before the last command if it needs a shell (`["sh", "-c", "... && exec app"]`)';
  const words = [command.nameWord.value, ...command.args.map((a) => a.value)];
  return `\`${instruction.keyword} [${words.map((w) => JSON.stringify(w)).join(', ')}]\``;
}
