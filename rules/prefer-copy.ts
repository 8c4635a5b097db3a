import { defineRule, type Fix } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { looksLikeArchive } from '../src/model/archives.js';
import { textIn } from '../src/model/position.js';
import type { DockerfileModel } from '../src/model/dockerfile.js';
import { addSources } from '../src/model/copies.js';
import type { Instruction, Word } from '../src/model/dockerfile.js';

/** The names hadolint takes for archives that ADD may unpack (ADD itself looks at the content, not the name). */
const ARCHIVE = /\.(tar|Z|bz2|gz|lz|lzma|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz|xz)$/i;
const URL = /^https?:\/\//i;
/** Git sources, which only ADD can fetch: `git@host:repo`, `git://`, `ssh://`, `https://host/repo.git`. */
const GIT = /^(git@|git:\/\/|ssh:\/\/)/i;

export default defineRule({
  meta: {
    id: 'prefer-copy',
    aliases: ['DL3020', 'DS-0005', 'CKV_DOCKER_4'],
    severity: 'warning',
    category: 'maintainability',
    summary: '`ADD` of local files that are not archives: use `COPY`',
    fixable: true,
    fix: {
      safe: `The fix rewrites the keyword alone (\`ADD\` → \`COPY\`, \`add\` → \`copy\`), keeping the flags and the sources.
It is offered only when every source is a local file or folder whose name is not an archive's (or an inline heredoc
file), nothing is written with a variable, and the flags are ones \`COPY\` has with the same meaning (\`--chown\`,
\`--chmod\`, \`--link\`, \`--exclude\`): for those \`ADD\` copies exactly as \`COPY\` does. Not with \`--checksum\`,
\`--keep-git-dir\` or \`--unpack\`, nor with a URL, Git or archive source. \`ADD\` unpacks a file by its content, not its
name: a file of the build context that is a tar archive (compressed or not) under a plain name keeps \`ADD\` (no fix).
Files matched by a wildcard are not opened: a wildcard that matches such an archive is the one case where the image
would differ (\`COPY\` copies the archive).`,
    },
    docs: {
      rationale: `\`ADD\` does more than copy: it unpacks local tar archives and fetches URLs. Used for ordinary files it
reads as if one of those were meant, and it keeps the surprise: a file that happens to be a tar archive (a \`.tar.gz\`
dropped into the folder later) is unpacked instead of copied. \`COPY\` does exactly what it says. Keep \`ADD\` for
unpacking a local archive, for URLs (with \`--checksum\`) and for Git repositories.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nADD requirements.txt .\nADD src/ ./src/`,
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY src/ ./src/\nADD vendor/wheels.tar.gz /opt/wheels/`,
      notes: `Reported at the first local source that is not an archive, once per \`ADD\` (\`ADD a.txt b.txt /x/\` names
both in the message). Archives are recognised by name: \`.tar\`, \`.gz\`, \`.tgz\`, \`.bz2\`, \`.tbz2\`, \`.xz\`, \`.txz\`,
\`.lz\`, \`.lzma\`, \`.Z\` and the like, in any case; \`.zip\` is not one (\`ADD\` does not unpack it). \`http(s)://\` URLs and
Git sources (\`git@…\`, \`git://\`, \`ssh://\`, \`https://….git\`) are not local files. Inline heredoc sources
(\`ADD <<EOF /file\`) are local and reported at the marker. A source written with a variable is checked with its
\`ARG\`/\`ENV\` value and left alone when the value is unknown.`,
      differences: `hadolint's DL3020 also reports Git sources (\`git@…\`), which \`COPY\` cannot fetch, sources written
with a variable, which it does not resolve (\`ADD \${PKG_URL} /tmp/\` with \`ARG PKG_URL=https://…\` is a download; a
variable with no known value, a build argument without a default or an \`ENV\` of the base image, may hold a URL or an
archive name, so it is left alone here), and archives whose extension is not in lower case
(\`bundle.TGZ\`). Trivy's DS-0005 reports an \`ADD\` whose arguments contain none of
\`.tar\`, \`http://\`, \`https://\`, \`git@\` (so \`ADD app.tgz\` is reported there and \`ADD a.tar b.txt /\` is not).
Checkov's CKV_DOCKER_4 reports every \`ADD\`, archives and URLs included; our findings are a subset of its findings.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const local = localFiles(instruction);
      if (local.length === 0) continue;
      const names = local.map((s) => s.shown).join(', ');
      const fix = local.length === addSources(instruction).length ? keywordFix(file, instruction, context.project.contextOf(file)) : undefined;
      const what = local.length === 1 ? 'is a local source, not an archive to unpack' : 'are local sources, not archives to unpack';
      context.report({
        range: local[0].range,
        ...(fix ? { fix } : {}),
        message: `${names} ${what}: \`ADD\` only copies ${local.length === 1 ? 'it' : 'them'}, so use \`COPY\`, which says so`,
      });
    }
  },
});

/** The flags `COPY` takes with the meaning they have for `ADD`. */
const SHARED_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);

/** `ADD` → `COPY` in the keyword's case, when the keyword is written in one piece and every flag means the same to COPY. */
function keywordFix(file: DockerfileModel, add: Instruction, buildContext: BuildContext): Fix | undefined {
  if (textIn(file.lines, add.keywordRange) !== add.rawKeyword) return undefined;
  if (add.flags.some((f) => !SHARED_FLAGS.has(f.name))) return undefined;
  // A source written with a variable is judged by its value here; what the line says is left to its author.
  if (addSources(add).some((s) => s.value.includes('$'))) return undefined;
  // ADD unpacks a file by its content: one of the context that is an archive under a plain name keeps ADD.
  if (addSources(add).some((s) => isArchiveInContext(s.unquoted, buildContext))) return undefined;
  const copy = add.rawKeyword === add.rawKeyword.toLowerCase() ? 'copy' : 'COPY';
  return { applicability: 'safe', description: `write \`${copy}\``, edits: [{ range: add.keywordRange, text: copy }] };
}

function isArchiveInContext(source: string, buildContext: BuildContext): boolean {
  const path = source.replace(/^(\.?\/)+/, '');
  if (path === '' || source.startsWith('<<') || !buildContext.contains(path) || buildContext.isDirectory(path)) return false;
  const head = buildContext.readHead(path);
  return head !== undefined && looksLikeArchive(head);
}

/** The sources of an ADD that are local files or folders and not archives, as shown in a message. */
function localFiles(add: Instruction): { shown: string; range: Word['range'] }[] {
  const result: { shown: string; range: Word['range'] }[] = [];
  for (const source of addSources(add)) {
    if (source.value.startsWith('<<')) {
      result.push({ shown: `the inline file \`${source.value}\``, range: source.range });
      continue;
    }
    const written = source.unquoted;
    const value = source.expanded;
    if (value.includes('$') || URL.test(value) || GIT.test(value) || ARCHIVE.test(value)) continue;
    result.push({ shown: value === written ? `\`${written}\`` : `\`${written}\` (\`${value}\`)`, range: source.range });
  }
  return result;
}

