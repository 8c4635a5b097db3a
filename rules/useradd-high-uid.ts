import { defineRule } from '../src/engine/rule.js';
import { runOf } from '../src/model/stages.js';
import { loggedUid, uidMayBeHigh } from '../src/model/useradd.js';

/** Bytes per UID in /var/log/lastlog (glibc, 64-bit). */
const LASTLOG_RECORD = 292;


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
        const uid = loggedUid(command);
        if (!uid) continue;
        const value = run.expand(uid.value);
        if (!uidMayBeHigh(value)) continue;
        const resolved = /^\d+$/.test(value);
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
