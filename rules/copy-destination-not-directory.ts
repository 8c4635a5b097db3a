import { defineRule } from '../src/engine/rule.js';
import type { Instruction, Word } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'copy-destination-not-directory',
    aliases: ['DL3021', 'DS-0011'],
    severity: 'warning',
    category: 'correctness',
    summary: '`COPY` or `ADD` of several files (or a wildcard) to a destination that does not end in `/`',
    fixable: false,
    docs: {
      rationale: `When \`COPY\` or \`ADD\` has several sources, or a wildcard that can match several files, the destination
must be a directory, and the Dockerfile reference asks for it to end with \`/\`. The classic builder fails the build
otherwise, and other builders disagree on what it means. BuildKit accepts it, but what it makes of \`COPY a b /dest\` depends on whether \`/dest\`
exists in the image, and a wildcard that matches two files (\`COPY target/*.jar app.jar\` after a second jar appears)
copies them one over the other, so the image silently gets whichever came last. A trailing \`/\` says what is meant
and behaves the same everywhere.`,
      bad: `FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json /app\nCOPY dist/*.js /app/dist`,
      good: `FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json /app/\nCOPY dist/*.js /app/dist/`,
      notes: `Sources are the arguments before the destination, heredocs included; a wildcard is a \`*\`, \`?\` or \`[\` in a
source that is not a URL. The destination is resolved with the \`ARG\` and \`ENV\` values in scope; when a variable in
it has no known value, the instruction is left alone. A single wildcard source (\`COPY target/*.jar app.jar\`) and a destination
of \`.\` (which BuildKit reads as a directory, but the classic builder does not) are reported as info. A Windows destination ending in \`\\\` counts as a directory.`,
      differences: `hadolint (DL3021) and Trivy (DS-0011) check \`COPY\` with several sources only: findings for \`ADD\` and
for a single wildcard source carry no peer code. hadolint does not resolve variables in the destination and does not
accept a trailing \`\\\`.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || !instruction.stage) continue;
      const words = pathWords(instruction);
      if (words.length < 2) continue;
      const sources = words.slice(0, -1);
      const destinationWord = words[words.length - 1];
      const written = destinationWord.unquoted;
      const destination = destinationWord.expanded;
      if (destination.includes('$') || destination.endsWith('/') || destination.endsWith('\\')) continue;
      const wildcard = sources.find((s) => isWildcard(s.unquoted));
      if (sources.length < 2 && !wildcard) continue;
      const keyword = instruction.keyword;
      const what = sources.length >= 2 ? `${sources.length} sources` : `the wildcard \`${wildcard!.unquoted}\``;
      const peers = keyword === 'COPY' && sources.length >= 2 ? ['DL3021', 'DS-0011'] : [];
      if (destination === '.') {
        context.report({
          range: destinationWord.range,
          message: `\`${keyword}\` of ${what} to \`.\`: BuildKit reads \`.\` as a directory, but the classic builder fails the build${sources.length >= 2 ? '' : ' when the pattern matches more than one file'}: write \`./\``,
          aliases: peers,
          severity: 'info',
        });
        continue;
      }
      context.report({
        range: destinationWord.range,
        message:
          sources.length >= 2
            ? `\`${keyword}\` of ${what} needs a directory as destination, and \`${written}\` does not end in \`/\`: write \`${written}/\``
            : `\`${keyword}\` of ${what} to \`${written}\`, which does not end in \`/\`: if the pattern ever matches two files, the classic builder fails and BuildKit keeps only the last one; name the file, or write \`${written}/\` for a directory`,
        aliases: peers,
        severity: sources.length >= 2 ? undefined : 'info',
      });
    }
  },
});

/** Sources and destination: the JSON array's strings, or the words after the flags (heredoc bodies left out). */
function pathWords(instruction: Instruction): Word[] {
  if (instruction.execForm) return [...instruction.execForm];
  const heredoc = instruction.heredocs[0];
  // The model also lists the words of heredoc bodies as arguments: keep those of the instruction's own lines.
  return heredoc ? instruction.args.filter((w) => w.range.start.line <= heredoc.markerRange.start.line) : [...instruction.args];
}

function isWildcard(source: string): boolean {
  if (source.startsWith('<<') || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@')) return false;
  return /[*?[]/.test(source);
}
