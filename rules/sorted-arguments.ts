import { defineRule, type Fix } from '../src/engine/rule.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';
import { packageSpecs } from '../src/model/package-spec.js';
import { packageInstalls, type PackageInstall } from '../src/model/packages.js';
import { contains, textIn } from '../src/model/position.js';
import { continuationIndent, inInstructionLines, onePerLine, writtenAsRead } from '../src/model/layout.js';
import type { ShellCommand, ShellWord } from '../src/model/shell.js';
import { runInstructions } from '../src/model/stages.js';

const DEFAULT_MAX_ON_ONE_LINE = 4;

export default defineRule({
  meta: {
    id: 'sorted-arguments',
    aliases: [],
    severity: 'info',
    category: 'maintainability',
    summary: 'Package list of an install command not sorted, or not one package per line',
    fixable: true,
    fix: {
      safe: `The fix sorts the package words (by name, without case, as the check compares them) and, when the command has
more than \`maxPackagesOnOneLine\` packages or its list already spans several lines, writes one package per line, each line
ended by the file's escape character and indented as the instruction's continuation lines. Each word is kept as written
(quotes, versions); options stay where they are. The tools install a list as a set: apt, apk, yum, dnf, pip, npm, gem,
conda and the others resolve all the packages named together, so their order does not change what is installed.
No fix when a package is given by a variable or a substitution (\`$PACKAGES\`, \`$(cat list)\`) or a word starts with
\`-\` (\`openssl - 1.1.1\`: a typo, the list is not what it seems), when anything other than
packages sits between the first and the last package (an option, a redirection, a comment line inside the
continuation), or when the list is in exec form or in a heredoc.`,
    },
    options: {
      maxPackagesOnOneLine: {
        type: 'number',
        default: DEFAULT_MAX_ON_ONE_LINE,
        description: 'A package list longer than this must put each package on its own line.',
      },
    },
    docs: {
      rationale: `A long package list that is sorted and has one package per line is easy to scan, shows a duplicate at a
glance, and changes as one-line diffs: adding \`jq\` is one added line in the right place, not an edit in the middle of
a line that also holds six other packages, and two branches that each add a package rarely conflict.`,
      bad: `FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends git curl ca-certificates jq unzip \\
 && rm -rf /var/lib/apt/lists/*`,
      good: `FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \\
        ca-certificates \\
        curl \\
        git \\
        jq \\
        unzip \\
 && rm -rf /var/lib/apt/lists/*`,
      notes: `Checks the packages of \`apt-get\`/\`apt\`/\`aptitude install\`, \`apk add\`, \`pip install\` (and \`python -m pip\`,
\`uv pip\`), \`npm\`/\`yarn\`/\`pnpm\` installs, \`gem install\`, \`yum\`/\`dnf\`/\`microdnf\`/\`zypper install\`,
\`conda\`/\`mamba\` \`install\`, and the other installers that dockerlint knows, wherever they run in a \`RUN\`.

Names are compared without case and without their version (\`curl=7.88.1\`, \`flask==3.0.3\`, \`@types/node@20\`). A pair
is out of order only when both common orders agree: byte order (\`sort\` in the C locale, where \`-\` and \`.\` come before
digits and letters) and dictionary order (punctuation ignored), so \`libssl-dev libssl3\` and \`libssl3 libssl-dev\` both
pass. Packages given by variables (\`$PACKAGES\`) are left out of the comparison, but count towards the limit below.

A command with more than \`maxPackagesOnOneLine\` packages (default ${DEFAULT_MAX_ON_ONE_LINE}) must give each its own
line; the first package that shares a line with the previous package is reported. The first package may stay on the
command's line. At most one finding per command for each of the two problems.`,
    },
  },

  checkDockerfile(file, context) {
    const limit = maxOnOneLine(context.options.maxPackagesOnOneLine);
    for (const instruction of runInstructions(file)) {
      for (const install of packageInstalls(instruction.script)) {
        const packages = install.packages;
        let fix: Fix | undefined | null = null;
        // Computed once per command: both findings carry the same rewrite.
        const fixOf = () => (fix === null ? (fix = sortFix(file, instruction, install, limit)) : fix);
        const named = packageSpecs(install)
          .filter((spec) => spec.word.literal)
          .map((spec) => ({ word: spec.word, name: spec.name.toLowerCase() }));
        for (let i = 1; i < named.length; i++) {
          if (!outOfOrder(named[i - 1].name, named[i].name)) continue;
          const after = named.find((p) => outOfOrder(p.name, named[i].name))!;
          const sorted = fixOf();
          context.report({
            range: named[i].word.range,
            ...(sorted ? { fix: sorted } : {}),
            message: `\`${named[i].word.value}\` is out of alphabetical order: move it before \`${after.word.value}\` (sorted lists are easier to scan and to merge)`,
          });
          break;
        }
        if (packages.length <= limit) continue;
        const crowded = packages.findIndex((w, i) => i > 0 && w.range.start.line === packages[i - 1].range.end.line);
        if (crowded > 0) {
          const sorted = fixOf();
          context.report({
            range: packages[crowded].range,
            ...(sorted ? { fix: sorted } : {}),
            message: `\`${packages[crowded].value}\` shares a line with \`${packages[crowded - 1].value}\`: with more than ${limit} packages, put each on its own line (end the lines with ${code(continuationChar(file, instruction, install.command, packages[crowded]))})`,
          });
        }
      }
    }
  },
});

function maxOnOneLine(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_MAX_ON_ONE_LINE;
}

/** Markdown code for one character; a backtick needs a double-backtick span. */
function code(char: string): string {
  return char === '`' ? '`` ` ``' : `\`${char}\``;
}

/** The character that continues a line where `word` is: the Dockerfile's escape character, or `\` inside a script. */
function continuationChar(file: DockerfileModel, instruction: Instruction, command: ShellCommand, word: ShellWord): string {
  const inHeredoc = instruction.heredocs.some((h) => h.bodyRange !== undefined && contains(h.bodyRange, word.range.start));
  return command.nesting === 'top' && !inHeredoc ? file.escapeChar : '\\';
}

/** True when `a` must not come before `b`: byte order and dictionary order (punctuation ignored) both say so. */
function outOfOrder(a: string, b: string): boolean {
  const letters = (s: string) => s.replace(/[^a-z0-9]/g, '');
  return a > b && letters(a) > letters(b);
}

/**
 * The install's packages sorted, on one line when they fit there and were there, else one per line; undefined when
 * the list cannot be rewritten for sure (see meta.fix).
 */
function sortFix(file: DockerfileModel, instruction: Instruction, install: PackageInstall, limit: number): Fix | undefined {
  const words = install.packages;
  if (words.length === 0 || !inInstructionLines(instruction, install.command)) return undefined;
  // A word like `-` (`openssl - 1.1.1`) is a typo, not a package: the list is not what it seems, leave it to a person.
  if (words.some((w) => !w.literal || !writtenAsRead(file, w) || w.value.startsWith('-'))) return undefined;
  const esc = file.escapeChar;
  // Only blanks and line continuations between the packages: nothing the rewrite would lose.
  for (let i = 1; i < words.length; i++) {
    const between = textIn(file.lines, { start: words[i - 1].range.end, end: words[i].range.start });
    const rest = between.split('\n').map((part, j, parts) => (j < parts.length - 1 && part.trimEnd().endsWith(esc) ? part.trimEnd().slice(0, -1) : part));
    if (rest.some((part) => part.trim() !== '') || (between.includes('\n') && !between.split('\n')[0].trimEnd().endsWith(esc))) return undefined;
  }
  const keys = packageSpecs(install).map((spec) => spec.name.toLowerCase());
  const order = words.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  const sorted = order.map((i) => words[i].text);
  const first = words[0].range.start;
  const last = words[words.length - 1].range.end;
  const range = { start: first, end: last };
  if (words.length <= limit && first.line === last.line) {
    return { applicability: 'safe', description: 'sort the packages', edits: [{ range, text: sorted.join(' ') }] };
  }
  const before = (file.lines[first.line - 1] ?? '').slice(0, first.column - 1);
  // A list that starts after other words goes on its own lines; one that starts a line keeps that line's indentation.
  const atLineStart = before.trim() === '';
  const indent = atLineStart ? before : continuationIndent(file, instruction);
  const list = onePerLine(file, instruction, sorted, indent);
  const text = atLineStart ? list : `${esc}\n${indent}${list}`;
  return { applicability: 'safe', description: 'sort the packages, one per line', edits: [{ range, text }] };
}
