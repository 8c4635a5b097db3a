/**
 * Plugins: modules named in the config's `plugins` that export rules of the
 * same shape as the built-in ones (a default export that is a rule, an array
 * of rules, or `{ rules: [...] }`; or a named export `rules`).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config/config.js';
import { ConfigError } from '../config/config.js';
import type { Rule } from './rule.js';
import { importModule } from '../io/import-module.js';

export async function loadPlugins(config: Config): Promise<Rule[]> {
  const rules: Rule[] = [];
  const where = config.file ?? config.baseDir;
  for (const name of config.plugins) {
    const isPath = name.startsWith('.') || name.startsWith('/');
    let url: string;
    try {
      url = isPath
        ? pathToFileURL(resolve(config.baseDir, name)).href
        : pathToFileURL(createRequire(resolve(config.baseDir, 'package.json')).resolve(name)).href;
    } catch {
      throw new ConfigError(`${where}: plugin "${name}" was not found`);
    }
    let module: Record<string, unknown>;
    try {
      module = (await importModule(url)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`${where}: plugin "${name}" could not be loaded: ${(error as Error).message.split('\n')[0]}`);
    }
    const exported = module.rules ?? (module.default as { rules?: unknown } | undefined)?.rules ?? module.default;
    const list = Array.isArray(exported) ? exported : [exported];
    for (const rule of list) {
      const problem = ruleProblem(rule);
      if (problem) throw new ConfigError(`${where}: plugin "${name}": ${problem}`);
      rules.push(withPlugin(rule as Rule, name));
    }
  }
  return rules;
}

/** The rule as the engine runs it: its metadata says which plugin it came from, for messages about it. */
function withPlugin(rule: Rule, plugin: string): Rule {
  return Object.assign(Object.create(rule) as Rule, { meta: { ...rule.meta, plugin } });
}

const SEVERITIES = new Set(['error', 'warning', 'info']);
const CATEGORIES = new Set(['correctness', 'security', 'reproducibility', 'build-cache', 'image-size', 'maintainability', 'style']);
const REQUIRED_DOCS = ['rationale', 'bad', 'good'] as const;

/**
 * What is wrong with an exported value as a rule, in one line naming the rule, or undefined when it is one:
 * everything a reporter or the docs read must be there, so that a plugin cannot crash a report.
 */
function ruleProblem(value: unknown): string | undefined {
  const rule = value as Partial<Rule> | undefined;
  const meta = rule?.meta as Partial<Rule['meta']> | undefined;
  if (typeof meta?.id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(meta.id)) {
    return 'exports something that is not a rule (an object with meta.id in kebab-case and a check function)';
  }
  const named = `rule "${meta.id}"`;
  if (!['checkDockerfile', 'checkRequirements', 'checkDockerignore', 'checkCompose'].some((k) => typeof (rule as Record<string, unknown>)[k] === 'function')) {
    return `${named} has no checkDockerfile, checkRequirements, checkDockerignore or checkCompose function`;
  }
  if (!SEVERITIES.has(meta.severity as string)) return `${named}: meta.severity must be error, warning or info`;
  if (!CATEGORIES.has(meta.category as string)) return `${named}: meta.category must be one of ${[...CATEGORIES].join(', ')}`;
  if (typeof meta.summary !== 'string' || meta.summary.trim() === '') return `${named}: meta.summary must be a non-empty string`;
  if (!Array.isArray(meta.aliases) || !meta.aliases.every((a) => typeof a === 'string')) return `${named}: meta.aliases must be an array of strings`;
  for (const key of REQUIRED_DOCS) {
    const text = (meta.docs as unknown as Record<string, unknown> | undefined)?.[key];
    if (typeof text !== 'string' || text.trim() === '') return `${named}: meta.docs.${key} must be a non-empty string`;
  }
  return undefined;
}
