import { defineRule, type Fix } from '../src/engine/rule.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';
import { appendableRun, continuationIndent, posixShellForm } from '../src/model/layout.js';
import type { ShellCommand, ShellScript } from '../src/model/shell.js';
import { underWindowsShell } from '../src/model/windows.js';

export default defineRule({
  meta: {
    id: 'merge-run-layers',
    aliases: ['DL3059'],
    severity: 'info',
    category: 'image-size',
    summary: 'Consecutive single-command `RUN` instructions that could be one layer',
    fixable: true,
    fix: {
      safe: `The fix joins the two \`RUN\`s into the first: \`RUN a\` and \`RUN b\` become \`RUN a && \\\` and, on the next line
with the instruction's indentation, \`b\`; each command's text is kept as written, the second \`RUN\`'s keyword and flags
(equal to the first's) go. Under a POSIX shell (\`/bin/sh -c\`, \`bash -c\`) this runs the same commands with the same
outcome: the build stopped at a failing first command, and \`&&\` does not run the second after a failure either; the
second ran in a fresh shell, and it still sees the same state because the first command is not one that changes the
shell (\`cd\`, \`export\`, \`set\`, \`source\`, \`umask\`, \`exec\`, \`exit\`, an assignment, a function... get no fix).
What changes is the layers: one instead of two, cached and rebuilt together, which is the point. A file the first
command writes and the second deletes is no longer kept in a lower layer.

No fix when the result could read differently: either \`RUN\` in exec form or with a heredoc, a shell other than a
POSIX one (\`SHELL\` with PowerShell or cmd), a first \`RUN\` whose text ends with \`;\`, \`&\` or \`|\` or holds a \`#\`
(a comment would swallow the \`&&\`), a command whose name is a variable, a script the shell parser cannot read fully,
or a comment line between the two (it may be a pragma for the second \`RUN\`, or explain it: join those by hand).
Blank lines between them are dropped.`,
    },
    docs: {
      rationale: `Every \`RUN\` adds a layer to the image. Two \`RUN\`s in a row that each run one command (\`RUN apt-get update\`
then \`RUN apt-get install -y curl\`) make two layers where one would do, and the first one is cached on its own: a
later rebuild can install packages from a package index that is months old. Join them with \`&&\` so that they are
built, cached and invalidated together.`,
      bad: `FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl`,
      good: `FROM debian:12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl`,
      notes: `Reported at the second \`RUN\`. Comment lines between the two do not break the sequence; any other instruction
does, and so does \`ONBUILD RUN\`. Not reported when the two \`RUN\`s have different flags (\`--mount\`, \`--network\`,
\`--security\`: they cannot be one instruction), nor when either of them already runs two or more commands (\`a && b\`,
\`a; b\`, \`a | b\`, \`echo $(date)\`): splitting those was most likely deliberate, for example to keep a slow step
cached on its own. Commands inside a \`sh -c '...'\` string or a heredoc fed to a shell are not counted, as hadolint
does not see them either. Under a PowerShell or cmd shell (\`SHELL [...]\`, Windows images), which is not parsed, a
\`RUN\` on one line counts as one command and a \`RUN\` continued over several lines as several.`,
      differences: `Same trigger as hadolint's DL3059. hadolint compares \`--mount\` options as parsed records; here they are
compared as sets of \`key=value\` options with \`dst\`/\`destination\` read as \`target\`, \`src\` as \`source\`, \`ro\` as
\`readonly\` and \`rw\` as \`readwrite\`, which comes to the same in practice. hadolint parses PowerShell and cmd scripts as bash and counts what that parse finds;
this rule counts their lines instead, so a long \`powershell -Command "..."\` over several lines is left alone here.`,
    },
  },
  checkDockerfile(file, context) {
    const instructions = file.instructions;
    for (let i = 1; i < instructions.length; i++) {
      const run = instructions[i];
      const previous = instructions[i - 1];
      if (run.keyword !== 'RUN' || previous.keyword !== 'RUN') continue;
      if (flagsKey(run) !== flagsKey(previous)) continue;
      if (commandCount(previous) > 1 || commandCount(run) > 1) continue;
      const fix = joinFix(file, previous, run);
      context.report({
        range: run.keywordRange,
        ...(fix ? { fix } : {}),
        message: `\`RUN\` right after the \`RUN\` on line ${previous.line}, each with one command: join them with \`&&\` into one layer`,
      });
    }
  },
});

/**
 * The commands hadolint counts: every simple command with a literal name, those in
 * `$(...)` included, but not those inside a shell string or a heredoc script. For the
 * exec form hadolint parses the words joined by spaces, so `["sh", "-c", "a && b"]`
 * counts the commands of the string and not the shell that runs them.
 */
function commandCount(run: Instruction): number {
  // What the parser cannot read is taken as one command on one line, several when continued.
  if (underWindowsShell(run)) return run.range.start.line === run.range.end.line ? 1 : 2;
  const script = run.script;
  if (!script) return 0;
  const execForm = run.execForm !== undefined;
  let count = 0;
  for (const command of script.commands) {
    if (!command.nameWord.literal && command.wrappers.length === 0) continue;
    if (execForm ? runsShellString(command, script) : insideNestedScript(command)) continue;
    count++;
  }
  return count;
}

function insideNestedScript(command: ShellCommand): boolean {
  for (let c: ShellCommand | undefined = command; c; c = c.parent) {
    if (c.nesting === 'shell-string' || c.nesting === 'heredoc-script') return true;
  }
  return false;
}

function runsShellString(command: ShellCommand, script: ShellScript): boolean {
  return script.commands.some((c) => c.parent === command && c.nesting === 'shell-string');
}

/** The RUN's flags in a form where equal flags compare equal: mount options (aliases read as their name) as sorted sets. */
function flagsKey(run: Instruction): string {
  const parts = run.flags.filter((flag) => flag.name.toLowerCase() !== 'mount' || flag.value === undefined).map((flag) => `${flag.name}=${flag.value ?? ''}`);
  for (const mount of run.mounts) {
    const options = mount.options.map((o) => `${o.name}=${o.value ?? 'true'}`);
    if (!mount.options.some((o) => o.name === 'type')) options.push('type=bind');
    parts.push(`mount=${options.sort().join(',')}`);
  }
  return parts.sort().join(' ');
}

/** Builtins that change the shell a later command runs in, or end it: a command after them in the same shell runs differently. */
const SHELL_STATE = new Set([
  'cd', 'pushd', 'popd', 'export', 'set', 'unset', 'source', '.', 'alias', 'unalias', 'umask', 'ulimit', 'trap', 'shopt',
  'readonly', 'declare', 'typeset', 'local', 'eval', 'hash', 'enable', 'exec', 'exit', 'return', 'shift', 'builtin',
]);

/** `RUN a` + `RUN b` → `RUN a && \` + `b`, when the joined script runs the same (see meta.fix). */
function joinFix(file: DockerfileModel, first: Instruction, second: Instruction): Fix | undefined {
  if (!joinable(first) || !joinable(second) || !appendableRun(file, first) || !second.argsRange) return undefined;
  if (first.script!.assignedVariables.size > 0 || first.script!.commands.some((c) => c.nesting === 'top' && (SHELL_STATE.has(c.name) || c.name === ''))) return undefined;
  for (let line = first.range.end.line + 1; line < second.range.start.line; line++) {
    if ((file.lines[line - 1] ?? '').trim() !== '') return undefined;
  }
  const indent = continuationIndent(file, first);
  return {
    applicability: 'safe',
    description: 'join the two `RUN`s with `&&`',
    edits: [{ range: { start: first.range.end, end: second.argsRange.start }, text: ` && ${file.escapeChar}\n${indent}` }],
  };
}

/** A shell-form RUN of one command that a POSIX shell runs, without heredocs, fully read by the parser. */
function joinable(run: Instruction): boolean {
  if (!posixShellForm(run)) return false;
  const script = run.script;
  return script !== undefined && !script.hasErrors && script.topLevelCount === 1 && script.commands.every((c) => c.nameWord.literal);
}
