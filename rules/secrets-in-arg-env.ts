import { defineRule } from '../src/engine/rule.js';
import type { DockerfileModel, Instruction, KeyValue } from '../src/model/dockerfile.js';
import { secretNameExemption, secretNameKind, secretValueKind } from '../src/model/secrets.js';
import { secretNameAliases } from '../src/peers/secret-names.js';

export default defineRule({
  meta: {
    id: 'secrets-in-arg-env',
    aliases: ['DL3064', 'SecretsUsedInArgOrEnv', 'DS-0031'],
    severity: 'warning',
    category: 'security',
    summary: 'A secret passed through `ARG` or `ENV`',
    fixable: false,
    docs: {
      rationale: `\`ENV\` values are stored in the image: anyone who can pull it reads them with \`docker inspect\`. \`ARG\`
values are not in the image's environment, but every \`RUN\` that sees them records them in the image history
(\`docker history\`) and in the build cache, and they often end up in CI logs. A password, token or key passed this way
leaks to everyone who gets the image. Mount the secret into the one \`RUN\` that needs it instead
(\`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\`, built with \`docker build --secret id=npm_token,env=NPM_TOKEN\`):
it is never written to a layer. Secrets the container needs at run time belong in \`docker run -e\`, a mounted file
(the \`*_FILE\` convention) or the orchestrator's secret store.`,
      bad: `FROM node:22-slim\nARG NPM_TOKEN\nENV DB_PASSWORD=hunter2\nRUN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci`,
      good: `FROM node:22-slim\nENV DB_PASSWORD_FILE=/run/secrets/db_password\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n    echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc`,
      notes: `A name holds a secret when one of its words (split at \`_\`, \`-\`, \`.\` and camelCase) is \`password\`, \`passwd\`,
\`passphrase\`, \`secret\`, \`token\`, \`apikey\`, \`credential(s)\`, \`creds\` (also glued: \`ACCESSTOKEN\`, \`DBPASSWORD\`); or it ends
with \`pass\`, \`pwd\`, \`pw\`, \`psw\` or \`auth\` (\`DB_PASS\`, \`MYSQL_PWD\`, \`COMPOSER_AUTH\`); or it ends with \`key\` (or \`key_id\`)
after another word (\`API_KEY\`, \`FERNET_KEY\`, \`AWS_ACCESS_KEY_ID\`).

Not reported:
- names about a secret rather than the secret: a qualifier after the secret word (\`POSTGRES_PASSWORD_FILE\`, \`TOKEN_URL\`,
  \`SECRET_KEY_PATH\`, \`PASSWORD_MIN_LENGTH\`, \`API_KEY_NAME\`), a switch (\`ALLOW_EMPTY_PASSWORD\`), a public part
  (\`PUBLIC_KEY\`, reCAPTCHA's \`SITE_KEY\`), the fingerprint of a signing key (\`GPG_KEY\`, \`GPG_KEYS\`, \`*_PGP_KEY_ID\`:
  the official images verify downloads with them), \`GOOGLE_APPLICATION_CREDENTIALS\` (a path);
- \`USERNAME\` and other user names, \`GOPRIVATE\`, \`*_TOKENIZER_*\`: not secrets;
- an \`ENV\` set to an empty literal (\`ENV NPM_TOKEN=""\`): nothing is stored;
- a global \`ARG\` (before the first \`FROM\`): it is only in scope for \`FROM\` lines, and a stage that uses it must
  declare it again, where it is reported;
- a value that is an absolute path (\`ENV SE_HTTPS_PRIVATE_KEY=/opt/secrets/tls.key\`): it points at a file (see
  \`secret-files-copied\` for the file itself).

Values are looked at too, whatever the name: a private key, an AWS access key id (\`AKIA...\`), GitHub, GitLab, Slack,
npm, Hugging Face, OpenAI/Anthropic and Google API tokens, and URLs with a password (\`postgres://app:pw@db/app\`). Such a
hard-coded credential is reported as an error. \`ONBUILD ARG\`/\`ONBUILD ENV\` are checked as well.`,
      differences: `Each finding carries only the codes of the peers that flag the same key there, so a pragma for one
peer silences only what that peer reports:
- **hadolint DL3064** flags 48 listed names and any name containing \`api_key\`, \`client_key\`, \`password\`, \`private\`,
  \`secret\`, \`token\` or \`username\`: also user names (\`USERNAME\`, \`POSTGRESQL_USERNAME\`), \`GOPRIVATE\`,
  \`OV_TOKENIZER_*\`, switches (\`ALLOW_EMPTY_PASSWORD\`, \`TS_DISABLE_TOKEN_AUTHORIZATION\`), names about a secret
  (\`*_PASSWORD_FILE\`, \`SECRETFILE\`), values that are absolute paths, global \`ARG\`s, empty \`ENV\` placeholders and
  listed non-secrets such as \`TRAVIS_OS_NAME\`, which we do not report; it misses \`API_KEY\`-style names without those substrings (\`FERNET_KEY\`, \`DB_PASS\`).
- **BuildKit SecretsUsedInArgOrEnv** flags any \`_\`-bounded \`key\`, \`auth\`, \`token\`... word unless \`public\`, \`file\` or
  \`version\` is in the name: it reports \`GPG_KEY\` (95 times in our corpus, the official images' verification key
  fingerprint) and \`GF_AUTH_ANONYMOUS_ENABLED\`, which we do not; it skips global \`ARG\`s and glued names (\`ACCESSTOKEN\`).
- **Trivy DS-0031** looks only at the final stage, with BuildKit's tokens plus \`usr\`/\`psw\` and a list of well-known
  names (also \`AZURE_CLIENT_ID\`, which is not a secret).
- None of the peers looks at values or skips empty \`ENV\` placeholders.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      const target = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
      if (!target || (target.keyword !== 'ARG' && target.keyword !== 'ENV')) continue;
      for (const pair of target.pairs) {
        const finding = judge(pair, target, instruction !== target, file);
        if (finding) context.report({ range: pair.keyRange, ...finding });
      }
    }
  },
});

interface Verdict {
  readonly message: string;
  readonly aliases: readonly string[];
  readonly severity?: 'error';
}

function judge(pair: KeyValue, instruction: Instruction, onbuild: boolean, file: DockerfileModel): Verdict | undefined {
  const key = pair.key;
  const keyword = instruction.keyword;
  const value = pair.valueWord?.unquoted;
  const valueKind = value === undefined ? undefined : secretValueKind(value);
  const nameKind = secretNameExemption(instruction, onbuild, value) ? undefined : secretNameKind(key);
  if (!nameKind && !valueKind) return undefined;

  const aliases = secretNameAliases(key, instruction, onbuild, file);

  const secretId = key.toLowerCase();
  const fix = `pass it with \`RUN --mount=type=secret,id=${secretId},env=${key}\` in the \`RUN\` that needs it`;
  if (valueKind) {
    return {
      message: `\`${keyword} ${key}\` is set to ${valueKind} written in the Dockerfile: anyone who reads the Dockerfile or pulls the image has it; revoke it and ${fix}`,
      aliases,
      severity: 'error',
    };
  }
  const where =
    keyword === 'ENV'
      ? 'ENV values are stored in the image, where `docker inspect` shows them'
      : 'build arguments are recorded in the image history and the build cache of every `RUN` that uses them';
  const hardCoded = keyword === 'ENV' && value !== undefined && value !== '' && !value.includes('$') ? ' is hard-coded and' : '';
  return {
    message: `\`${keyword} ${key}\`${hardCoded} looks like it holds ${article(nameKind ?? 'secret')}: ${where}; ${fix}${keyword === 'ENV' ? ', or give it to the container at run time' : ''}`,
    aliases,
  };
}

function article(kind: string): string {
  return kind === 'credentials' ? kind : /^[aeiouAEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
