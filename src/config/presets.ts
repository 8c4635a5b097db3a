/**
 * Presets: the rule settings a config starts from (`"extends": "hadolint"`, `--preset strict`).
 *
 * - `recommended` (the default): every rule at its own severity; the run fails on warnings.
 * - `strict`: every rule, `info` findings raised to `warning`; the run fails on any finding.
 * - `hadolint`: only what hadolint reports, at hadolint's severities and with its default gate: the rules that answer
 *   to a hadolint code, each finding at the severity hadolint gives its code (`DL3026` error, `DL3059` info), ShellCheck
 *   as hadolint runs it, and a run that fails on `info`. hadolint's `style` (DL3048) and off-by-default codes (DL3057,
 *   DL1001) are left out: hadolint does not fail on them by default. A team that switches from hadolint starts green
 *   where hadolint was, and tightens from there.
 *
 * The user's own settings go on top: a rule the config sets by id is no longer held to the preset's settings of its
 * aliases, so `"extends": "hadolint", "rules": { "unpinned-version": "error" }` makes every such finding an error.
 */
import type { Rule } from '../engine/rule.js';
import { hadolintSeverity } from '../peers/codes.js';
import type { FailLevel, PresetName, RuleSetting } from './config.js';

export interface Preset {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** The fail level when neither the config nor the command line sets one. */
  readonly failLevel: FailLevel;
}

const HADOLINT_LEVEL = { error: 'error', warning: 'warning', info: 'info', style: 'off', ignore: 'off' } as const;

/** The settings of a preset for these rules (plugins' rules included). */
export function presetSettings(name: PresetName, rules: readonly Rule[]): Preset {
  if (name === 'recommended') return { rules: {}, failLevel: 'warning' };
  if (name === 'strict') {
    const settings: Record<string, RuleSetting> = {};
    for (const { meta } of rules) if (meta.severity === 'info') settings[meta.id] = 'warning';
    return { rules: settings, failLevel: 'info' };
  }
  const settings: Record<string, RuleSetting> = {};
  for (const { meta } of rules) if (meta.id !== 'shellcheck' && meta.id !== 'internal-error' && meta.id !== 'file-not-linted') settings[meta.id] = 'off';
  for (const [code, level] of Object.entries(hadolintSeverity)) settings[code] = HADOLINT_LEVEL[level];
  return { rules: settings, failLevel: 'info' };
}

/**
 * The preset's settings with the user's on top. A rule the user sets by id drops the preset's settings of its
 * aliases, which would otherwise decide its findings' severity (an alias's setting is applied after the rule's).
 */
export function withPreset(preset: Preset, own: Readonly<Record<string, RuleSetting>>, rules: readonly Rule[]): Record<string, RuleSetting> {
  if (Object.keys(preset.rules).length === 0) return { ...own };
  const merged: Record<string, RuleSetting> = { ...preset.rules };
  for (const { meta } of rules) {
    if (!Object.hasOwn(own, meta.id)) continue;
    for (const alias of meta.aliases) if (!Object.hasOwn(own, alias)) delete merged[alias];
  }
  return Object.assign(merged, own);
}
