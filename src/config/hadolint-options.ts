/**
 * hadolint's options as dockerlint settings, shared by the CLI (`--ignore DL3008`, `-t error`) and the Action
 * (hadolint-action's `ignore`, `failure-threshold` inputs), so that both read them alike.
 */
import { ConfigError, type Config, type FailLevel, type RuleSetting } from './config.js';
import { HADOLINT_SEVERITY, HADOLINT_THRESHOLD } from './hadolint-config.js';

export interface HadolintRuleOptions {
  readonly style?: readonly string[];
  readonly info?: readonly string[];
  readonly warning?: readonly string[];
  readonly error?: readonly string[];
  readonly ignore?: readonly string[];
}

/** Severity overrides, style up to error so that the most severe wins, then the ignored codes: hadolint's order. */
export function hadolintRuleSettings(options: HadolintRuleOptions): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  for (const level of ['style', 'info', 'warning', 'error'] as const) {
    for (const code of options[level] ?? []) settings[ruleCode(level, code)] = HADOLINT_SEVERITY[level];
  }
  for (const code of options.ignore ?? []) settings[ruleCode('ignore', code)] = 'off';
  return settings;
}

function ruleCode(option: string, code: string): string {
  if (!/^\S+$/.test(code)) throw new ConfigError(`${option} needs a rule id or code, e.g. ${option} DL3008 (got ${JSON.stringify(code)})`);
  return code;
}

/** hadolint's failure threshold as our fail level; `where` names the flag or input in the message. */
export function hadolintThreshold(where: string, value: string): FailLevel {
  const level = HADOLINT_THRESHOLD[value];
  if (!level) throw new ConfigError(`${where} ${value}: expected one of ${Object.keys(HADOLINT_THRESHOLD).join(', ')}`);
  return level;
}

export interface HadolintConfigOptions {
  readonly trustedRegistries?: readonly string[];
  /** `LABEL:TYPE`, as `--require-label`. */
  readonly requireLabels?: readonly string[];
  readonly strictLabels?: boolean;
  readonly disableIgnorePragma?: boolean;
}

/** The config with hadolint's options added to it; lists are concatenated, as hadolint merges them. */
export function withHadolintSettings(config: Config, options: HadolintConfigOptions): Config {
  const labels = options.requireLabels ?? [];
  let rules = config.rules;
  if (labels.length > 0 || options.strictLabels) {
    const before = rules['label-schema'];
    const ruleOptions = (Array.isArray(before) ? before[1] : undefined) ?? {};
    const schema: Record<string, string> = { ...((ruleOptions.schema as Record<string, string> | undefined) ?? {}) };
    for (const label of labels) {
      const at = label.lastIndexOf(':');
      if (at <= 0) throw new ConfigError(`--require-label ${label}: expected LABEL:TYPE, e.g. org.opencontainers.image.version:semver`);
      schema[label.slice(0, at)] = label.slice(at + 1) || 'text';
    }
    const severity = (Array.isArray(before) ? before[0] : typeof before === 'string' ? before : undefined) ?? 'warning';
    rules = { ...rules, 'label-schema': [severity, { ...ruleOptions, schema, ...(options.strictLabels ? { strict: true } : {}) }] };
  }
  return {
    ...config,
    rules,
    trustedRegistries: [...config.trustedRegistries, ...(options.trustedRegistries ?? [])],
    ...(options.disableIgnorePragma ? { noInlineConfig: true } : {}),
  };
}
