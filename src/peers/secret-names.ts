/**
 * Which peers flag an `ARG`/`ENV` name as a secret (secrets-in-arg-env), so that a finding carries only the codes
 * of the peers that report the same key at the same place, and a pragma for one peer silences only what that peer
 * reports. Each check is the peer's own name test and the places it looks at.
 */
import type { DockerfileModel, Instruction } from '../model/dockerfile.js';

/** Where the key is set, as the peers tell places apart. */
interface Place {
  readonly keyword: 'ARG' | 'ENV';
  /** Registered with `ONBUILD`. */
  readonly onbuild: boolean;
  /** In a stage, not a global `ARG` before the first `FROM`. */
  readonly inStage: boolean;
  /** In the last stage of the file. */
  readonly finalStage: boolean;
}

interface SecretNameCheck {
  readonly code: string;
  readonly flags: (name: string) => boolean;
  readonly looksAt: (place: Place) => boolean;
}

const CHECKS: readonly SecretNameCheck[] = [
  // hadolint reads every ARG and ENV, ONBUILD triggers and global ARGs included.
  { code: 'DL3064', flags: (name) => hadolintFlagsName(name), looksAt: () => true },
  // BuildKit skips ONBUILD triggers and global ARGs.
  { code: 'SecretsUsedInArgOrEnv', flags: (name) => buildkitFlagsName(name), looksAt: (p) => !p.onbuild && (p.keyword === 'ENV' || p.inStage) },
  // Trivy looks only at the final stage, and not at ONBUILD triggers.
  { code: 'DS-0031', flags: (name) => trivyFlagsName(name), looksAt: (p) => !p.onbuild && p.finalStage },
];

/** The peer codes whose check flags `name`, set by `instruction` (`ARG`/`ENV`, or the trigger of an `ONBUILD`) in `file`. */
export function secretNameAliases(name: string, instruction: Instruction, onbuild: boolean, file: DockerfileModel): string[] {
  const place: Place = {
    keyword: instruction.keyword === 'ARG' ? 'ARG' : 'ENV',
    onbuild,
    inStage: instruction.stage !== undefined,
    finalStage: instruction.stage !== undefined && instruction.stage === file.stages[file.stages.length - 1],
  };
  return CHECKS.filter((check) => check.looksAt(place) && check.flags(name)).map((check) => check.code);
}

/** hadolint DL3064 (v2.15.1): 48 known names, or one of its substrings anywhere in the lower-cased name. */
export function hadolintFlagsName(name: string): boolean {
  if (HADOLINT_NAMES.has(name.toUpperCase())) return true;
  const lower = name.toLowerCase();
  return HADOLINT_SUBSTRINGS.some((s) => lower.includes(s));
}

const HADOLINT_NAMES = new Set([
  'ACCESS_TOKEN', 'APPLICATION_KEY', 'APP_SECRET', 'AUTH_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'BITTREX_API_KEY',
  'BITTREX_API_SECRET', 'CF_PASSWORD', 'CF_USERNAME', 'CIRCLE_TOKEN', 'CI_DEPLOY_PASSWORD', 'CI_DEPLOY_USER', 'DOCKERHUB_PASSWORD',
  'DOCKER_EMAIL', 'DOCKER_PASSWORD', 'DOCKER_USERNAME', 'FACEBOOK_ACCESS_TOKEN', 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET',
  'FIREBASE_API_TOKEN', 'FIREBASE_TOKEN', 'FOSSA_API_KEY', 'GH_ENTERPRISE_TOKEN', 'GH_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_TOKEN',
  'HEROKU_API_KEY', 'HEROKU_API_USER', 'NPM_AUTH_TOKEN', 'NPM_TOKEN', 'OKTA_AUTHN_GROUPID', 'OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTID', 'OKTA_OAUTH2_CLIENTSECRET', 'OPENAI_API_KEY', 'OS_PASSWORD', 'OS_USERNAME', 'POSTGRES_PASSWORD', 'SLACK_TOKEN',
  'STRIPE_API_KEY', 'STRIPE_DEVICE_NAME', 'TRAVIS_OS_NAME', 'TRAVIS_SECURE_ENV_VARS', 'TRAVIS_SUDO', 'VAULT_CLIENT_KEY', 'VAULT_TOKEN',
]);
const HADOLINT_SUBSTRINGS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

/** BuildKit SecretsUsedInArgOrEnv (dockerfile/1.26): a secret token bounded by `_` or the ends, and no `public`/`file`/`version` token. */
function buildkitFlagsName(name: string): boolean {
  return BUILDKIT_SECRET.test(name) && !BUILDKIT_ALLOWED.test(name);
}
const BUILDKIT_SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const BUILDKIT_ALLOWED = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** Trivy DS-0031 (trivy-checks v2.2.0) on a name (where it looks is in `CHECKS`). */
function trivyFlagsName(name: string): boolean {
  if (TRIVY_NAMES.has(name)) return true;
  for (const prefix of ['VITE_', 'REACT_APP_']) if (name.startsWith(prefix) && TRIVY_NAMES.has(name.slice(prefix.length))) return true;
  if (TRIVY_FILE_NAMES.has(name)) return false;
  return TRIVY_SECRET.test(name) && !TRIVY_ALLOWED.test(name);
}
const TRIVY_NAMES = new Set([
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'GITHUB_TOKEN', 'GH_TOKEN',
  'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'OPENAI_API_KEY', 'HF_TOKEN', 'DIGITALOCEAN_ACCESS_TOKEN', 'DOCKERHUB_PASSWORD',
  'FIREBASE_TOKEN', 'CI_DEPLOY_PASSWORD', 'GOOGLE_API_KEY', 'LANGSMITH_API_KEY', 'LANGCHAIN_API_KEY', 'HEROKU_API_KEY',
]);
const TRIVY_FILE_NAMES = new Set(['AWS_CONFIG_FILE', 'HF_TOKEN_PATH', 'GOOGLE_APPLICATION_CREDENTIALS']);
const TRIVY_SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token|usr|psw)(?:_|$)/i;
const TRIVY_ALLOWED = /(?:_|^)(?:public)(?:_|$)/i;
