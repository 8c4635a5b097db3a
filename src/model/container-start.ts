/**
 * What a container of the image runs when it starts: the ENTRYPOINT and CMD the final image keeps (as BuildKit
 * carries them from stage to stage), their commands, and the commands of a start script they run when the
 * Dockerfile shows its text: written by a `COPY <<EOF` heredoc or by a RUN (`cat <<EOF > /start.sh`,
 * `echo '...' > /start.sh`), or copied from the build context (read only when small).
 */
import { posix } from 'node:path';
import type { BuildContext } from './context.js';
import type { DockerfileModel, Instruction, Stage } from './dockerfile.js';
import type { Position } from './position.js';
import { presenceAt } from './presence.js';
import type { ShellCommand, ShellScript, ShellWord } from './shell.js';
import { parseShellScript } from './shell-parser.js';
import { MappedText } from './source-map.js';
import { stageLineage } from './stages.js';

/** The instructions a container of the image built from `stage` starts with. */
export interface ImageStart {
  readonly entrypoint: Instruction | undefined;
  readonly cmd: Instruction | undefined;
}

/**
 * The ENTRYPOINT and CMD in force at the end of `stage`. An ENTRYPOINT drops a CMD set in an earlier stage (BuildKit
 * keeps only a CMD written in the same stage before it); an empty exec form (`CMD []`) clears the instruction.
 */
export function imageStart(stage: Stage): ImageStart {
  let entrypoint: Instruction | undefined;
  let cmd: Instruction | undefined;
  for (const s of stageLineage(stage)) {
    let cmdInStage = false;
    for (const instruction of s.instructions) {
      if (instruction.keyword === 'CMD') {
        cmd = instruction.execForm?.length === 0 ? undefined : instruction;
        cmdInStage = true;
      } else if (instruction.keyword === 'ENTRYPOINT') {
        entrypoint = instruction.execForm?.length === 0 ? undefined : instruction;
        if (!cmdInStage) cmd = undefined;
      }
    }
  }
  return { entrypoint, cmd };
}

/** A start script the Dockerfile shows the text of. */
export interface StartScript {
  /** Its path in the image. */
  readonly path: string;
  /** The word of the CMD or ENTRYPOINT that names it. */
  readonly word: ShellWord;
  /** The instruction that puts it in the image: a `COPY` (heredoc or build-context file) or a `RUN`. */
  readonly writtenBy: Instruction;
  /** The file of the build context it is copied from; its commands' ranges are lines of that file, not of the Dockerfile. */
  readonly contextPath: string | undefined;
  /** True when its commands' ranges are where they are written in the Dockerfile (a heredoc); false for a context file or an `echo`. */
  readonly inDockerfile: boolean;
}

/** A command a container runs when it starts. */
export interface StartCommand {
  readonly command: ShellCommand;
  /**
   * The words it receives: its own arguments, and after those of an exec-form ENTRYPOINT's program the words of an
   * exec-form CMD (`ENTRYPOINT ["python"]` + `CMD ["manage.py", "runserver"]`).
   */
  readonly args: readonly ShellWord[];
  /** The CMD or ENTRYPOINT that starts it, itself or through `script`. */
  readonly instruction: Instruction;
  /** The start script it is written in, when it is not in the instruction itself. */
  readonly script: StartScript | undefined;
}

/** Start scripts larger than this are not read: a start script is a few lines. */
const MAX_SCRIPT_BYTES = 16 * 1024;
/** Scripts looked up per CMD or ENTRYPOINT. */
const MAX_SCRIPT_LOOKUPS = 8;
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
/** A `#!` line naming a POSIX shell (`#!/bin/sh`, `#!/usr/bin/env bash`); a script with another interpreter is not read. */
const SHELL_SHEBANG = /^#!\s*\S*?\/(?:env\s+(?:-\S+\s+)*)?(?:sh|bash|dash|ash|zsh|ksh)\b/;

/**
 * The commands a container of the final image runs when it starts: those of its ENTRYPOINT (with the CMD words an
 * exec-form one receives), those of its CMD (on their own too, since an exec-form ENTRYPOINT script usually ends in
 * `exec "$@"`), and those of the start scripts they run whose text the Dockerfile shows. `context` lets a script
 * copied from the build context be read.
 */
export function finalStartCommands(file: DockerfileModel, context: BuildContext | undefined): StartCommand[] {
  const last = file.stages.at(-1);
  if (!last) return [];
  const { entrypoint, cmd } = imageStart(last);
  const result: StartCommand[] = [];
  const cmdWords: ShellWord[] = (cmd?.execForm ?? []).map((w) => ({ text: w.value, value: w.value, literal: true, range: w.range }));
  if (entrypoint) {
    const extra = entrypoint.execForm && cmd?.execForm ? cmdWords : [];
    result.push(...commandsOf(entrypoint, extra, context));
  }
  // A shell-form ENTRYPOINT ignores CMD.
  if (cmd && (!entrypoint || entrypoint.execForm)) result.push(...commandsOf(cmd, [], context));
  return result;
}

function commandsOf(instruction: Instruction, extra: readonly ShellWord[], context: BuildContext | undefined): StartCommand[] {
  const script = instruction.script;
  if (!script) return [];
  const result: StartCommand[] = [];
  const firstTop = script.commands.find((c) => c.nesting === 'top');
  let lookups = 0;
  for (const command of script.commands) {
    const args = command === firstTop && extra.length > 0 ? [...command.args, ...extra] : command.args;
    result.push({ command, args, instruction, script: undefined });
    if (command.nesting === 'substitution' || command.nesting === 'process-substitution') continue;
    const named = scriptWord(command, args);
    // Each lookup walks the image's instructions: a start line runs a script or two, not thousands.
    if (!named || ++lookups > MAX_SCRIPT_LOOKUPS) continue;
    const found = startScript(instruction, named, context);
    if (!found) continue;
    for (const inner of found.script.commands) result.push({ command: inner, args: inner.args, instruction, script: found.start });
  }
  return result;
}

/** The word naming the script a command runs: `./start.sh`, `/entrypoint.sh`, `sh start.sh`, `bash -e /run.sh`, `. start.sh`. */
function scriptWord(command: ShellCommand, args: readonly ShellWord[]): ShellWord | undefined {
  if (SHELLS.has(command.name)) {
    // `sh -c '...'` is parsed by the shell model already; `sh -e x.sh` runs the file.
    if (args.some((w) => /^-[a-z]*c[a-z]*$/.test(w.value))) return undefined;
    const file = args.find((w) => !w.value.startsWith('-'));
    return file && file.literal ? file : undefined;
  }
  // `. entrypoint.sh`, `source /start.sh`: the current shell runs the file.
  if (command.name === '.' || command.name === 'source') return args[0]?.literal ? args[0] : undefined;
  const word = command.nameWord;
  if (!word.literal) return undefined;
  return /\.sh$/.test(word.value) || /^\.{0,2}\//.test(word.value) ? word : undefined;
}

/** The start script named by `word` with its commands parsed, when the Dockerfile shows its text. */
function startScript(instruction: Instruction, word: ShellWord, context: BuildContext | undefined): { start: StartScript; script: ShellScript } | undefined {
  const presence = presenceAt(instruction, word.value);
  if (presence.kind === 'copied') {
    for (const origin of presence.origins) {
      if (origin.mount || origin.from !== undefined) continue;
      const start = (contextPath: string | undefined, inDockerfile: boolean): StartScript => ({ path: presence.path, word, writtenBy: origin.instruction, contextPath, inDockerfile });
      if (origin.source === undefined) {
        const heredocs = origin.instruction.heredocs;
        const heredoc = heredocs.length === 1 ? heredocs[0] : heredocs.find((h) => h.name === posix.basename(presence.path));
        if (!heredoc?.bodyRange) return undefined;
        const script = parseScript(heredoc.body, heredoc.bodyRange.start);
        return script && { start: start(undefined, true), script };
      }
      const path = origin.contextPath;
      if (path === undefined || !context || !context.exists(path) || context.isDirectory(path)) continue;
      const size = context.sizeOf(path);
      const text = size !== undefined && size <= MAX_SCRIPT_BYTES ? context.readHead(path) : undefined;
      if (text === undefined) return undefined;
      const script = parseScript(text, { line: 1, column: 1 });
      return script && { start: start(path, false), script };
    }
    return undefined;
  }
  if (presence.kind === 'created') {
    const command = presence.command;
    const writes = (r: ShellCommand['redirects'][number]) => /^>>?$|^>\|$/.test(r.operator);
    if (!command.redirects.some(writes)) return undefined;
    const start: StartScript = { path: presence.path, word, writtenBy: presence.by, contextPath: undefined, inDockerfile: false };
    if (command.heredocs.length === 1) {
      const heredoc = command.heredocs[0];
      const script = parseScript(heredoc.body, heredoc.range.start);
      return script && { start: { ...start, inDockerfile: true }, script };
    }
    if (command.name === 'echo' || command.name === 'printf') {
      // `echo 'flask run' > /start.sh`, `printf '#!/bin/sh\nexec flask run\n'`: the escapes make the positions inexact.
      const words = command.args.filter((w) => !/^-[neE]+$/.test(w.value)).map((w) => w.value);
      const text = words.join(' ').replace(/\\n/g, '\n');
      const script = parseScript(text, command.range.start);
      return script && { start, script };
    }
  }
  return undefined;
}

/** A start script's text parsed as shell, its first character at `origin`; undefined for a script with another interpreter. */
function parseScript(text: string, origin: Position): ShellScript | undefined {
  if (text.length > MAX_SCRIPT_BYTES) return undefined;
  if (text.startsWith('#!') && !SHELL_SHEBANG.test(text)) return undefined;
  const source = new MappedText();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    source.append(line.replace(/\r$/, ''), i === 0 ? origin : { line: origin.line + i, column: 1 });
    if (i < lines.length - 1) source.append('\n', undefined);
  });
  return parseShellScript(source, ['/bin/sh', '-c']);
}
