/**
 * hadolint's config file (`.hadolint.yaml`), read when no config of ours is found, so that a team switching from
 * hadolint keeps its ignored codes, severities, threshold and trusted registries. It becomes an ordinary Config:
 * its codes are our rules' aliases, which settings already accept.
 *
 * Found as hadolint finds it, except that the search starts at the linted path and goes upward to the repository
 * root (hadolint looks in the working directory only): `.hadolint.yaml`, `.hadolint.yml`; then the user's own,
 * `$XDG_CONFIG_HOME/hadolint.yaml|yml` (default `~/.config`), `~/.hadolint/hadolint.yaml|yml`,
 * `~/.hadolint/config.yaml|yml`, `~/.hadolint.yaml|yml`. The first one found is used, nothing is merged.
 *
 * hadolint reports a config it cannot read and carries on without it; so do we (a note), since a pipeline that
 * hadolint passed must not fail for a file hadolint never used.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isInside, lintedTreeRoot, realpathOr } from '../discover/inside-tree.js';
import { parseYaml } from '../io/yaml.js';
import { describeFsError } from '../io/read-input.js';
import { emptyConfig, type Config, type FailLevel, type RuleSetting, type Severity } from './config.js';

const HADOLINT_CONFIG_NAMES = ['.hadolint.yaml', '.hadolint.yml'] as const;

/** hadolint's severities, ours in order: `style` is our `info`. */
export const HADOLINT_SEVERITY: Readonly<Record<string, Severity>> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

/**
 * hadolint's `failure-threshold` as our fail level. hadolint fails on findings at or above the threshold; at
 * `style`, `ignore` or `none` that is every finding, which is our `info`.
 */
export const HADOLINT_THRESHOLD: Readonly<Record<string, FailLevel>> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'info',
  ignore: 'info',
  none: 'info',
};

/** The label types hadolint's `label-schema` knows, which label-schema takes as they are. */
const LABEL_TYPES = new Set(['text', 'url', 'semver', 'hash', 'rfc3339', 'spdx', 'email']);

/** The first hadolint config for files in `startDir`: upward to the linted tree's root, then the user's own. */
export function findHadolintConfig(startDir: string, cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const start = resolve(startDir);
  const stop = lintedTreeRoot(start, cwd);
  for (let dir = start; ; dir = dirname(dir)) {
    for (const name of HADOLINT_CONFIG_NAMES) {
      const file = join(dir, name);
      // As for our own config: one linked out of the repository could be any file on the machine.
      if (isFile(file) && isInside(realpathOr(file), realpathOr(stop))) return file;
    }
    if (dir === stop || dirname(dir) === dir) break;
  }
  const home = env.HOME || homedir();
  const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
  const userFiles = [
    join(xdg, 'hadolint.yaml'),
    join(xdg, 'hadolint.yml'),
    join(home, '.hadolint', 'hadolint.yaml'),
    join(home, '.hadolint', 'hadolint.yml'),
    join(home, '.hadolint', 'config.yaml'),
    join(home, '.hadolint', 'config.yml'),
    join(home, '.hadolint.yaml'),
    join(home, '.hadolint.yml'),
  ];
  return userFiles.find(isFile);
}

/** Keys only hadolint's config has: a file named with `-c` that has one is hadolint's (hadolint-action's `config` input). */
const HADOLINT_ONLY_KEYS = ['ignored', 'override', 'failure-threshold', 'label-schema', 'strict-labels', 'disable-ignore-pragma', 'no-fail', 'no-color', 'format', 'formats'];

/** Whether a config named on the command line is hadolint's: by its name, or by keys ours does not have. */
export function isHadolintConfigFile(file: string): boolean {
  if (/hadolint[^/\\]*\.ya?ml$/i.test(file)) return true;
  if (!/\.ya?ml$/i.test(file)) return false;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // Our loader says why it cannot be read.
    return false;
  }
  const parsed = parseYaml(text);
  return 'value' in parsed && isObject(parsed.value) && Object.keys(parsed.value).some((key) => HADOLINT_ONLY_KEYS.includes(key));
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * A hadolint config as a Config of ours, with a note saying it was used. What cannot be used (unreadable file,
 * invalid YAML, a key of the wrong type, an unknown key) is a note too, and the rest applies.
 */
export function loadHadolintConfig(file: string, shown: string, cwd: string, named = false): Config {
  const notes: string[] = [];
  const base = emptyConfig(cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ...base, notes: [`${shown}: cannot read: ${describeFsError(error)}: ignored`] };
  }
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  if ('error' in parsed) return { ...base, notes: [`${shown}: ${parsed.error}: ignored, as hadolint does`] };
  const data = parsed.value ?? {};
  if (!isObject(data)) return { ...base, notes: [`${shown}: not a mapping of settings: ignored, as hadolint does`] };

  const skip = (key: string, expected: string) => notes.push(`${shown}: \`${key}\` must be ${expected}: ignored`);
  const rules: Record<string, RuleSetting> = {};
  let failLevel: FailLevel | undefined;
  let trustedRegistries: string[] = [];
  let noFail = false;
  let noColor = false;
  let noInlineConfig = false;
  let strictLabels = false;
  let labelSchema: Record<string, string> | undefined;
  const formats: string[] = [];

  // hadolint applies overrides from style up to error, so a code listed twice gets the more severe one.
  const override = data.override;
  if (override !== undefined) {
    if (!isObject(override)) skip('override', 'a mapping of error/warning/info/style to lists of codes');
    else {
      for (const level of ['style', 'info', 'warning', 'error'] as const) {
        const codes = override[level];
        if (codes === undefined || codes === null) continue;
        if (!isStringList(codes)) skip(`override.${level}`, 'a list of rule codes');
        else for (const code of codes) rules[code] = HADOLINT_SEVERITY[level];
      }
      for (const key of Object.keys(override)) if (!(key in HADOLINT_SEVERITY)) notes.push(`${shown}: unknown key \`override.${key}\`: ignored`);
    }
  }
  for (const [key, value] of Object.entries(data)) {
    if (value === null) continue;
    switch (key) {
      case 'override':
        break;
      case 'ignored':
        // Last, so that an ignored code stays off whatever its override says, as in hadolint.
        if (!isStringList(value)) skip(key, 'a list of rule codes');
        break;
      case 'failure-threshold':
        if (typeof value !== 'string' || !(value in HADOLINT_THRESHOLD)) skip(key, 'one of error, warning, info, style, ignore, none');
        else failLevel = HADOLINT_THRESHOLD[value];
        break;
      case 'trustedRegistries':
        // hadolint's README shows a string as well as a list.
        if (typeof value === 'string') trustedRegistries = [value];
        else if (isStringList(value)) trustedRegistries = value;
        else skip(key, 'a list of registries');
        break;
      case 'label-schema':
        if (!isObject(value) || !Object.values(value).every((t) => t === null || (typeof t === 'string' && (t === '' || LABEL_TYPES.has(t))))) {
          skip(key, `a mapping of label names to ${[...LABEL_TYPES].join(', ')}`);
        } else labelSchema = Object.fromEntries(Object.entries(value).map(([label, type]) => [label, type ? String(type) : 'text']));
        break;
      case 'strict-labels':
      case 'disable-ignore-pragma':
      case 'no-fail':
      case 'no-color':
      case 'verbose':
        if (typeof value !== 'boolean') skip(key, 'true or false');
        else if (key === 'strict-labels') strictLabels = value;
        else if (key === 'disable-ignore-pragma') noInlineConfig = value;
        else if (key === 'no-fail') noFail = value;
        else if (key === 'no-color') noColor = value;
        break;
      case 'format':
        if (typeof value !== 'string') skip(key, 'a format name');
        else formats.push(value);
        break;
      case 'formats':
        if (!isStringList(value)) skip(key, 'a list of format names');
        else formats.push(...value);
        break;
      default:
        notes.push(`${shown}: unknown key \`${key}\`: ignored`);
    }
  }
  if (isStringList(data.ignored)) for (const code of data.ignored) rules[code] = 'off';
  if (labelSchema !== undefined || strictLabels) {
    rules['label-schema'] = ['warning', { schema: labelSchema ?? {}, strict: strictLabels }];
  }
  notes.unshift(
    named ? `reading ${shown} as hadolint's config` : `using hadolint's config ${shown} (no dockerlint config found; \`dockerlint init\` writes one from it)`,
  );
  return {
    ...base,
    file,
    baseDir: dirname(file),
    rules,
    trustedRegistries,
    failLevel: noFail ? 'none' : failLevel,
    noInlineConfig,
    notes,
    hadolint: { noColor, formats },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
