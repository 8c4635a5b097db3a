import { defineRule } from '../src/engine/rule.js';
import type { Instruction, KeyValue, Stage } from '../src/model/dockerfile.js';
import { imageStages } from '../src/model/stages.js';

type LabelType = 'text' | 'url' | 'semver' | 'hash' | 'rfc3339' | 'spdx' | 'email';

/** Per type: the hadolint code of a malformed value, what the value must be, and the test. */
const FORMATS: Readonly<Record<Exclude<LabelType, 'text'>, { code: string; expected: string; valid: (v: string) => boolean }>> = {
  url: { code: 'DL3052', expected: 'an absolute URL (`https://…`)', valid: isUrl },
  rfc3339: { code: 'DL3053', expected: 'an RFC 3339 time (`2024-05-01T12:00:00Z`)', valid: isRfc3339 },
  spdx: { code: 'DL3054', expected: 'an SPDX license expression (`MIT`, `Apache-2.0 OR MIT`, `LicenseRef-…`)', valid: isSpdxExpression },
  hash: { code: 'DL3055', expected: 'a Git commit hash (7 or 40 lower-case hex digits)', valid: (v) => /^([0-9a-f]{7}|[0-9a-f]{40})$/.test(v) },
  semver: { code: 'DL3056', expected: 'a semantic version (`1.4.2`, `2.0.0-rc.1`)', valid: (v) => SEMVER.test(v) },
  email: { code: 'DL3058', expected: 'an e-mail address (`team@example.com`)', valid: isEmail },
};

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Common SPDX license ids (compared case-insensitively); `LicenseRef-…` covers the rest. */
const SPDX_IDS = new Set(
  [
    '0BSD', 'AFL-3.0', 'AGPL-3.0', 'AGPL-3.0-only', 'AGPL-3.0-or-later', 'Apache-1.0', 'Apache-1.1', 'Apache-2.0', 'Artistic-2.0',
    'Beerware', 'BlueOak-1.0.0', 'BSD-1-Clause', 'BSD-2-Clause', 'BSD-2-Clause-Patent', 'BSD-3-Clause', 'BSD-3-Clause-Clear', 'BSD-4-Clause',
    'BSL-1.0', 'BUSL-1.1', 'CC-BY-3.0', 'CC-BY-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'CC-BY-ND-4.0', 'CC-BY-SA-3.0', 'CC-BY-SA-4.0',
    'CC0-1.0', 'CDDL-1.0', 'CDDL-1.1', 'curl', 'ECL-2.0', 'Elastic-2.0', 'EPL-1.0', 'EPL-2.0', 'EUPL-1.1', 'EUPL-1.2', 'GFDL-1.3-only',
    'GFDL-1.3-or-later', 'GPL-1.0-or-later', 'GPL-2.0', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0', 'GPL-3.0-only', 'GPL-3.0-or-later',
    'HPND', 'ICU', 'IJG', 'ISC', 'LGPL-2.0-only', 'LGPL-2.0-or-later', 'LGPL-2.1', 'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0',
    'LGPL-3.0-only', 'LGPL-3.0-or-later', 'libpng', 'LPPL-1.3c', 'MIT', 'MIT-0', 'MPL-1.1', 'MPL-2.0', 'MPL-2.0-no-copyleft-exception',
    'MS-PL', 'MS-RL', 'MulanPSL-2.0', 'NCSA', 'OFL-1.1', 'OpenSSL', 'PHP-3.01', 'PostgreSQL', 'PSF-2.0', 'Python-2.0', 'Ruby',
    'SSPL-1.0', 'Unicode-3.0', 'Unicode-DFS-2016', 'Unlicense', 'UPL-1.0', 'Vim', 'W3C', 'WTFPL', 'X11', 'Zlib', 'ZPL-2.1',
  ].map((id) => id.toLowerCase()),
);

interface Options {
  readonly schema: Readonly<Record<string, LabelType>>;
  readonly strict: boolean;
}

export default defineRule({
  meta: {
    id: 'label-schema',
    aliases: ['DL3049', 'DL3050', 'DL3051', 'DL3052', 'DL3053', 'DL3054', 'DL3055', 'DL3056', 'DL3058'],
    severity: 'warning',
    category: 'maintainability',
    summary: 'Labels that a configured label schema requires, forbids or types',
    fixable: false,
    options: {
      strict: { type: 'boolean', default: false, description: 'Report every label key that the schema does not list.' },
    },
    docs: {
      rationale: `Labels are how registries, scanners and deployment tools learn where an image comes from: its source
repository, revision, version, licence, owner. They are only useful when every image carries them, under the same
keys, with values the tools can read. With a label schema in the config, this rule checks that each image sets the
required labels, with values of the right form, and (in strict mode) no others.`,
      bad: `FROM alpine:3.20\nLABEL org.opencontainers.image.version="v1.2" \\\n      org.opencontainers.image.revision="main" \\\n      maintainer="Team"`,
      badFiles: { '.dockerlintrc.json': `{\n  "rules": {\n    "label-schema": ["warning", {\n      "schema": {\n        "org.opencontainers.image.source": "url",\n        "org.opencontainers.image.version": "semver",\n        "org.opencontainers.image.revision": "hash"\n      },\n      "strict": true\n    }]\n  }\n}` },
      good: `FROM alpine:3.20\nLABEL org.opencontainers.image.version="1.2.0" \\\n      org.opencontainers.image.revision="4c6e3b9b3f1d2a7e8c9d0f1a2b3c4d5e6f7a8b9c" \\\n      org.opencontainers.image.source="https://github.com/example/app"`,
      goodFiles: { '.dockerlintrc.json': `{\n  "rules": {\n    "label-schema": ["warning", {\n      "schema": {\n        "org.opencontainers.image.source": "url",\n        "org.opencontainers.image.version": "semver",\n        "org.opencontainers.image.revision": "hash"\n      },\n      "strict": true\n    }]\n  }\n}` },
      notes: `Does nothing until configured. Options: \`schema\`, an object from label key to type (\`text\`, \`url\`,
\`semver\`, \`hash\`, \`rfc3339\`, \`spdx\`, \`email\`; an unknown type is read as \`text\`, with a note), and \`strict\` (default
\`false\`). For example:
\`"rules": { "label-schema": ["warning", { "schema": { "org.opencontainers.image.source": "url",
"org.opencontainers.image.version": "semver", "org.opencontainers.image.revision": "hash" }, "strict": true }] }\`.

Each finding carries the code of hadolint's matching check:

- **DL3049** a schema label missing from an image, reported at its \`FROM\`. Checked for each stage that no other stage
  builds on or copies from (the images the file produces); labels set by the stages it is built on count.
- **DL3050** (strict) a label key not in the schema, at the key.
- **DL3051** a schema label with an empty value, at the key.
- **DL3052** \`url\` not an absolute URL; **DL3053** \`rfc3339\` not an RFC 3339 time; **DL3054** \`spdx\` not an SPDX
  license expression (common license ids, \`LicenseRef-…\`, \`AND\`/\`OR\`/\`WITH\`, parentheses); **DL3055** \`hash\`
  not 7 or 40 lower-case hex digits; **DL3056** \`semver\` not a semantic version (no leading \`v\`); **DL3058**
  \`email\` not an e-mail address. At the value.

A value written with a variable is checked with its \`ARG\`/\`ENV\` value, and not checked when that is unknown
(\`LABEL org.opencontainers.image.created=$BUILD_DATE\` with \`ARG BUILD_DATE\`): the real value comes with
\`--build-arg\`.`,
      differences: `hadolint (\`label-schema\` and \`strict-labels\` in its config) reports a missing label for every stage
except those used by \`COPY --from\`, so a base stage that a labelled stage is built on is reported there and not here.
It checks values as written, so a value from a build argument is always malformed there, and it reports an empty
\`url\`/\`semver\`/… value under both DL3051 and the type's code; here only DL3051. Its SPDX check knows the whole SPDX
license list; here only common ids are known, and other licenses need \`LicenseRef-…\`.`,
    },
  },
  checkDockerfile(file, context) {
    const { schema, strict } = readOptions(context.options, context.note);
    const required = Object.keys(schema);
    if (required.length === 0 && !strict) return;

    for (const stage of imageStages(file)) {
      const set = labelsOf(stage);
      for (const label of required) {
        if (set.has(label)) continue;
        context.report({
          range: stage.from.keywordRange,
          message: `This image has no label \`${label}\`, which the label schema requires: add \`LABEL ${label}=…\``,
          aliases: ['DL3049'],
        });
      }
    }

    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'LABEL') continue;
      for (const pair of instruction.pairs) {
        const type = schema[pair.key];
        if (type === undefined) {
          if (strict) {
            context.report({ range: pair.keyRange, message: `Label \`${pair.key}\` is not in the label schema: remove it or add it to the schema`, aliases: ['DL3050'] });
          }
          continue;
        }
        checkValue(instruction, pair, type, context.report);
      }
    }
  },
});

function checkValue(instruction: Instruction, pair: KeyValue, type: LabelType, report: (r: { range: KeyValue['keyRange']; message: string; aliases: string[] }) => void): void {
  const written = pair.value ?? '';
  if (written.trim() === '') {
    report({ range: pair.keyRange, message: `Label \`${pair.key}\` is empty: give it a value`, aliases: ['DL3051'] });
    return;
  }
  const format = type === 'text' ? undefined : FORMATS[type];
  if (!format) return;
  const value = pair.valueWord?.expanded ?? written;
  if (value.includes('$') || format.valid(value)) return;
  const shown = value === written ? `\`${written}\`` : `\`${written}\` (\`${value}\`)`;
  report({
    range: pair.valueRange ?? pair.keyRange,
    message: `Label \`${pair.key}\` is ${shown}, which is not ${format.expected} as the label schema says`,
    aliases: [format.code],
  });
}

function readOptions(options: Readonly<Record<string, unknown>>, note: (text: string) => void): Options {
  const schema: Record<string, LabelType> = {};
  const raw = options.schema;
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    note('label-schema: the "schema" option must be an object from label key to type; it is ignored');
  } else if (raw) {
    for (const [label, type] of Object.entries(raw as Record<string, unknown>)) {
      const known = type === 'text' || (typeof type === 'string' && type in FORMATS);
      if (!known) note(`label-schema: label "${label}" has the unknown type ${JSON.stringify(type)}; it is checked as "text" (types: text, ${Object.keys(FORMATS).join(', ')})`);
      schema[label] = known ? (type as LabelType) : 'text';
    }
  }
  return { schema, strict: options.strict === true };
}

/** The label keys an image stage sets, its own and those of the stages it is built on. */
function labelsOf(stage: Stage): Set<string> {
  const keys = new Set<string>();
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    for (const instruction of s.instructions) if (instruction.keyword === 'LABEL') for (const pair of instruction.pairs) keys.add(pair.key);
  }
  return keys;
}

/** An absolute URI: a scheme, then only the characters RFC 3986 allows. */
function isUrl(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/.test(value) && URL.canParse(value);
}

function isRfc3339(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

function isEmail(value: string): boolean {
  const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  const local = `(${atext}(\\.${atext})*|"([^"\\\\\\r\\n]|\\\\.)*")`;
  const domain = `(${atext}(\\.${atext})*|\\[[^[\\]\\\\]*\\])`;
  return new RegExp(`^${local}@${domain}$`).test(value);
}

/** An SPDX license expression: ids (with an optional `+`), `WITH` exceptions, `AND`/`OR` and parentheses. */
function isSpdxExpression(value: string): boolean {
  const tokens = value.replace(/([()])/g, ' $1 ').trim().split(/\s+/);
  let i = 0;
  const license = (token: string | undefined): boolean =>
    token !== undefined && (/^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(token) || SPDX_IDS.has(token.replace(/\+$/, '').toLowerCase()));
  const term = (): boolean => {
    if (tokens[i] === '(') {
      i++;
      if (!expression() || tokens[i] !== ')') return false;
      i++;
      return true;
    }
    if (!license(tokens[i])) return false;
    i++;
    if (tokens[i]?.toUpperCase() === 'WITH') {
      i += 2;
      return /^[A-Za-z0-9.-]+$/.test(tokens[i - 1] ?? '');
    }
    return true;
  };
  const expression = (): boolean => {
    if (!term()) return false;
    while (tokens[i]?.toUpperCase() === 'AND' || tokens[i]?.toUpperCase() === 'OR') {
      i++;
      if (!term()) return false;
    }
    return true;
  };
  return expression() && i === tokens.length;
}
