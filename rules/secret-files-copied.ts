import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { carriedBy, contextSources, type ContextSource } from '../src/model/copies.js';
import type { DockerfileModel, Instruction, Stage } from '../src/model/dockerfile.js';
import { secretDirectoryKind, secretFileKind } from '../src/model/secrets.js';
import { finalImageStages } from '../src/model/stages.js';

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
does not reach the final image but stays in that stage's layers and the build cache: reported as a warning. A stage whose
whole filesystem the final image copies (\`COPY --from=build / /\`) is part of the final image.`,
    },
  },
  checkDockerfile(file, context) {
    const buildContext = context.project.contextOf(file);
    const final = new Set(finalImageStages(file));
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
            : secretFileKind(source.path, buildContext) ??
              (folderShown ? undefined : secretDirectoryKind(source.path));
          if (named !== undefined && source.path !== '') {
            if (buildContext.isIgnored(source.path) || (named === 'private key' && usedAsPublicKey(copy, source, stage))) continue;
            report(`\`${copy.rawKeyword} ${source.text}\` puts ${withArticle(named)} into the image, where anyone who pulls it can read it: use \`RUN --mount=type=secret\` for what the build needs, and give the container its secrets at run time`);
            continue;
          }
          const carries = carriedBy(source, copy);
          const carried = contextSecrets().filter((f) => carries(f.path));
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
function usedAsPublicKey(copy: Instruction, source: ContextSource, stage: Stage): boolean {
  const words = copy.execForm ?? copy.args;
  const destination = words[words.length - 1]?.expanded ?? '';
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
    const kind = secretFileKind(path, context);
    if (kind !== undefined && !context.isIgnored(path)) found.push({ path, kind });
  }
  return found;
}

function withArticle(kind: string): string {
  if (/(credentials|keys)( \(.*\))?$/.test(kind)) return kind;
  return /^(SSH|[aeiouAEIOU])/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
