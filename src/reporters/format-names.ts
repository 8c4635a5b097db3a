/**
 * Format names as people type them: ours, and hadolint's (`-f tty`, hadolint-action's `format: sarif`), so
 * that a command line or workflow written for hadolint keeps working. A hadolint format we do not write is
 * refused in one line naming the nearest of ours.
 */
import { FORMATS, type Format } from './index.js';

/** hadolint's names for formats we have. */
const HADOLINT_FORMATS: Readonly<Record<string, Format>> = {
  tty: 'text',
  json: 'json',
  checkstyle: 'checkstyle',
  gitlab_codeclimate: 'gitlab',
  gnu: 'compact',
  sarif: 'sarif',
  junit: 'junit',
  sonarqube: 'sonarqube',
};

/** hadolint's formats we do not write, and what to use instead. */
const REFUSED: Readonly<Record<string, string>> = {
  codeclimate:
    "hadolint's codeclimate format (NUL-separated Code Climate issues) is not supported: use -f gitlab, the same issues as one JSON array",
  codacy: "hadolint's codacy format is not supported: use -f json, or -f sarif, which Codacy imports",
};

/** Our format for a name, or why there is none (one line). */
export function formatNamed(name: string): { readonly format: Format } | { readonly error: string } {
  if ((FORMATS as readonly string[]).includes(name)) return { format: name as Format };
  const mapped = HADOLINT_FORMATS[name];
  if (mapped) return { format: mapped };
  const refused = REFUSED[name];
  if (refused) return { error: refused };
  return { error: `unknown format "${name}": expected one of ${FORMATS.join(', ')} (or hadolint's ${Object.keys(HADOLINT_FORMATS).join(', ')})` };
}
