import { defineRule } from '../src/engine/rule.js';
import type { DockerignoreError } from '../src/model/dockerignore.js';
import { hasWindowsShell } from '../src/model/windows.js';

export default defineRule({
  meta: {
    id: 'dockerignore-invalid-pattern',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    summary: 'A `.dockerignore` pattern that Docker rejects, which fails every build that uses the file',
    fixable: false,
    docs: {
      exampleKind: 'dockerignore',
      rationale: `Docker checks every pattern of the ignore file with Go's \`filepath.Match\` before it sends the build context; one
pattern it cannot read stops the build before the first instruction runs (BuildKit: \`invalid excludepatterns: syntax
error in pattern\`; the classic builder: \`error checking context: 'syntax error in pattern'\`). The usual causes are a \`[\`
meant literally (\`[draft]*.md\`), a Windows-style folder name ending with \`\\\` (on Linux \`\\\` escapes the next character),
and a lone \`!\`.`,
      bad: `*.md\n[draft\nbuild\\`,
      good: `*.md\n\\[draft\nbuild/`,
      notes: `The patterns are read as BuildKit reads them (moby/patternmatcher): the line trimmed, \`!\` taken off, the path
cleaned; then the class syntax of \`filepath.Match\` is checked (\`[\` must close, a range must not run backwards, \`-\` and
\`]\` must be escaped inside a class). Reported for every ignore file, whether or not a linted Dockerfile uses it; a
trailing \`\\\` is not reported when a Dockerfile built with the file is for Windows (a Windows base image or \`SHELL\`):
the client then reads \`\\\` as a folder separator.`,
    },
  },
  checkDockerignore(ignore, context) {
    // Built for Windows, the ignore file is read on Windows, where `\` separates folders and `build\` is fine.
    const windows = context.project.dockerfilesUsing(ignore).some((d) => d.instructions.some(hasWindowsShell));
    for (const error of ignore.errors) {
      if (windows && error.kind === 'trailing-backslash') continue;
      context.report({ range: error.range, message: `${error.message}: Docker rejects this ignore file and every build that uses it fails; ${ADVICE[error.kind]}` });
    }
  },
});

const ADVICE: Readonly<Record<DockerignoreError['kind'], string>> = {
  'lone-exclusion': 'remove the `!` or write the path it should bring back after it',
  'trailing-backslash': 'use `/` to separate folders (`\\` escapes the next character on Linux)',
  'character-class': 'fix the `[...]` class (closed by `]`, ranges from low to high as in `[a-z]`), or write a literal `[` as `\\[`',
};
