import { defineRule } from '../src/engine/rule.js';
import { hasFlag, type ShellCommand, type ShellWord } from '../src/model/shell.js';
import { runOf } from '../src/model/stages.js';

/** useradd's short options that take a value (`-u 1000`, `-u1000`). */
const VALUE_OPTIONS = 'bcdefgGkKpPRsuZ';

/** Bytes per UID in /var/log/lastlog (glibc, 64-bit). */
const LASTLOG_RECORD = 292;

/** UIDs from this one on make lastlog and faillog grow past tens of megabytes. */
const HIGH_UID = 100000;

export default defineRule({
  meta: {
    id: 'useradd-high-uid',
    aliases: ['DL3046'],
    severity: 'warning',
    category: 'image-size',
    summary: '`useradd` with a high UID and without `-l` bloats the image',
    fixable: false,
    docs: {
      rationale: `\`useradd\` records every new user in \`/var/log/lastlog\` and \`/var/log/faillog\`, files indexed by UID:
for UID 1000000 lastlog is written as a 292 MB file. On disk it is sparse, but image layers store files whole, so the
layer grows by hundreds of megabytes of zeros (and the build may fail for lack of space). \`-l\`
(\`--no-log-init\`) leaves the user out of those logs, which a container has no use for.`,
      bad: `FROM debian:12-slim\nRUN useradd -u 1000000 -m app`,
      good: `FROM debian:12-slim\nRUN useradd -l -u 1000000 -m app`,
      notes: `Reported at the UID value of a \`useradd\` in a \`RUN\` or \`ONBUILD RUN\`, when it has 6 digits or more (as in
hadolint) and neither \`-l\` nor \`--no-log-init\` is given. The UID may be written \`-u N\`, \`-uN\`, \`--uid N\` or
\`--uid=N\`. A UID from a variable is resolved with the \`ARG\`/\`ENV\` values in scope; one that cannot be resolved
(\`ARG UID\` without a default, \`$(id -u)\`) is reported, since build machines with directory-service accounts often
have UIDs in the millions.`,
      differences: `hadolint's DL3046 reads the UID only after a separate \`-u\` (\`--uid N\`, \`--uid=N\`, \`-uN\` and
\`-muN\` are never reported) and does not resolve variables: any UID from a variable counts as long, even
\`ARG UID=1000\`; here the value in scope is used. It does not see \`useradd\` behind \`sudo\` or inside
\`sh -c '...'\` strings, and reports at the \`RUN\`'s first line.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const run = runOf(instruction);
      if (!run) continue;
      for (const command of run.script?.commands ?? []) {
        if (command.name !== 'useradd' || hasFlag(command, '-l', '--no-log-init')) continue;
        const uid = uidOf(command);
        if (!uid) continue;
        const value = run.expand(uid.value);
        const resolved = /^\d+$/.test(value);
        if (resolved && Number(value) < HIGH_UID) continue;
        context.report({
          range: uid.word.range,
          message: resolved
            ? `UID ${value} without \`-l\`: \`useradd\` writes a ${Math.round((Number(value) * LASTLOG_RECORD) / 1e6)} MB /var/log/lastlog into the layer; add \`-l\` (\`--no-log-init\`)`
            : `UID \`${uid.value}\` may be large, and without \`-l\` \`useradd\` then writes a /var/log/lastlog of 292 bytes per UID into the layer: add \`-l\` (\`--no-log-init\`)`,
        });
      }
    }
  },
});

/** The UID as written, and the word that holds it: the value after `-u`/`--uid`, or the option word when attached. */
export function uidOf(command: ShellCommand): { word: ShellWord; value: string } | undefined {
  const args = command.args;
  const next = (i: number) => (args[i + 1] ? { word: args[i + 1], value: args[i + 1].value } : undefined);
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') return undefined;
    if (value === '--uid') return next(i);
    if (value.startsWith('--uid=')) return { word: args[i], value: value.slice('--uid='.length) };
    if (value.startsWith('--') || !value.startsWith('-')) continue;
    // A cluster of short options: the first one that takes a value takes the rest of the word, or the next word.
    for (let k = 1; k < value.length; k++) {
      if (!VALUE_OPTIONS.includes(value[k])) continue;
      if (value[k] === 'u') return k === value.length - 1 ? next(i) : { word: args[i], value: value.slice(k + 1) };
      if (k === value.length - 1) i++;
      break;
    }
  }
  return undefined;
}
