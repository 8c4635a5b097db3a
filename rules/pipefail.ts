import { defineRule } from '../src/engine/rule.js';
import { isWindowsShell, ownPipes, setsPipefail } from '../src/model/pipes.js';
import type { ShellCommand } from '../src/model/shell.js';

export default defineRule({
  meta: {
    id: 'pipefail',
    aliases: ['DL4006'],
    severity: 'warning',
    category: 'correctness',
    summary: 'Pipe in a `RUN` whose shell does not set `-o pipefail`',
    fixable: false,
    docs: {
      rationale: `The exit status of a pipeline is that of its last command. In \`RUN curl -fsSL https://example.com/x.tgz | tar
-xz\`, a failed download gives \`tar\` an empty input; \`tar\` may still exit 0, the \`RUN\` succeeds, and the image is
built without the files, or with half of them. With \`-o pipefail\` the pipeline fails when any of its commands
fails, so the build stops where the problem is. Docker's default shell, \`/bin/sh -c\`, does not set it: set it once
per stage with \`SHELL ["/bin/bash", "-o", "pipefail", "-c"]\` (\`/bin/ash\` on Alpine), or at the start of the
\`RUN\` with \`set -o pipefail &&\` when its shell knows the option (Debian's \`/bin/sh\`, dash, does not).`,
      bad: `FROM debian:12-slim\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin`,
      good: `FROM debian:12-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin`,
      notes: `The model has no position for the \`|\` operator, so the finding is at the command after the first pipe of the
\`RUN\` (\`tar\` above); one finding per \`RUN\`. The message names the commands whose failure the pipe hides: those
before the last \`|\` that can fail (\`base64\` in \`echo "$KEY" | base64 -d | gpg --import\`). Pipes are looked for in the script of the \`RUN\` (after \`&&\`, in
subshells, in \`$(...)\`, in a \`RUN <<EOF\` heredoc), not inside a \`sh -c '...'\` string or a heredoc fed to a shell,
which run in a shell of their own.

Passes: a \`SHELL\` in force whose shell (\`bash\`, \`zsh\`, \`ash\`, \`sh\`, \`ksh\`...) has \`-o pipefail\` (or
\`-eo pipefail\`...); a \`SHELL\` that is not a POSIX shell (PowerShell, \`cmd\`) and the \`cmd /S /C\` that Windows
images (\`windows/servercore\`, \`nanoserver\`...) run by default, which have no such option; a \`RUN\` that runs
\`set -o pipefail\` before its first pipe (BuildKit runs the whole \`RUN\` in one shell, so the option holds for the
rest of it); an exec-form \`RUN ["bash", "-o", "pipefail", "-c", "..."]\`. A \`set -o pipefail\` inside a subshell
(\`(set -o pipefail; ...)\`) is taken as holding for the rest of the \`RUN\` too: the shell model does not tell
subshells apart.

Pipelines in which every command before the last is \`echo\`, \`printf\`, \`true\` or \`yes\` are not reported, as
there is no failure for the pipe to hide; a group or subshell piped as a whole (\`{ echo "deb ..."; curl -fsSL URL; } | tee
list\`, \`(echo a; wget -qO- URL) | sh\`) counts by all of its commands, so one that can fail is reported. \`echo\` and \`true\` do not fail (short of the reader closing the pipe early), and \`printf\` fails only on a malformed
format, a mistake in the Dockerfile that shows in its output, not a failure of the build's network or files; a
\`$(...)\` in their arguments loses its exit status before the pipe is reached, so \`pipefail\` would not catch it
either. \`yes\` never ends by itself: it stops when the reader closes the pipe, so under \`pipefail\`,
\`yes | apt-get install ...\` would fail whenever \`apt-get\` exits without reading all of it.`,
      differences: `hadolint's DL4006 forgets the \`SHELL\` at every \`FROM\`, even \`FROM <stage>\`; Docker keeps the parent
stage's \`SHELL\`, and so does this rule. hadolint accepts only \`bash\`, \`zsh\` and \`ash\` (v2.15.1: only as
\`/bin/...\` or a bare name) and ignores \`set -o pipefail\` inside the \`RUN\`; here any POSIX shell with the option and an
in-\`RUN\` \`set -o pipefail\` pass. hadolint also reports pipelines fed only by \`echo\`, \`printf\`, \`true\` or \`yes\`
(\`echo "deb ..." | tee ...\`, \`yes | sdkmanager --licenses\`), which cannot fail in a way a pipe hides (see above),
and for an exec-form \`RUN\` it joins the words and looks at the stage's \`SHELL\`, which exec form does not use. It does
not know that Windows images run \`cmd /S /C\`, nor a \`SHELL\` that names \`cmd.exe\` or \`powershell.exe\` by its
path, and reports their pipes, for which there is no \`pipefail\` to set.`,
    },
  },
  checkDockerfile(file, context) {
    for (const run of file.instructions) {
      if (run.keyword !== 'RUN') continue;
      const script = run.script;
      if (!script) continue;
      // Exec form runs its own words, not the SHELL.
      if (setsPipefail(run.execForm?.map((w) => w.value) ?? run.shell)) continue;
      // `cmd /S /C`, the default on Windows images, or a PowerShell SHELL.
      if (!run.execForm && isWindowsShell(run.shell[0])) continue;
      for (const pipe of ownPipes(script)) {
        // `set -o pipefail` holds for the rest of the RUN's shell.
        if (pipe.afterSetPipefail) break;
        if (pipe.hidden.length === 0) continue;
        const failing = [...new Set(pipe.hidden.map(label))].slice(0, MAX_NAMED);
        context.report({
          range: pipe.reader.nameWord.range,
          message: `\`${pipelineLabel(pipe.elements)}\` without \`pipefail\`: the \`RUN\` succeeds even when \`${failing.join('` or `')}\` fails; add \`SHELL ["/bin/bash", "-o", "pipefail", "-c"]\` before it`,
        });
        break;
      }
    }
  },
});

/** A message names at most this many elements and commands. */
const MAX_NAMED = 6;

/** `curl | tar`; a piped group or subshell as `(echo; curl)`. */
function pipelineLabel(elements: readonly (readonly ShellCommand[])[]): string {
  const labels = elements.slice(0, MAX_NAMED).map((element) => (element.length === 1 ? label(element[0]) : `(${element.slice(0, MAX_NAMED).map(label).join('; ')}${element.length > MAX_NAMED ? '; ...' : ''})`));
  return labels.join(' | ') + (elements.length > MAX_NAMED ? ' | ...' : '');
}

function label(command: ShellCommand): string {
  return command.name || command.nameWord.text;
}
