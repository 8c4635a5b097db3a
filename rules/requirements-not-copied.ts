import { posix } from 'node:path';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import type { DockerfileModel, Instruction, Stage } from '../src/model/dockerfile.js';
import { installFileArguments } from '../src/model/packages.js';
import { presenceAt, stagesCopying, type Presence } from '../src/model/presence.js';
import { expandWord, type ShellCommand, type ShellWord } from '../src/model/shell.js';
import { hasWindowsShell, underWindowsShell } from '../src/model/windows.js';

export default defineRule({
  meta: {
    id: 'requirements-not-copied',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    summary: 'An install reads a requirements or environment file that is not in the image at that point',
    fixable: false,
    docs: {
      rationale: `\`pip install -r requirements.txt\` reads the file inside the image being built, not on your machine. If no
\`COPY\`/\`ADD\` of the stage (or of the stages it is built on) put it there, no \`--mount=type=bind\` of the same \`RUN\`
shows it, and no earlier command wrote it, the build stops with "Could not open requirements file". The same holds for
\`-c\` constraints, \`uv pip install -r\`, \`uv pip sync\`, \`pip-sync\`, \`conda env create -f\` and \`micromamba install -f\`,
and for the \`-r\`/\`-c\` includes of a requirements file that was copied: \`requirements.txt\` saying \`-r base.txt\`
needs \`base.txt\` beside it in the image too. Copy the file before the install (copying it alone, before the rest of the
sources, also keeps the install cached), or bind-mount it for that one \`RUN\`.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .`,
      badFiles: { 'requirements.txt': 'flask==3.0.3\n' },
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .`,
      goodFiles: { 'requirements.txt': 'flask==3.0.3\n' },
      notes: `The path is resolved as the install sees it: against the \`WORKDIR\` and any \`cd\` earlier in the same \`RUN\`,
with \`ARG\`/\`ENV\` values and the script's own variables. It counts as present when:
- a \`COPY\`/\`ADD\` of the stage, or of a stage it is built on (\`FROM build\`), can have put it there (a copied file,
  a folder holding it, a wildcard matching its name, \`COPY --from\`, a heredoc); a copy in a stage the \`RUN\` is not
  built on does not count;
- a \`--mount=type=bind\` of the same \`RUN\` shows it;
- an earlier command writes it by name (\`pip freeze > requirements.txt\`, \`curl -o\`, \`wget -O\`, \`cp\`, \`tee\`).

The rule stays silent when the answer cannot be told: an earlier command writes files whose names are not known
(\`git clone\`, \`tar x\`, \`unzip\`, \`wget\` without \`-O\`, a script or build it runs, \`python -c\`), a \`COPY\`
has a source or destination with no known value, a cache mount covers the path, or the base image may hold the file.
Docker Official Images (\`python:3.12-slim\`) and the images of well-known publishers (\`nvidia/cuda\`,
\`continuumio/miniconda3\`, \`mambaorg/micromamba\`, \`pytorch/pytorch\`, \`mcr.microsoft.com/...\`,
\`ghcr.io/astral-sh/uv\`...) hold no project's files; any other base, such as a team's own \`registry/app-base\`, may
have been built with them, and so do the old \`-onbuild\` tags, which copy \`requirements.txt\` in an \`ONBUILD\`
trigger. Deletions are not followed. Paths given as URLs and files a tool reads without being told
(\`conda env create\` reading \`environment.yml\`) are not checked.

An include is judged in the image too: its path is relative to the including file there. The finding is at the file's
word in the \`RUN\`, and names the include's line when an include is missing.`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    for (const run of file.instructions) {
      if (run.keyword !== 'RUN' || underWindowsShell(run) || hasWindowsShell(run)) continue;
      for (const command of run.script?.commands ?? []) {
        for (const argument of installFileArguments(command)) {
          const path = readPath(argument.word, run);
          if (path === undefined) continue;
          const presence = presenceAt(run, path, { command, context: buildContext });
          if (presence.kind === 'absent') {
            const elsewhere = stagesCopying(run, presence.path, file.stages)[0];
            context.report({ range: argument.word.range, message: missingMessage(argument.word.value, path, presence.path, run, command, buildContext, elsewhere) });
          } else if (argument.format === 'requirements' || argument.format === 'constraints') {
            checkIncludes({ file, run, command, word: argument.word, buildContext, context }, presence, new Set());
          }
        }
      }
    }
  },
});

/** The path the install reads, its variables resolved; undefined when not known, a URL, stdin or a device. */
function readPath(word: ShellWord, run: Instruction): string | undefined {
  let value = word.value;
  if (!word.literal) {
    const values = expandWord(word, run.script, (text) => run.expand(text));
    if (values?.length !== 1) return undefined;
    value = values[0];
  }
  if (value === '' || value === '-' || /^[a-z][a-z0-9+.-]*:/i.test(value) || /^\/(dev|proc)\//.test(value)) return undefined;
  return value;
}

interface Asking {
  readonly file: DockerfileModel;
  readonly run: Instruction;
  readonly command: ShellCommand;
  readonly word: ShellWord;
  readonly buildContext: BuildContext;
  readonly context: RuleContext;
}

/** Reports the `-r`/`-c` includes of a requirements file that is in the image but whose includes are not, following chains. */
function checkIncludes(asking: Asking, presence: Presence, seen: Set<string>): void {
  if ((presence.kind !== 'copied' && presence.kind !== 'mounted') || seen.has(presence.path) || seen.size > 50) return;
  seen.add(presence.path);
  const { buildContext } = asking;
  const source = presence.origins.find((o) => o.contextPath !== undefined && buildContext.exists(o.contextPath))?.contextPath;
  const model = source === undefined ? undefined : asking.context.project.requirementsIn?.(asking.file, source);
  if (!model || source === undefined) return;
  for (const include of model.includes) {
    if (include.path.includes('$') || /^[a-z][a-z0-9+.-]*:/i.test(include.path)) continue;
    const inImage = posix.resolve(posix.dirname(presence.path), include.path);
    const included = presenceAt(asking.run, inImage, { command: asking.command, context: buildContext });
    if (included.kind === 'absent') {
      const option = include.kind === 'constraint' ? '-c' : '-r';
      const contextSource = posix.join(posix.dirname(source), include.path);
      asking.context.report({
        range: asking.word.range,
        message: `\`${source}\` line ${include.line} includes \`${option} ${include.path}\`, which is not in the image (\`${inImage}\`) when this RUN reads it: ${
          presence.kind === 'mounted' ? 'bind-mount the folder that holds both files' : `add \`COPY ${contextSource} ${inImage}\` before this RUN, or copy the folder that holds both files`
        }`,
        related: [{ path: model.path, range: include.range, message: `the include \`${option} ${include.path}\`` }],
      });
    } else checkIncludes(asking, included, seen);
  }
}

function missingMessage(written: string, path: string, inImage: string, run: Instruction, command: ShellCommand, context: BuildContext, elsewhere: Stage | undefined): string {
  const source = contextSuggestion(path, inImage, context);
  const relativeHere = !path.startsWith('/') && !path.includes('/') && posix.resolve(run.workdir, path) === inImage;
  const copy = `COPY ${source} ${relativeHere ? '.' : inImage}`;
  const shown = written === path ? `\`${path}\`` : `\`${written}\` (\`${path}\`)`;
  const hint = elsewhere ? ` (stage ${elsewhere.name ? `\`${elsewhere.name}\`` : elsewhere.index} copies it, but this stage is not built on it)` : '';
  return `${shown} is not in the image when \`${command.nameWord.value}\` reads it: nothing earlier in this stage or the stages it is built on copies, mounts or writes \`${inImage}\`${hint}; add \`${copy}\` before this RUN, or bind-mount it with \`--mount=type=bind,source=${source},target=${inImage}\``;
}

/** The context file to copy: the path as written, or the same name at the context's root, when the context has it; else the path as written. */
function contextSuggestion(path: string, inImage: string, context: BuildContext): string {
  const written = posix.normalize(path.replace(/^\/+/, ''));
  if (!path.startsWith('/') && context.exists(written)) return written;
  const name = posix.basename(inImage);
  if (context.exists(name)) return name;
  return path.startsWith('/') ? name : written;
}
