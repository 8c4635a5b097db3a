/**
 * `dockerlint init`: a `.dockerlintrc.yaml` in the working directory, so that a team starts from a file it can
 * read and change. Translated from hadolint's config when one is found (as the linter would find it), so that
 * switching keeps every setting; hadolint's codes stay as they are, since our config takes them as rule names.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError, findConfigFile, type Config } from './config.js';
import { findHadolintConfig, loadHadolintConfig } from './hadolint-config.js';
import { stringifyYaml } from '../io/yaml.js';

const FILE = '.dockerlintrc.yaml';
const SCHEMA = 'https://raw.githubusercontent.com/dockerlint-cli/dockerlint/main/schema/config.schema.json';

export function initConfig(cwd: string, env: NodeJS.ProcessEnv): { readonly message: string; readonly notes: readonly string[] } {
  const existing = findConfigFile(cwd, cwd);
  if (existing) throw new ConfigError(`${relative(cwd, existing) || existing}: a dockerlint config is already there: not overwritten`);
  const hadolintFile = findHadolintConfig(cwd, cwd, env);
  const shown = hadolintFile ? relative(cwd, hadolintFile) || hadolintFile : undefined;
  const hadolint = hadolintFile ? loadHadolintConfig(hadolintFile, shown!, cwd, true) : undefined;
  const header = [
    `# yaml-language-server: $schema=${SCHEMA}`,
    '# dockerlint configuration: https://github.com/dockerlint-cli/dockerlint#configuration',
    ...(shown ? [`# Translated from ${shown} by dockerlint init; hadolint's codes (DL3008) name the rules that answer to them.`] : []),
    ...untranslatable(hadolint),
  ];
  const body = hadolint ? translated(hadolint) : { rules: {}, failLevel: 'warning' };
  const text = `${header.join('\n')}\n${stringifyYaml(body)}`;
  try {
    // `wx`: a file that appeared meanwhile is not overwritten.
    writeFileSync(join(cwd, FILE), text, { flag: 'wx' });
  } catch (error) {
    throw new ConfigError(`${FILE}: cannot write: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  // The first note of a hadolint config says it was read, which the message says better.
  const notes = (hadolint?.notes ?? []).slice(1);
  return { message: shown ? `wrote ${FILE} from ${shown}` : `wrote ${FILE}`, notes };
}

function translated(config: Config): Record<string, unknown> {
  return {
    ...(Object.keys(config.rules).length > 0 ? { rules: config.rules } : {}),
    ...(config.trustedRegistries.length > 0 ? { trustedRegistries: config.trustedRegistries } : {}),
    ...(config.failLevel !== undefined ? { failLevel: config.failLevel } : {}),
    ...(config.noInlineConfig ? { noInlineConfig: true } : {}),
  };
}

/** hadolint's output settings, which a config of ours does not hold: said as comments, with what to do instead. */
function untranslatable(config: Config | undefined): string[] {
  const lines: string[] = [];
  if (config?.hadolint?.noColor) lines.push('# hadolint no-color: true: pass --no-color (or set NO_COLOR).');
  if (config?.hadolint?.formats.length) lines.push(`# hadolint format ${config.hadolint.formats.join(', ')}: pass -f on the command line (hadolint's names work).`);
  return lines;
}
