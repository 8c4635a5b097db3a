import { defineRule, type Severity } from '../src/engine/rule.js';
import type { ShellcheckLevel } from '../src/model/shellcheck.js';

const SEVERITIES: Readonly<Record<ShellcheckLevel, Severity>> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

export default defineRule({
  meta: {
    id: 'shellcheck',
    // Each finding answers to its own ShellCheck code; these are the ones most often seen in Dockerfiles.
    aliases: ['SC2086', 'SC2046', 'SC2164', 'SC2155', 'SC2006', 'SC2016', 'SC2015', 'SC3009'],
    severity: 'warning',
    category: 'correctness',
    summary: 'ShellCheck findings in `RUN` scripts',
    fixable: false,
    docs: {
      rationale: `A \`RUN\` instruction is a shell script, with the same traps as any other: an unquoted \`$VAR\` that splits on
spaces, a \`cd\` whose failure is ignored, a bash-only \`[[ ]]\` or \`source\` run by \`/bin/sh\` (which is \`dash\` on
Debian and Ubuntu, BusyBox on Alpine), a pipe whose first command's failure is lost. ShellCheck finds these; this rule
runs it over each shell-form \`RUN\` and reports what it finds at the exact place in the Dockerfile, with ShellCheck's
code (\`SC2086\`) as the finding's alias, so \`# hadolint ignore=SC2086\` and \`rules: { SC2086: off }\` work as expected.`,
      bad: `FROM debian:bookworm-slim\nARG APP_DIR\nRUN cd $APP_DIR && \\\n    [[ -f setup.sh ]] && source setup.sh`,
      good: `FROM debian:bookworm-slim\nARG APP_DIR\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN cd "$APP_DIR" || exit 1; \\\n    if [[ -f setup.sh ]]; then source ./setup.sh; fi`,
      notes: `Needs the \`shellcheck\` program (0.7 or newer: \`apt-get install shellcheck\`, \`brew install shellcheck\`, or a release
from https://github.com/koalaman/shellcheck). The program is \`shellcheck\` on the PATH, or the one named by \`--shellcheck
PATH\` or \`DOCKERLINT_SHELLCHECK\`; a config file cannot choose it, as it would run any program a pull request names (the
old \`path\` option is ignored, with a note). Without ShellCheck the rule is skipped and the run says so once.

ShellCheck may take 10 seconds per Dockerfile (\`--shellcheck-timeout SECONDS\`, \`DOCKERLINT_SHELLCHECK_TIMEOUT\`): some
scripts take it minutes (deeply nested \`\${A:-\${A:-...}}\`). Past the limit it is stopped, and each \`RUN\` it had not
finished is reported once, as a warning: "ShellCheck did not finish within 10 s: this RUN was not checked".

The script ShellCheck sees is built as hadolint builds it: a shebang for the shell in force (\`SHELL\`, else \`/bin/sh\`,
so POSIX \`sh\` rules apply by default), one \`export NAME=1\` for each \`ARG\` and \`ENV\` in scope and the proxy variables
(so build variables are never "referenced but not assigned"), then the \`RUN\` text as BuildKit hands it to the shell:
continuations joined, comment lines inside them removed, heredocs included. A heredoc script (\`RUN <<EOF\`) with its own
shebang is checked in that shell's dialect, and skipped when the shebang names another interpreter (\`#!/usr/bin/env
python3\`). Not checked: exec-form \`RUN [...]\`, \`RUN\` under a PowerShell or \`cmd\` \`SHELL\` or on a Windows base image,
shells ShellCheck does not read (\`zsh\`, \`fish\`). Always left out: SC1090 and SC1091 (sourced files that are not there
to follow) and SC2187 (\`ash\` read as \`dash\`). \`ONBUILD RUN\` is checked too.

ShellCheck's levels map to severities: error → error, warning → warning, info and style → info. The rule's own
severity setting overrides them all; a setting for one code (\`SC2086: off\`) applies to that code only.
ShellCheck runs once per Dockerfile for all its \`RUN\` instructions.`,
      differences: `hadolint reports every SC finding at the line where the \`RUN\` starts; ours are at the offending token
(a continuation line, a line of the heredoc). hadolint also runs ShellCheck on RUNs of Windows images (where it
reports bash problems in \`cmd\` scripts); we skip them, as Docker runs them with \`cmd /S /C\`. hadolint does not check
heredoc scripts (\`RUN <<EOF\`); we do. In hadolint 2.15.1 an \`ARG\` or \`ENV\` after a \`SHELL\`
wrongly resets the shell to \`/bin/sh\`; we keep the \`SHELL\`. hadolint links ShellCheck 0.11 into its binary, while
we run the installed \`shellcheck\`, so codes added in newer ShellCheck versions may differ.`,
    },
  },
  checkDockerfile(file, context) {
    // A repository's config must not choose a program for us to run; the option was removed for that.
    if (context.options.path !== undefined) {
      context.note('rules.shellcheck: the "path" option is ignored (a config file cannot choose a program to run); use --shellcheck PATH or DOCKERLINT_SHELLCHECK');
    }
    // The engine ran ShellCheck before the rules (src/engine/external-tools/shellcheck-runner.ts).
    const results = context.external.shellcheck;
    if (!results) return;
    if ('failed' in results) throw new Error(results.failed);
    if ('skipped' in results) {
      context.note(results.skipped);
      return;
    }
    for (const check of results.scripts) {
      if ('timedOutAfterSeconds' in check) {
        context.report({
          range: check.script.instruction.range,
          message: `ShellCheck did not finish within ${check.timedOutAfterSeconds} s: this RUN was not checked (--shellcheck-timeout sets the limit)`,
          aliases: [],
          severity: 'warning',
        });
        continue;
      }
      for (const finding of check.findings) {
        const what = finding.text !== '' && finding.text.length <= 40 && !/[\n`]/.test(finding.text) ? `\`${finding.text}\`: ` : '';
        context.report({
          range: finding.range,
          message: `${what}${finding.message.replace(/\.$/, '')} (https://www.shellcheck.net/wiki/${finding.code})`,
          aliases: [finding.code],
          severity: SEVERITIES[finding.level],
        });
      }
    }
  },
});
