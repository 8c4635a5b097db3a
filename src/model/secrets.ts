/**
 * What a secret looks like in a build: variable names that hold one, values
 * that are credentials by their shape, and files that hold credentials or
 * private keys. What the peer linters take for a secret name is in
 * src/peers/secret-names.ts.
 */
import { posix } from 'node:path';
import type { BuildContext } from './context.js';
import type { Instruction } from './dockerfile.js';

// ---------------------------------------------------------------------------
// Variable names

/** What kind of secret a variable name says it holds, e.g. `password`, `API key`; undefined when it holds none. */
export function secretNameKind(name: string): string | undefined {
  const words = nameWords(name);
  if (words.length === 0 || NOT_A_SECRET_NAMES.has(name.toUpperCase())) return undefined;
  if (words.some((w) => NEUTRAL_WORDS.has(w))) return undefined;
  const last = words.length - 1;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    let kind = SECRET_WORDS.get(word) ?? compoundKind(word);
    // `DB_PASS`, `MYSQL_PWD`, `COMPOSER_AUTH`: weak words count only at the end of a longer name.
    if (!kind && i === last && i > 0) kind = WEAK_LAST_WORDS.get(word);
    if (!kind && word === 'key' && keyIsSecret(words, i)) kind = words[i - 1] === 'api' ? 'API key' : words[i - 1] === 'private' ? 'private key' : 'key';
    if (!kind) continue;
    // `POSTGRES_PASSWORD_FILE`, `TOKEN_URL`, `PASSWORD_MIN_LENGTH`: about the secret, not the secret.
    return words.slice(i + 1).some((w) => QUALIFIER_WORDS.has(w)) ? undefined : kind;
  }
  return undefined;
}

/** Words of a name: `_`, `-`, `.` and camelCase humps separate them; lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Why a name that may hold a secret is not reported where it is set. */
export type SecretNameExemption = 'global' | 'empty' | 'path value';

/**
 * Why the `ARG`/`ENV` pair with `value` (unquoted) leaks nothing, whatever its name: a global `ARG` (before the first
 * `FROM`, `onbuild` false) is only in scope for `FROM` lines and a stage must declare it again; an empty `ENV`
 * placeholder stores nothing; an absolute path names where the secret is, not the secret. Undefined otherwise.
 */
export function secretNameExemption(instruction: Instruction, onbuild: boolean, value: string | undefined): SecretNameExemption | undefined {
  if (instruction.keyword === 'ARG' && instruction.stage === undefined && !onbuild) return 'global';
  if (instruction.keyword === 'ENV' && value === '') return 'empty';
  if (value !== undefined && /^(\/|~\/)[^\s$]*$/.test(value) && value.length > 1) return 'path value';
  return undefined;
}

const SECRET_WORDS = new Map<string, string>([
  ['password', 'password'],
  ['passwd', 'password'],
  ['passphrase', 'passphrase'],
  ['pword', 'password'],
  ['secret', 'secret'],
  ['secrets', 'secret'],
  ['token', 'token'],
  ['apikey', 'API key'],
  ['credential', 'credentials'],
  ['credentials', 'credentials'],
  ['creds', 'credentials'],
]);

/** `ACCESSTOKEN`, `DBPASSWORD`, `CLIENTSECRET`: one word that ends with a secret word. */
function compoundKind(word: string): string | undefined {
  for (const [suffix, kind] of COMPOUND_SUFFIXES) if (word.length > suffix.length && word.endsWith(suffix)) return kind;
  return undefined;
}
const COMPOUND_SUFFIXES: readonly (readonly [string, string])[] = [
  ['password', 'password'],
  ['passwd', 'password'],
  ['secret', 'secret'],
  ['token', 'token'],
  ['apikey', 'API key'],
  ['secretkey', 'key'],
  ['accesskey', 'key'],
  ['privatekey', 'private key'],
];

const WEAK_LAST_WORDS = new Map<string, string>([
  ['pass', 'password'],
  ['pwd', 'password'],
  ['pw', 'password'],
  ['psw', 'password'],
  ['auth', 'credentials'],
]);

/**
 * `API_KEY`, `AWS_SECRET_ACCESS_KEY`, `FERNET_KEY`, `AWS_ACCESS_KEY_ID`: a key that is the last word (or is
 * followed by `id` only), and names more than just `key`. Not a list index (`Filters__0__Key`).
 */
function keyIsSecret(words: readonly string[], i: number): boolean {
  if (i === 0) return false;
  const after = words.slice(i + 1);
  if (!(after.length === 0 || (after.length === 1 && after[0] === 'id'))) return false;
  return !/^\d+$/.test(words[i - 1]) && !NOT_SECRET_KEYS.has(words[i - 1]);
}

/** `CACHE_KEY`, `SORT_KEY`, `PARTITION_KEY`: keys that name or index data, not credentials. */
const NOT_SECRET_KEYS = new Set(['cache', 'sort', 'partition', 'primary', 'foreign', 'routing', 'idempotency', 'dedup', 'dedupe', 'lookup', 'object', 'bucket', 'map', 'index', 'hot', 'shortcut']);

/**
 * Words after the secret word that make the name about the secret rather than the secret itself:
 * where it is (`_FILE`, `_PATH`, `_URL`; Docker's `POSTGRES_PASSWORD_FILE` convention is the
 * recommended way to pass one), or a property of it (`PASSWORD_MIN_LENGTH`, `TOKEN_TTL`).
 */
const QUALIFIER_WORDS = new Set([
  'file', 'files', 'path', 'paths', 'dir', 'directory', 'location', 'url', 'uri', 'endpoint', 'host', 'hostname', 'port', 'server',
  'name', 'names', 'type', 'mode', 'method', 'algorithm', 'alg', 'format', 'header', 'prefix', 'length', 'len', 'min', 'max', 'size',
  'ttl', 'timeout', 'expiry', 'expires', 'expiration', 'lifetime', 'age', 'version', 'enabled', 'disabled', 'required', 'plugin',
  'provider', 'helper', 'command', 'cmd', 'store', 'policy', 'rotation', 'count', 'retries', 'scope', 'scopes', 'audience',
  'issuer', 'realm', 'source'
]);

/**
 * Words anywhere in the name that say it holds no secret: a switch (`ALLOW_EMPTY_PASSWORD`,
 * `TS_DISABLE_TOKEN_AUTHORIZATION`), a public part (`PUBLIC_KEY`, reCAPTCHA's `SITE_KEY`), the
 * fingerprint of a public signing key (`GPG_KEY` in the official images, `RABBITMQ_PGP_KEY_ID`).
 */
const NEUTRAL_WORDS = new Set([
  'public', 'pub', 'site', 'allow', 'enable', 'disable', 'use', 'require', 'skip', 'empty', 'prompt', 'no', 'dont', 'warn',
  'keyring', 'keyserver', 'fingerprint', 'hash', 'hashed', 'gpg', 'pgp', 'gnupg', 'gpgkey', 'gpgkeys',
]);

/** Names that look like secrets and are not: they point at a credentials file. */
const NOT_A_SECRET_NAMES = new Set(['GOOGLE_APPLICATION_CREDENTIALS', 'AWS_SHARED_CREDENTIALS_FILE', 'DOCKER_CREDENTIAL_GCR_CONFIG']);

// ---------------------------------------------------------------------------
// Values

/** What credential a value is by its shape (an AWS access key, a GitHub token, a private key...), if any. */
export function secretValueKind(value: string): string | undefined {
  for (const [pattern, kind] of VALUE_PATTERNS) if (pattern.test(value)) return kind;
  return undefined;
}

const VALUE_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'a private key'],
  [/^(?:AKIA|ASIA)[0-9A-Z]{16}$/, 'an AWS access key id'],
  [/^gh[pousr]_[A-Za-z0-9]{36,}$/, 'a GitHub token'],
  [/^github_pat_[A-Za-z0-9_]{50,}$/, 'a GitHub token'],
  [/^glpat-[A-Za-z0-9_-]{20,}$/, 'a GitLab token'],
  [/^xox[abprs]-[A-Za-z0-9-]{10,}$/, 'a Slack token'],
  [/^sk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}$/, 'an OpenAI or Anthropic API key'],
  [/^hf_[A-Za-z0-9]{30,}$/, 'a Hugging Face token'],
  [/^npm_[A-Za-z0-9]{36}$/, 'an npm token'],
  [/^AIza[0-9A-Za-z_-]{35}$/, 'a Google API key'],
  [/^[a-z][a-z0-9+.-]*:\/\/[^\s/:@$]+:[^\s/@$]+@/i, 'a URL with a password'],
];

// ---------------------------------------------------------------------------
// Files

/**
 * What secret a file of the build context holds, judged by its path (context-relative, `/`
 * separators) and, for names that are not conclusive (`.pem`, `.key`, `.npmrc`), by its first bytes
 * when `context` can read them. Undefined when it is not a secret.
 */
export function secretFileKind(relativePath: string, context?: Pick<BuildContext, 'readHead'>): string | undefined {
  const path = relativePath.replace(/\/+$/, '');
  const name = posix.basename(path);
  const lower = name.toLowerCase();
  const head = () => context?.readHead(relativePath);

  if (lower === '.env' || (lower.startsWith('.env.') && !ENV_TEMPLATES.has(lower.slice('.env.'.length).split('.')[0]))) {
    return 'environment file';
  }
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(lower)) return 'SSH private key';
  if (lower.endsWith('.ppk')) return 'PuTTY private key';
  if (/\.(p12|pfx)$/.test(lower)) return 'PKCS#12 key bundle';
  if (/\.(jks|keystore)$/.test(lower) && !lower.includes('trust') && lower !== 'cacerts') return 'Java key store';
  if (/\.(pem|crt|cer|key)$/.test(lower)) return keyFileKind(lower, head);
  if (lower === '.npmrc') return authFileKind(head, /(_authToken|_auth|_password)\s*=/, 'npm credentials (.npmrc)');
  if (lower === '.yarnrc.yml') return authFileKind(head, /npmAuth(Token|Ident)\s*:/, 'Yarn credentials (.yarnrc.yml)', false);
  if (lower === '.pypirc') return authFileKind(head, /^\s*password\s*[=:]/m, 'PyPI credentials (.pypirc)');
  if (lower === '.netrc' || lower === '_netrc') return 'netrc credentials';
  if (lower === '.git-credentials') return 'Git credentials';
  if (lower === '.pgpass') return 'PostgreSQL password file';
  if (lower === '.vault-token') return 'Vault token';
  if (/\.json$/.test(lower) && (/(^|[-_.])credentials?([-_.]|\.json$)/.test(lower) || /^client_secret/.test(lower) || /service[-_]?account/.test(lower) || /firebase-adminsdk/.test(lower))) {
    return 'cloud credentials';
  }
  if (/(^|\/)\.aws\/credentials$/.test(path)) return 'AWS credentials';
  if (/(^|\/)\.docker\/config\.json$/.test(path)) return 'Docker registry credentials';
  if (/(^|\/)\.kube\/config$/.test(path) || lower === 'kubeconfig' || lower.endsWith('.kubeconfig')) return 'Kubernetes credentials';
  if (/(^|\/)\.config\/gh\/hosts\.yml$/.test(path)) return 'GitHub CLI token';
  return undefined;
}

/** `.env.example` and friends are committed on purpose and hold no secrets. */
const ENV_TEMPLATES = new Set(['example', 'sample', 'template', 'tmpl', 'tpl', 'dist', 'default', 'defaults', 'schema', 'in']);

/** Directories that hold credentials when copied whole (`COPY .ssh /root/.ssh`). */
export function secretDirectoryKind(relativePath: string): string | undefined {
  const name = posix.basename(relativePath.replace(/\/+$/, ''));
  return SECRET_DIRECTORIES.get(name);
}
const SECRET_DIRECTORIES = new Map([
  ['.ssh', 'SSH keys'],
  ['.aws', 'AWS credentials'],
  ['.gnupg', 'GnuPG private keys'],
  ['.docker', 'Docker registry credentials'],
  ['.kube', 'Kubernetes credentials'],
]);

/**
 * `.pem`/`.key`/`.crt`: a private key when the file says so, else by name. A name that only says
 * `cert`, `ca`, `chain` or `bundle` is taken for a certificate, which is public; a `.key` named like an
 * APT or GPG repository key (`Release.key`, `nodesource.gpg.key`) is public too.
 */
function keyFileKind(lower: string, head: () => string | undefined): string | undefined {
  const text = head();
  if (text !== undefined) {
    if (/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/.test(text)) return 'private key';
    if (/-----BEGIN /.test(text)) return undefined;
  }
  const stem = lower.replace(/\.(pem|crt|cer|key)$/, '');
  if (lower.endsWith('.key')) return /(gpg|pgp|release|public|pub|keyring|archive|repo|apt|signing)/.test(lower) ? undefined : 'private key';
  return /(^|[-_.])(key|priv|private|privkey)([-_.]|$)/.test(stem) || stem.endsWith('key') ? 'private key' : undefined;
}

/** A config file that holds credentials only when it has an auth entry; by name alone it usually does. */
function authFileKind(head: () => string | undefined, pattern: RegExp, kind: string, byName = true): string | undefined {
  const text = head();
  if (text === undefined) return byName ? kind : undefined;
  return pattern.test(text) ? kind : undefined;
}
