import { defineRule } from '../src/engine/rule.js';
import { flagValue, hasFlag } from '../src/model/shell.js';
import { runOf } from '../src/model/stages.js';

export default defineRule({
  meta: {
    id: 'wget-progress',
    aliases: ['DL3047'],
    severity: 'info',
    category: 'maintainability',
    summary: '`wget` without `--progress` or a quiet option fills the build log',
    fixable: false,
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
        context.report({
          range: command.nameWord.range,
          message: '`wget` without a progress setting writes a line of dots for every 50 KB into the build log: add `--progress=dot:giga`, or `-nv` or `-q`',
        });
      }
    }
  },
});
