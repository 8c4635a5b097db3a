import { defineRule } from '../src/engine/rule.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';
import { packageSpecs } from '../src/model/package-spec.js';
import { packageInstalls } from '../src/model/packages.js';
import { contains } from '../src/model/position.js';
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
    fixable: false,
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
        const named = packageSpecs(install)
          .filter((spec) => spec.word.literal)
          .map((spec) => ({ word: spec.word, name: spec.name.toLowerCase() }));
        for (let i = 1; i < named.length; i++) {
          if (!outOfOrder(named[i - 1].name, named[i].name)) continue;
          const after = named.find((p) => outOfOrder(p.name, named[i].name))!;
          context.report({
            range: named[i].word.range,
            message: `\`${named[i].word.value}\` is out of alphabetical order: move it before \`${after.word.value}\` (sorted lists are easier to scan and to merge)`,
          });
          break;
        }
        if (packages.length <= limit) continue;
        const crowded = packages.findIndex((w, i) => i > 0 && w.range.start.line === packages[i - 1].range.end.line);
        if (crowded > 0) {
          context.report({
            range: packages[crowded].range,
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
