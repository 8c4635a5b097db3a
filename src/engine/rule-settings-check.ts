/**
 * Rule settings name rules that exist and give their options values of the declared type: a typo
 * (`unpined-version`, `DL9999`) would otherwise switch nothing off and nobody would know. Checked once the rules
 * are known, plugins included, so that a plugin's rule ids are as good as ours.
 */
import type { Config, RuleSetting } from '../config/config.js';
import { peerCodes } from '../peers/codes.js';
import { closestName, typoDistance } from './closest-name.js';
import type { Rule, RuleOption } from './rule.js';

/**
 * A setting that names no rule, or gives an option a value of the wrong type: one line, for a ConfigError.
 * `anyName`: names no rule knows are let through (they may be the rules of plugins that were not loaded).
 */
export function ruleSettingProblem(settings: Readonly<Record<string, RuleSetting>>, rules: readonly Rule[], anyName = false): string | undefined {
  const byName = new Map<string, Rule>();
  for (const rule of rules) {
    byName.set(rule.meta.id, rule);
    for (const alias of rule.meta.aliases) if (!byName.has(alias)) byName.set(alias, rule);
  }
  for (const [name, setting] of Object.entries(settings)) {
    const rule = byName.get(name);
    if (!rule) {
      if (anyName || isKnownPeerCode(name)) continue;
      return `unknown rule "${name}"${didYouMean(name, [...byName.keys()])}`;
    }
    const problem = Array.isArray(setting) ? optionsProblem(rule, setting[1]) : undefined;
    if (problem) return `rule "${name}": ${problem}`;
  }
  return undefined;
}

/** Every setting of a config (`rules` and each override's), for ruleSettingProblem. */
export function configRuleSettings(config: Config): Record<string, RuleSetting>[] {
  return [config.rules, ...config.overrides.map((o) => o.rules)];
}

/**
 * A real peer code that no rule claims (hadolint's DL3059 is claimed; DL4001 is not) is accepted: a setup written
 * for hadolint names them, and they apply to nothing here. ShellCheck's codes (`ignored: [SC2086]`, common in
 * hadolint configs) reach the shellcheck rule's findings whatever their number.
 */
function isKnownPeerCode(name: string): boolean {
  return /^SC\d{4}$/.test(name) || peerCodes.some((p) => p.code === name);
}

function optionsProblem(rule: Rule, options: Record<string, unknown> | undefined): string | undefined {
  const declared = rule.meta.options;
  // A rule that declares no options (a plugin's, often) reads what it is given: nothing to check against.
  if (!declared || !options || typeof options !== 'object') return undefined;
  for (const [key, value] of Object.entries(options)) {
    const option = declared[key];
    // Options that a rule reads without declaring a type (label-schema's `schema`) are the rule's to check.
    if (!option) continue;
    if (!hasType(value, option.type)) {
      return `option "${key}" must be ${typeName(option.type)} (got ${JSON.stringify(value) ?? String(value)})`;
    }
  }
  return undefined;
}

function hasType(value: unknown, type: RuleOption['type']): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

function typeName(type: RuleOption['type']): string {
  return type === 'string[]' ? 'a list of strings' : `a ${type}`;
}

function didYouMean(name: string, candidates: readonly string[]): string {
  const near = closestName(name, candidates, typoDistance(name));
  return near ? ` (did you mean "${near}"?)` : '';
}
