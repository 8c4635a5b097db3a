import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { Word } from '../src/model/dockerfile.js';

/** Kernel file systems that the container runtime mounts over the image's directory. */
const MOUNTED_AT_RUN_TIME = ['/proc', '/sys', '/dev'];
/** Directories of a booting host, which a container never uses. */
const HOST_BOOT_DIRS = ['/boot', '/initrd', '/lost+found'];

export default defineRule({
  meta: {
    id: 'workdir-system-dir',
    aliases: ['DS-0030'],
    severity: 'warning',
    category: 'correctness',
    summary: '`WORKDIR` inside a system directory such as `/proc`, `/dev` or `/boot`',
    fixable: false,
    docs: {
      rationale: `\`/proc\`, \`/sys\` and \`/dev\` are kernel file systems that the container runtime mounts when the container
starts: whatever a build writes below them is hidden at run time, and creating a directory in \`/proc\` fails outright.
\`/boot\`, \`/initrd\` and \`/lost+found\` belong to a booting host; a container never uses them, and an application
put there surprises everyone who looks for it. Give the application a directory of its own, such as \`/app\` or
\`/srv/app\`.`,
      bad: `FROM debian:12-slim\nWORKDIR /dev/app\nCOPY . .`,
      good: `FROM debian:12-slim\nWORKDIR /app\nCOPY . .`,
      notes: `The directory itself and everything below it are reported. Variables are resolved with the \`ARG\` and \`ENV\`
values in scope, and a relative \`WORKDIR\` is resolved against an earlier absolute one of the same stage (or of the
stage it is built on), so \`WORKDIR /\` then \`WORKDIR proc\` is reported too.`,
      differences: `Trivy's DS-0030 matches the written path against \`/proc/\`, \`/boot/\`, \`/dev/\`, \`/initrd/\` and
\`/lost+found/\` with their trailing slash, so it misses \`WORKDIR /proc\` itself and paths that come from a variable or
a relative \`WORKDIR\`. \`/sys\` is reported here as well, without the DS-0030 alias.`,
    },
  },
  checkDockerfile(file, context) {
    /** The working directory each stage ends with, when every WORKDIR of it was known. */
    const endWorkdir = new Map<number, string | undefined>();
    for (const stage of file.stages) {
      let workdir = stage.parent ? endWorkdir.get(stage.parent.index) : undefined;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR' || !instruction.argument) continue;
        workdir = resolveWorkdir(instruction.argument, workdir);
        const system = workdir && systemDir(workdir);
        if (!workdir || !system) continue;
        const written = instruction.argument.value;
        const shown = written === workdir ? `\`${workdir}\`` : `\`${written}\` (\`${workdir}\`)`;
        context.report({
          range: instruction.args[0].range,
          message: `WORKDIR ${shown} is ${workdir.replace(/\/$/, '') === system ? '' : 'inside '}\`${system}\`, ${
            MOUNTED_AT_RUN_TIME.includes(system) ? 'which the container runtime mounts over the image' : "a directory of the host's boot process"
          }: use a directory of the application's own, such as \`/app\``,
          aliases: system === '/sys' ? [] : ['DS-0030'],
        });
      }
      endWorkdir.set(stage.index, workdir);
    }
  },
});

/** The absolute directory a WORKDIR leads to, or undefined when it depends on something unknown. */
function resolveWorkdir(argument: Word, current: string | undefined): string | undefined {
  const path = argument.expanded;
  if (path.includes('$') || /^[A-Za-z]:|^\\/.test(path)) return undefined;
  if (path.startsWith('/')) return posix.normalize(path);
  return current === undefined ? undefined : posix.join(current, path);
}

function systemDir(path: string): string | undefined {
  return [...MOUNTED_AT_RUN_TIME, ...HOST_BOOT_DIRS].find((dir) => path === dir || path.startsWith(`${dir}/`));
}
