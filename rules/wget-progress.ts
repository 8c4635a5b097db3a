import { defineRule, type Fix } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import type { ShellCommand } from '../src/model/shell.js';
import { textIn } from '../src/model/position.js';
import { flagValue, hasFlag } from '../src/model/shell.js';
import { rootStage, runOf, stageChain } from '../src/model/stages.js';

export default defineRule({
  meta: {
    id: 'wget-progress',
    aliases: ['DL3047'],
    severity: 'info',
    category: 'maintainability',
    summary: '`wget` without `--progress` or a quiet option fills the build log',
    fixable: true,
    fix: {
      safe: `The fix inserts \`--progress=dot:giga\` after the \`wget\` word: GNU \`wget\` then prints one line of dots
per 32 MB instead of per 50 KB, and downloads exactly the same. BusyBox \`wget\` (Alpine) rejects the option and the
build would fail, so there is no fix in a stage that may have it: one built on an image whose name or tag says
\`alpine\` or \`busybox\`, on an image given by a variable with no known value, or whose \`RUN\`s use \`apk\`. No fix
either in an \`ONBUILD RUN\` (the image it runs in is not known), or for a \`wget\` written with quotes or a variable.
In exec form the option is added as a string of its own: \`RUN ["wget", "--progress=dot:giga", "https://…"]\`.`,
    },
    docs: {
      rationale: `Without a terminal, GNU \`wget\` falls back to its "dot" progress display: a line of dots for every 50 KB
downloaded. A download of a few hundred megabytes writes thousands of lines into the build log, which slows CI
consoles down and buries the lines that matter. \`--progress=dot:giga\` prints one line per 32 MB; \`-nv\`
(\`--no-verbose\`) prints one line per file; \`-q\` prints nothing but errors.`,
      bad: `FROM debian:12-slim\nRUN wget -O /tmp/jdk.tgz https://example.com/jdk-21.tgz`,
      good: `FROM debian:12-slim\nRUN wget --progress=dot:giga -O /tmp/jdk.tgz https://example.com/jdk-21.tgz`,
      notes: `Reported at the \`wget\` word, in a \`RUN\` or \`ONBUILD RUN\`, wherever the command sits. Any of these passes:
\`--progress\`, \`-q\`/\`--quiet\`, \`-nv\`/\`--no-verbose\`, a log file (\`-o\`/\`--output-file\`, \`-a\`/\`--append-output\`),
or \`-e progress=...\` (\`--execute\`). BusyBox \`wget\` (Alpine) has no \`--progress\` option: use \`-q\` there.`,
      differences: `Same exceptions as hadolint's DL3047, plus \`-e progress=...\`. hadolint reports the \`RUN\`'s first line
once, and does not see \`wget\` behind a wrapper (\`sudo\`), called by a path, or inside \`sh -c '...'\` strings (exec form
included) and heredocs fed to a shell. hadolint reads PowerShell scripts as shell scripts and reports PowerShell's \`wget\`
(an alias of \`Invoke-WebRequest\`, which has no \`--progress\`), under \`SHELL ["powershell", ...]\` or in a
\`powershell -Command ...\` line of a Windows image; it is not reported here.`
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const run = runOf(instruction);
      for (const command of run?.script?.commands ?? []) {
        if (command.name !== 'wget') continue;
        if (hasFlag(command, '--progress', '-q', '--quiet', '-nv', '--no-verbose', '-o', '--output-file', '-a', '--append-output')) continue;
        if (flagValue(command, '-e', '--execute')?.startsWith('progress=')) continue;
        const fix = instruction.keyword === 'RUN' ? progressFix(run!, command, file.lines) : undefined;
        context.report({
          range: command.nameWord.range,
          ...(fix ? { fix } : {}),
          message: '`wget` without a progress setting writes a line of dots for every 50 KB into the build log: add `--progress=dot:giga`, or `-nv` or `-q`',
        });
      }
    }
  },
});

/** `--progress=dot:giga` after the `wget` word. */
function progressFix(run: Instruction, command: ShellCommand, lines: readonly string[]): Fix | undefined {
  const word = command.nameWord;
  if (!word.literal || !/^(\/[\w./-]*\/)?wget$/.test(word.text) || textIn(lines, word.range) !== word.text) return undefined;
  if (mayHaveBusyBoxWget(run)) return undefined;
  const at = { start: word.range.end, end: word.range.end };
  // Exec form (`RUN ["wget", ...]`): the option is a string of its own after the program's.
  const first = run.execForm?.[0];
  if (first && command.wrappers.length === 0 && first.range.start.line === word.range.start.line && first.range.start.column === word.range.start.column) {
    return { applicability: 'safe', description: 'add `--progress=dot:giga`', edits: [{ range: at, text: '", "--progress=dot:giga' }] };
  }
  // Otherwise the word must be followed by a blank on its line: not the end of a JSON string.
  const after = (lines[word.range.end.line - 1] ?? '')[word.range.end.column - 1];
  if (after !== ' ' && after !== '\t') return undefined;
  return { applicability: 'safe', description: 'add `--progress=dot:giga`', edits: [{ range: at, text: ' --progress=dot:giga' }] };
}

/** Whether the stage of `run` may be Alpine or BusyBox, whose `wget` has no `--progress`. */
function mayHaveBusyBoxWget(run: Instruction): boolean {
  if (!run.stage) return true;
  const root = rootStage(run.stage);
  if (root.imageHasUnresolvedVariables) return true;
  const image = `${root.image.repository}:${root.image.tag ?? ''}`.toLowerCase();
  if (/alpine|busybox/.test(image)) return true;
  return stageChain(run.stage).some((i) => i.keyword === 'RUN' && (i.script?.commands ?? []).some((c) => c.name === 'apk'));
}
