/** Deliberate differences of `secrets-in-arg-env` from hadolint; see that rule's docs. */
import type { Instruction, KeyValue } from '../../src/model/dockerfile.js';
import { nameWords, secretNameExemption, secretNameKind } from '../../src/model/secrets.js';
import { hadolintFlagsName } from '../../src/peers/secret-names.js';
import type { Difference, Disagreement } from './difference.js';

const rule = 'secrets-in-arg-env';

/** Why we leave alone a name that hadolint flags. */
type Why = 'user name' | 'tokenizer' | 'goprivate' | 'empty' | 'switch' | 'about' | 'path value' | 'global' | 'other';

const SWITCH_WORDS = new Set(['allow', 'enable', 'disable', 'use', 'require', 'skip', 'no', 'dont']);
const LOCATION_SUFFIX = /(file|files|path|dir)$/;

function why(pair: KeyValue, instruction: Instruction, onbuild: boolean): Why {
  const exemption = secretNameExemption(instruction, onbuild, pair.value?.replace(/^(["'])(.*)\1$/s, '$2'));
  if (exemption === 'global') return exemption;
  const words = nameWords(pair.key);
  if (secretNameKind(pair.key) !== undefined) return exemption ?? 'other';
  if (words.some((w) => w.startsWith('tokenizer'))) return 'tokenizer';
  if (pair.key.toUpperCase() === 'GOPRIVATE') return 'goprivate';
  if (words.some((w) => SWITCH_WORDS.has(w))) return 'switch';
  if (words.some((w) => w === 'username' || w === 'user')) return 'user name';
  // `TOKEN_URL`, `API_KEY_NAME`: a secret name followed by a qualifier; `SECRETFILE`: glued.
  for (let n = words.length - 1; n > 0; n--) if (secretNameKind(words.slice(0, n).join('_')) !== undefined) return 'about';
  if (LOCATION_SUFFIX.test(words.at(-1) ?? '')) return 'about';
  return 'other';
}

/** Why each name that hadolint flags on the instruction is not reported by us. */
function reasons(d: Disagreement): Set<Why> {
  const instruction = d.instruction?.keyword === 'ONBUILD' ? d.instruction.trigger : d.instruction;
  const out = new Set<Why>();
  if (!instruction || (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV')) return new Set(['other']);
  for (const pair of instruction.pairs) if (hadolintFlagsName(pair.key)) out.add(why(pair, instruction, instruction !== d.instruction));
  return out;
}

/** Every flagged name is for one of `allowed`, and at least one is for `main`. */
function only(main: Why, ...allowed: Why[]): (d: Disagreement) => boolean {
  return (d) => {
    const found = reasons(d);
    return found.has(main) && [...found].every((w) => w === main || allowed.includes(w));
  };
}

export const differences: readonly Difference[] = [
  {
    code: 'DL3064',
    side: 'hadolint',
    rule,
    reason: 'user names (`USERNAME`, `POSTGRESQL_USERNAME`): not secrets',
    matches: only('user name'),
  },
  {
    code: 'DL3064',
    side: 'hadolint',
    rule,
    reason: '`*_TOKENIZER_*` (`OV_TOKENIZER_PREBUILD_EXTENSION_PATH`): a tokenizer, not a token',
    matches: only('tokenizer'),
  },
  {
    code: 'DL3064',
    side: 'hadolint',
    rule,
    reason: 'empty `ENV` placeholders (`ENV REDIS_PASSWORD=`), beside names that are not secrets (user names, switches, `*_PASSWORD_FILE`)',
    matches: only('empty', 'user name', 'switch', 'about'),
  },
  {
    code: 'DL3064',
    side: 'hadolint',
    rule,
    reason: 'a switch (`ALLOW_EMPTY_PASSWORD`, `TS_DISABLE_TOKEN_AUTHORIZATION`): not a secret',
    matches: only('switch', 'user name'),
  },
  {
    code: 'DL3064',
    side: 'hadolint',
    rule,
    reason: 'a value that is an absolute path (`SE_HTTPS_PRIVATE_KEY=/opt/selenium/secrets/tls.key`): it points at a file',
    matches: only('path value', 'about'),
  },
  {
    code: 'DL3064',
    side: 'hadolint',
    rule,
    reason: 'a name about a secret, not the secret (`*_PASSWORD_FILE`, `TOKEN_URL`, `SECRETFILE`)',
    matches: only('about'),
  },
  {
    code: 'DL3064',
    side: 'hadolint',
    rule,
    reason: '`GOPRIVATE`: Go\'s list of private module paths, not a secret',
    matches: only('goprivate'),
  },
  {
    code: 'DL3064',
    side: 'hadolint',
    rule,
    reason: 'a global `ARG` (before the first `FROM`): in scope for `FROM` lines only',
    matches: only('global'),
  },
];
