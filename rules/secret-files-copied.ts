import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import type { DockerfileModel, Instruction, Stage, Word } from '../src/model/dockerfile.js';
import { parseDockerignore } from '../src/model/dockerignore.js';
import { secretDirectoryKind, secretFileKind } from '../src/model/secrets.js';

/** How many file names a message lists before it says "and N more". */
const LISTED = 3;

export default defineRule({
  meta: {
    id: 'secret-files-copied',
    aliases: [],
    severity: 'error',
    category: 'security',
    summary: 'Files that hold secrets (`.env`, private keys, credentials) copied into the image',
    fixable: false,
    docs: {
      rationale: `Whatever \`COPY\` or \`ADD\` puts in a layer stays in the image, even when a later \`RUN rm\` deletes it: anyone
who pulls the image can read a copied \`.env\`, SSH or TLS private key, \`.npmrc\` with a registry token or cloud
credentials file with \`docker save\` or \`docker history\`. A build that needs a secret should mount it into the one
\`RUN\` that uses it (\`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\`), which writes nothing to a layer;
a container that needs one at run time should get it from a volume, \`docker run -e\` or the orchestrator's secret
store. Files that are only in the build context by accident belong in \`.dockerignore\`, so that \`COPY . .\` cannot
pick them up.`,
      bad: `# build context: .env  app.py  deploy/id_rsa\nFROM python:3.12-slim\nWORKDIR /app\nCOPY .npmrc ./\nCOPY . .`,
      good: `# .dockerignore:\n#   .env\n#   **/id_rsa\nFROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nCOPY . .`,
      notes: `Reported two ways, at the source word of the \`COPY\`/\`ADD\`:
- a source that names such a file (\`COPY .env .\`, \`COPY id_rsa /root/.ssh/\`, \`COPY .aws /root/.aws\`), unless the
  \`.dockerignore\` excludes it (then \`copy-ignored-file\` reports that the copy finds nothing);
- a folder, wildcard or whole-context source (\`COPY . .\`, \`COPY config/ ...\`, \`COPY *.json ...\`) that carries such files,
  found by walking the build context and leaving out what \`.dockerignore\` and \`COPY --exclude\` exclude. The message
  names the files; add them to \`.dockerignore\`.

Secret files: \`.env\` and \`.env.*\` (not \`.env.example\`, \`.sample\`, \`.template\`, \`.dist\`, \`.defaults\`); SSH private keys
(\`id_rsa\`, \`id_ed25519\`, \`id_ecdsa\`, \`id_dsa\`, not \`.pub\`); \`.pem\`, \`.key\`, \`.crt\` files that hold a private key (read
from the file when the context has it; else by name: \`key.pem\`, \`privkey.pem\`, \`server.key\` are keys, \`cert.pem\`,
\`ca.pem\` and repository signing keys such as \`Release.key\` or \`*.gpg.key\` are not, nor is a key copied to a \`.pub\`,
\`.asc\` or \`.gpg\` name or a keyring folder, or imported by \`gpg --import\`, \`apt-key add\` or \`rpm --import\` in the same stage); \`.p12\`/\`.pfx\` bundles, Java key
stores (not trust stores), PuTTY keys; \`.npmrc\` and \`.pypirc\` that hold credentials (all of them when the file cannot be
read), \`.yarnrc.yml\` with an auth token, \`.netrc\`, \`.git-credentials\`, \`.pgpass\`, \`.vault-token\`; \`credentials.json\`,
\`*-credentials.json\`, \`client_secret*.json\`, \`service-account*.json\`, Firebase Admin SDK keys; \`.aws/credentials\`,
\`.docker/config.json\`, \`.kube/config\` and \`kubeconfig\`, the GitHub CLI's \`hosts.yml\`; and the folders \`.ssh\`, \`.aws\`,
\`.gnupg\`, \`.docker\`, \`.kube\` copied whole (by name when the context does not show their files; else by the files in them).

In a stage that the final image is not built on (a build stage whose output is copied with \`COPY --from\`), the file
does not reach the final image but stays in that stage's layers and the build cache: reported as a warning.`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    const final = finalChain(file);
    let secretFiles: readonly SecretFile[] | undefined;
    const contextSecrets = () => (secretFiles ??= findSecretFiles(buildContext, file));
    for (const stage of file.stages) {
      const inFinalImage = final.has(stage);
      for (const copy of stage.instructions) {
        for (const source of contextSources(copy)) {
          const report = (message: string) =>
            context.report({
              range: source.word.range,
              message: inFinalImage ? message : `${message} (stage \`${stage.name ?? stage.index}\` is not part of the final image, but its layers and the build cache keep the file)`,
              severity: inFinalImage ? undefined : 'warning',
            });
          // A folder such as `.ssh` counts by its name only when the context does not show what is in it.
          const folderShown = buildContext.files().some((f) => f.startsWith(`${source.path}/`));
          const named = source.glob
            ? undefined
            : secretFileKind(source.path, posix.join(buildContext.root, source.path)) ?? (folderShown ? undefined : secretDirectoryKind(source.path));
          if (named !== undefined && source.path !== '') {
            if (buildContext.isIgnored(source.path) || (named === 'private key' && usedAsPublicKey(copy, source, stage))) continue;
            report(`\`${copy.rawKeyword} ${source.text}\` puts ${withArticle(named)} into the image, where anyone who pulls it can read it: use \`RUN --mount=type=secret\` for what the build needs, and give the container its secrets at run time`);
            continue;
          }
          const carried = carriedFiles(contextSecrets(), source, copy);
          if (carried.length === 0) continue;
          const names = carried.slice(0, LISTED).map((f) => `\`${f.path}\` (${f.kind})`).join(', ');
          const more = carried.length > LISTED ? ` and ${carried.length - LISTED} more` : '';
          report(`\`${copy.rawKeyword} ${source.text}\` copies ${names}${more} into the image, where anyone who pulls it can read ${carried.length > 1 ? 'them' : 'it'}: add ${carried.length > 1 ? 'them' : 'it'} to \`.dockerignore\``);
        }
      }
    }
  },
});

interface SecretFile {
  readonly path: string;
  readonly kind: string;
}

/** Programs that import a public key to verify signatures. */
const KEY_IMPORTERS = new Set(['gpg', 'gpg2', 'apt-key', 'rpm', 'rpmkeys']);

/**
 * A `.key`/`.pem` named like a private key whose content we cannot read, but which the Dockerfile
 * treats as a public key: copied to a `.pub`/`.asc`/`.gpg` name or into a keyring folder, or
 * imported by `gpg --import`, `apt-key add` or `rpm --import` in the same stage.
 */
function usedAsPublicKey(copy: Instruction, source: Source, stage: Stage): boolean {
  const words = copy.execForm ?? copy.args;
  const destination = copy.expand(unquote(words[words.length - 1]?.value ?? ''));
  if (/(\.(pub|asc|gpg)$|keyring|trusted\.gpg|rpm-gpg)/i.test(destination)) return true;
  const names = new Set([posix.basename(source.path), posix.basename(destination)].filter((n) => n !== ''));
  return stage.instructions.some(
    (run) =>
      run.keyword === 'RUN' &&
      run.index > copy.index &&
      (run.script?.commands ?? []).some((c) => KEY_IMPORTERS.has(c.name) && c.args.some((w) => names.has(posix.basename(w.value)))),
  );
}

/** The context's files that hold secrets and that the build sees (not dockerignored), the Dockerfile aside. */
function findSecretFiles(context: BuildContext, file: DockerfileModel): SecretFile[] {
  const found: SecretFile[] = [];
  for (const path of context.files()) {
    if (posix.join(context.root, path) === file.path.split('\\').join('/')) continue;
    const kind = secretFileKind(path, posix.join(context.root, path));
    if (kind !== undefined && !context.isIgnored(path)) found.push({ path, kind });
  }
  return found;
}

/** The stages whose layers end up in the final image: the last stage and the stages it is built on. */
function finalChain(file: DockerfileModel): Set<Stage> {
  const chain = new Set<Stage>();
  for (let stage = file.stages.at(-1); stage && !chain.has(stage); stage = stage.parent) chain.add(stage);
  return chain;
}

// --- COPY sources (the same reading as copy-ignored-file and notebooks-in-image) ---

interface Source {
  readonly word: Word;
  /** As written, quotes removed. */
  readonly text: string;
  /** Context-relative, cleaned, `''` for the whole context. */
  readonly path: string;
  /** Set when the source is a wildcard pattern. */
  readonly glob: RegExp | undefined;
}

/** The sources a COPY/ADD takes from the build context: not `--from`, URLs, heredocs, or unresolved variables. */
function contextSources(copy: Instruction): Source[] {
  if ((copy.keyword !== 'COPY' && copy.keyword !== 'ADD') || copy.flag('from')) return [];
  const words = copy.execForm ? copy.execForm.slice(0, -1) : shellFormSources(copy);
  const sources: Source[] = [];
  for (const word of words) {
    const text = copy.expand(copy.execForm ? word.value : unquote(word.value));
    if (text.includes('$') || (copy.keyword === 'ADD' && /^([a-z][a-z0-9+.-]*:\/\/|git@)/i.test(text))) continue;
    const path = posix.normalize(`./${text.replace(/^\/+/, '')}`).replace(/\/+$/, '');
    if (path === '..' || path.startsWith('../')) continue;
    const clean = path === '.' ? '' : path;
    sources.push({ word, text, path: clean, glob: /[*?[]/.test(clean) ? globPattern(clean) : undefined });
  }
  return sources;
}

function shellFormSources(copy: Instruction): Word[] {
  const lastMarkerLine = Math.max(0, ...copy.heredocs.map((h) => h.markerRange.start.line));
  const words = lastMarkerLine > 0 ? copy.args.filter((w) => w.range.start.line <= lastMarkerLine) : copy.args;
  return words.slice(0, -1).filter((w) => !w.value.startsWith('<<'));
}

/** Go's filepath.Match pattern (what BuildKit matches COPY sources with) as a RegExp over a whole path. */
function globPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += escapeRegExp(ch);
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return /$^/;
  }
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** The files of `files` that the source brings in: itself, what is below it, or what a wildcard matches (or is below a match). */
function carriedFiles<T extends { readonly path: string }>(files: readonly T[], source: Source, copy: Instruction): T[] {
  const excluded = excludeMatcher(copy);
  return files.filter((f) => {
    let below: string;
    if (source.glob) {
      const prefix = pathPrefixes(f.path).find((p) => source.glob!.test(p));
      if (prefix === undefined) return false;
      below = f.path.slice(prefix.length + 1);
    } else if (source.path === '') below = f.path;
    else if (f.path === source.path) below = posix.basename(f.path);
    else if (f.path.startsWith(`${source.path}/`)) below = f.path.slice(source.path.length + 1);
    else return false;
    return !excluded(below || posix.basename(f.path));
  });
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`. */
function pathPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** `COPY --exclude=<pattern>` (repeatable): patterns matched like `.dockerignore` lines, relative to the source. */
function excludeMatcher(copy: Instruction): (relative: string) => boolean {
  const patterns = copy.flags.filter((f) => f.name === 'exclude' && f.value).map((f) => unquote(f.value!));
  if (patterns.length === 0) return () => false;
  const ignore = parseDockerignore(patterns.join('\n'), '--exclude');
  return (relative) => ignore.isIgnored(relative);
}

function withArticle(kind: string): string {
  if (/(credentials|keys)( \(.*\))?$/.test(kind)) return kind;
  return /^(SSH|[aeiouAEIOU])/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}
