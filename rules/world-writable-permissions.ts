import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import type { Range } from '../src/model/position.js';
import type { ShellCommand, ShellWord } from '../src/model/shell.js';

export default defineRule({
  meta: {
    id: 'world-writable-permissions',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: 'Files or directories made writable by every user (`chmod 777`, `o+w`, `--chmod=777`)',
    fixable: false,
    docs: {
      rationale: `A file that every user may write can be changed by any process of the container, whatever user it runs as:
a compromised low-privilege service can then rewrite the application's code, its configuration, or a script that root
runs later, and so take over the container. \`chmod 777\` is usually a shortcut around a permission error; the fix is to
give the directory to the user that needs it (\`COPY --chown=app\`, \`chown app\`) with \`755\`/\`644\`, or \`775\` for a
group that needs to write.`,
      bad: `FROM python:3.12-slim\nRUN useradd --create-home app\nCOPY --chmod=777 . /app\nRUN chmod -R 777 /app/data`,
      good: `FROM python:3.12-slim\nRUN useradd --create-home app\nCOPY --chown=app:app . /app\nRUN chmod -R 755 /app/data`,
      notes: `Reported at the mode: of \`chmod\`, \`mkdir -m\` and \`install -m\` in a \`RUN\` or \`ONBUILD RUN\` (wherever the
command sits), and of \`COPY --chmod\`/\`ADD --chmod\`. A mode is world-writable when it is octal with the write bit for
others (\`777\`, \`666\`, \`0757\`), or symbolic and adds or sets \`w\` for \`o\` or \`a\` (\`a+w\`, \`o+rwx\`,
\`a=rwx\`, \`u+x,o+w\`); \`+w\` without a "who" is not, because the umask keeps it from others. Modes from \`ARG\`/\`ENV\`
variables are resolved. Modes with the sticky bit (\`1777\`, \`a+rwxt\`) are not reported: that is how shared scratch
directories such as \`/tmp\` are made, where users cannot delete each other's files.

Images that must run under an arbitrary UID (OpenShift, \`docker run --user\`) often use \`777\` to stay writable; the
usual way is to give the directory to group 0, which such users belong to, and make it group-writable:
\`chgrp -R 0 /app/data && chmod -R g=u /app/data\`.`,
    },
  },
  checkDockerfile(file, context) {
    for (const outer of file.instructions) {
      const instruction = outer.keyword === 'ONBUILD' ? outer.trigger : outer;
      if (!instruction) continue;
      if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
        const flag = instruction.flag('chmod');
        const value = flag?.value === undefined ? undefined : instruction.expand(flag.value);
        if (flag && value !== undefined && isWorldWritable(value)) {
          const what = value === flag.value ? `\`--chmod=${value}\`` : `\`--chmod=${flag.value}\` (\`${value}\`)`;
          report(flag.valueRange ?? flag.range, what, 'the copied files');
        }
      }
      if (instruction.keyword !== 'RUN') continue;
      for (const command of instruction.script?.commands ?? []) {
        const mode = modeWord(command);
        const value = mode && modeValue(instruction, mode);
        if (!mode || !value || !isWorldWritable(value)) continue;
        const written = command.name === 'chmod' || mode.value.startsWith('-') ? `${command.name} ${mode.text}` : `${command.name} -m ${mode.text}`;
        const what = mode.value.includes('$') ? `\`${written}\` (\`${value}\`)` : `\`${written}\``;
        report(mode.range, what, command.name === 'chmod' ? 'these files' : 'what it creates');
      }
    }

    function report(range: Range, what: string, target: string) {
      context.report({
        range,
        message: `${what} lets every user of the container write to ${target}: give them to the user that needs them (\`chown\`, \`--chown\`) and use \`755\`/\`644\`, or \`1777\` for a shared scratch directory`,
      });
    }
  },
});

/** The mode operand of `chmod MODE`, `mkdir -m MODE`, `install -m MODE`. */
function modeWord(command: ShellCommand): ShellWord | undefined {
  const args = command.args;
  if (command.name === 'chmod') {
    // The first word that is not an option; a mode never starts with `-` when it adds a permission.
    for (let i = 0; i < args.length; i++) {
      const value = args[i].value;
      if (value === '--reference' || value.startsWith('--reference=')) return undefined;
      const mode = value === '--' ? i + 1 : value.startsWith('-') ? -1 : i;
      // The mode is followed by the files; `chmod 777` alone changes nothing.
      if (mode >= 0) return mode + 1 < args.length ? args[mode] : undefined;
    }
    return undefined;
  }
  if (command.name === 'mkdir' || command.name === 'install') {
    for (let i = 0; i < args.length; i++) {
      const value = args[i].value;
      if (value === '--') return undefined;
      if (value === '-m' || value === '--mode') return args[i + 1];
      if (value.startsWith('--mode=') || (value.startsWith('-m') && value.length > 2)) return args[i];
    }
  }
  return undefined;
}

/** The mode the word gives, without an attached option (`-m777`, `--mode=777`), variables resolved. */
function modeValue(instruction: Instruction, word: ShellWord): string {
  const value = word.value.startsWith('--mode=') ? word.value.slice(7) : word.value.startsWith('-m') ? word.value.slice(2) : word.value;
  return instruction.expand(value);
}

/** Octal with the write bit for others and no sticky bit, or symbolic adding `w` for `o`/`a` and no `t`. */
function isWorldWritable(mode: string): boolean {
  if (/^[0-7]{1,5}$/.test(mode)) {
    const bits = parseInt(mode, 8);
    return (bits & 0o002) !== 0 && (bits & 0o1000) === 0;
  }
  // Symbolic: clauses `who op perms [op perms]...`, e.g. `u+x,o+w`, `a=rwx`, `go-w`.
  let writable = false;
  for (const clause of mode.split(',')) {
    const match = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!match) return false;
    const forOthers = match[1].includes('o') || match[1].includes('a');
    for (const [, op, perms] of match[2].matchAll(/([-+=])([rwxXst]*)/g)) {
      if (op === '-') continue;
      if (perms.includes('t')) return false;
      if (forOthers && perms.includes('w')) writable = true;
    }
  }
  return writable;
}
