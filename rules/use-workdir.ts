import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'use-workdir',
    aliases: ['DL3003', 'DS-0013'],
    severity: 'info',
    category: 'maintainability',
    summary: '`cd` in a `RUN` instead of `WORKDIR`',
    fixable: false,
    docs: {
      rationale: `A \`cd\` lasts only until the end of its \`RUN\`: the next instruction starts again in the \`WORKDIR\`. A
Dockerfile that moves around with \`cd\` therefore has to repeat the directory in every \`RUN\`, and a reader has to
work out in which directory each command runs. \`WORKDIR\` sets the directory once for every later \`RUN\`, \`COPY\`,
\`CMD\` and \`ENTRYPOINT\`, creates it when it does not exist, and shows in the image's metadata.`,
      bad: `FROM golang:1.23-bookworm\nCOPY . /src\nRUN cd /src && go build -o /usr/local/bin/app .`,
      good: `FROM golang:1.23-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .`,
      notes: `Reported at every \`cd\` command of a \`RUN\`, wherever it sits: after \`&&\`, in a subshell \`(cd x && make)\`,
in \`$(...)\`, in a \`sh -c '...'\` string or in a heredoc. A \`cd\` inside a subshell, or one followed by more commands in
the same \`RUN\` (\`cd /tmp/src && ./configure && make install && cd / && rm -rf /tmp/src\`), is common and harmless
practice when building in a scratch directory that is removed again; the rule still reports it, as hadolint does,
which is why it is only \`info\`: disable it (\`# dockerlint ignore=use-workdir\`, or in the config) where the \`cd\`
is deliberate.`,
      differences: `hadolint's DL3003 reports the \`RUN\` once, at its first line, and does not see a \`cd\` behind a wrapper, inside
a \`sh -c '...'\` string (the exec form \`RUN ["/bin/sh", "-c", "..."]\` included) or a heredoc fed to a shell (\`bash <<EOF\`); here every \`cd\` is reported at its own position,
those included. Trivy's DS-0013 only looks at \`&&\`-separated parts that start with \`cd\`. Like hadolint, \`ONBUILD
RUN\` is not checked: the trigger runs in another Dockerfile's build, where \`WORKDIR\` may not be an option.`,
    },
  },
  checkDockerfile(file, context) {
    for (const run of file.instructions) {
      if (run.keyword !== 'RUN') continue;
      for (const command of run.script?.commands ?? []) {
        if (command.name !== 'cd') continue;
        const target = command.args.find((a) => !a.value.startsWith('-'));
        const where = target ? `\`cd ${target.text}\`` : '`cd`';
        context.report({
          range: command.nameWord.range,
          message: `${where} changes directory for this \`RUN\` only: set the directory with \`WORKDIR\` instead`,
        });
      }
    }
  },
});
