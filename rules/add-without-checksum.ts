import { defineRule } from '../src/engine/rule.js';
import { addSources } from '../src/model/copies.js';

const HTTP = /^https?:\/\//i;
/** What BuildKit fetches with Git: `git@host:repo`, `git://`, `ssh://`, and http(s) URLs of a `.git` repository. */
const GIT = /^(git@|git:\/\/|ssh:\/\/)|^https?:\/\/[^#?]+\.git(\/?)([#?]|$)/i;
const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

export default defineRule({
  meta: {
    id: 'add-without-checksum',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: '`ADD` of a URL without `--checksum`, or of a Git repository without a pinned commit',
    fixable: false,
    docs: {
      rationale: `\`ADD https://…\` puts into the image whatever the server sends at build time. If the file is replaced,
whether by a new release under the same URL or by someone who took over the server, the build goes on with it and
nothing tells the difference. \`--checksum=sha256:…\` makes BuildKit verify the download and fail the build when it
changed. A Git source without a pinned commit fetches whatever the branch or tag points at on the day of the build;
name the commit.`,
      bad: `# syntax=docker/dockerfile:1\nFROM alpine:3.20\nADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini\nADD https://github.com/example/tools.git /opt/tools`,
      good: `# syntax=docker/dockerfile:1\nFROM alpine:3.20\nADD --checksum=sha256:c5b0666b4cb676901f90dfcb37106783c5fe2077b04590973b885950611b30ee https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini\nADD https://github.com/example/tools.git#4c6e3b9b3f1d2a7e8c9d0f1a2b3c4d5e6f7a8b9c /opt/tools`,
      notes: `Reported at the URL. An http(s) source is pinned by \`ADD --checksum=<algorithm>:<hex>\` (Dockerfile syntax
1.6 and later). A Git source (\`git@…\`, \`git://\`, \`ssh://\`, \`https://….git\`) is pinned by a full commit hash as its
ref (\`#<commit>\`, \`#<commit>:<dir>\`, \`?ref=<commit>\`), by a \`checksum=\` query option or by \`--checksum\`; a branch
or tag name is not a pin, as it can be moved. A source written with a variable is checked with its \`ARG\`/\`ENV\` value
and left alone when the value is unknown.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const hasChecksum = instruction.flag('checksum') !== undefined;
      for (const source of addSources(instruction)) {
        const written = source.unquoted;
        const url = source.expanded;
        if (url.startsWith('$')) continue;
        if (GIT.test(url)) {
          const problem = gitProblem(url, hasChecksum);
          if (problem) context.report({ range: source.range, message: `\`ADD ${written}\` ${problem}` });
        } else if (HTTP.test(url) && !hasChecksum) {
          context.report({
            range: source.range,
            message: `\`ADD ${written}\` downloads without \`--checksum\`, so a changed or tampered file goes unnoticed: add \`--checksum=sha256:<digest of the file>\``,
          });
        }
      }
    }
  },
});

/** Why a Git source is not pinned to a commit, or undefined when it is. */
function gitProblem(url: string, hasChecksum: boolean): string | undefined {
  if (hasChecksum) return undefined;
  const hash = url.indexOf('#');
  const query = url.indexOf('?');
  const options = query >= 0 ? new URLSearchParams(url.slice(query + 1, hash > query ? hash : undefined)) : undefined;
  if (options?.has('checksum')) return undefined;
  const ref = hash >= 0 ? url.slice(hash + 1).split(':')[0] : (options?.get('ref') ?? options?.get('tag') ?? options?.get('branch') ?? undefined);
  if (ref === undefined || ref === '') {
    return 'fetches whatever the default branch holds at build time: pin a commit, e.g. `#<commit hash>`';
  }
  if (COMMIT.test(ref)) return undefined;
  return `fetches \`${ref}\`, a branch or tag that can be moved: pin the commit it points at (\`#<commit hash>\`, or \`--checksum=<commit hash>\`)`;
}

