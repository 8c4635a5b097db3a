import { defineRule } from '../src/engine/rule.js';
import type { Instruction, Word } from '../src/model/dockerfile.js';
import { extractsArchive } from '../src/model/archives.js';
import { operands } from '../src/model/shell.js';

/** Tar archives, plain or compressed the ways ADD can unpack them. */
const TARBALL = /\.(tar|tar\.(gz|bz2|xz|lzma|Z)|tgz|tbz|tbz2|tb2|txz|tlz|tpz|tZ)$/i;

interface CopiedArchive {
  /** The name the archive has in the image. */
  readonly basename: string;
  /** The COPY source to report at. */
  readonly source: Word;
}

export default defineRule({
  meta: {
    id: 'copy-archive-then-extract',
    aliases: ['DL3010'],
    severity: 'info',
    category: 'image-size',
    summary: 'A local tar archive copied with `COPY` and unpacked by a later `RUN`',
    fixable: false,
    docs: {
      rationale: `\`COPY app.tar.gz /tmp/\` followed by \`RUN tar -xzf /tmp/app.tar.gz\` keeps the archive in the image: the
\`COPY\` layer holds it for good, even when the \`RUN\` deletes it afterwards, so the image carries the files twice.
\`ADD app.tar.gz /opt/app/\` unpacks a local tar archive in one step and one layer. When the unpacking needs options
\`ADD\` does not have (\`--strip-components\`), mount the archive instead of copying it:
\`RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt/app\`.`,
      bad: `FROM debian:12-slim\nCOPY dist/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz`,
      good: `FROM debian:12-slim\nADD dist/app.tar.gz /opt/`,
      notes: `Reported at the \`COPY\` source. The archive is followed by its file name (or by the destination's name when
the destination itself names a tar archive) through the later \`RUN\`s of the same stage: \`tar\` with \`-x\`,
\`--extract\` or \`--get\` (also the old \`tar xzf\` form, and \`--file=\`), or one of \`gunzip\`, \`bunzip2\`, \`unxz\`, \`unlzma\`,
\`uncompress\`, \`zcat\`, \`gzcat\`, \`zgz\`, \`unzip\` given that file, anywhere in the \`RUN\` (after \`&&\`, in
\`sh -c\`, in a heredoc). \`COPY --from\` is not looked at: the archive is not in the context.`,
      differences: `hadolint's DL3010 also reports compressed files that are not tar archives (\`data.csv.gz\` then
\`gunzip\`), which \`ADD\` would copy without unpacking; here only tar archives (\`.tar\`, \`.tar.gz\`, \`.tgz\`,
\`.tar.bz2\`, \`.tar.xz\`…) are followed. hadolint does not see the old \`tar xzf\` form without a dash.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      const archives: CopiedArchive[] = [];
      const reported = new Set<CopiedArchive>();
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'COPY' && !instruction.flag('from')) archives.push(...copiedArchives(instruction));
        if (instruction.keyword !== 'RUN' || archives.length === 0 || !instruction.script) continue;
        for (const command of instruction.script.commands) {
          if (!extractsArchive(command)) continue;
          const files = [...operands(command).map((w) => w.value), ...command.args.filter((w) => w.value.startsWith('--file=')).map((w) => w.value.slice('--file='.length))];
          const names = new Set(files.map((f) => basename(instruction.expand(f))));
          for (const archive of archives) {
            if (reported.has(archive) || !names.has(archive.basename)) continue;
            reported.add(archive);
            context.report({
              range: archive.source.range,
              message: `\`${archive.basename}\` is copied here and unpacked by the RUN on line ${instruction.line}, so the image keeps the archive too: \`ADD\` it to unpack in one layer, or bind-mount it in the RUN`,
            });
          }
        }
      }
    }
  },
});

/** The tar archives a COPY brings in: its sources, or the destination when that names an archive. */
function copiedArchives(copy: Instruction): CopiedArchive[] {
  const words = copy.execForm ?? copy.args;
  if (words.length < 2) return [];
  const sources = words.slice(0, -1).filter((w) => !w.value.startsWith('<<'));
  const destination = basename(words[words.length - 1].expanded);
  if (TARBALL.test(destination) && sources.length > 0) return [{ basename: destination, source: sources[0] }];
  return sources
    .map((source) => ({ basename: basename(source.expanded), source }))
    .filter((a) => TARBALL.test(a.basename));
}

function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}
