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
      module = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`${where}: plugin "${name}" could not be loaded: ${(error as Error).message.split('\n')[0]}`);
    }
    const exported = module.rules ?? (module.default as { rules?: unknown } | undefined)?.rules ?? module.default;
    const list = Array.isArray(exported) ? exported : [exported];
    for (const rule of list) {
      if (!isRule(rule)) throw new ConfigError(`${where}: plugin "${name}" does not export rules (objects with meta.id and a check function)`);
      rules.push(rule);
    }
  }
  return rules;
}

function isRule(value: unknown): value is Rule {
  const rule = value as Rule | undefined;
  return (
    typeof rule?.meta?.id === 'string' &&
    (typeof rule.checkDockerfile === 'function' || typeof rule.checkRequirements === 'function' || typeof rule.checkDockerignore === 'function')
  );
}
