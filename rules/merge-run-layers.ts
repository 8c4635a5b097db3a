import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import type { ShellCommand, ShellScript } from '../src/model/shell.js';
import { underWindowsShell } from '../src/model/windows.js';

export default defineRule({
  meta: {
    id: 'merge-run-layers',
    aliases: ['DL3059'],
    severity: 'info',
    category: 'image-size',
    summary: 'Consecutive single-command `RUN` instructions that could be one layer',
    fixable: false,
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
      context.report({
        range: run.keywordRange,
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
