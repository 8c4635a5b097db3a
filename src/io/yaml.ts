/**
 * YAML, read with the `yaml` package (configs, Compose files). Loaded on first use: it costs about 40 ms to
 * import and most runs read no YAML at all.
 */
import { createRequire } from 'node:module';

interface YamlModule {
  parse(text: string): unknown;
  stringify(value: unknown): string;
}
interface YamlError {
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]];
}

let yamlModule: YamlModule | undefined;

/**
 * The bundles in dist/ have no node_modules to require `yaml` from at run time: they import it and hand it over
 * here (src/bundle/embedded-modules.ts).
 */
export function useEmbeddedYaml(module: YamlModule): void {
  yamlModule = module;
}

function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

/** YAML text for a plain value (`dockerlint init`). */
export function stringifyYaml(value: unknown): string {
  return yaml().stringify(value);
}

/** The value of a YAML document, or why it is not valid YAML in one line ("invalid YAML at line L, column C: what"). */
export function parseYaml(text: string): { readonly value: unknown } | { readonly error: string } {
  try {
    return { value: yaml().parse(text) };
  } catch (error) {
    const { message, linePos } = error as YamlError;
    // yaml's message is "What at line L, column C:" followed by a code frame; keep one line.
    const what = (String(message).split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const where = linePos ? ` at line ${linePos[0].line}, column ${linePos[0].col}` : '';
    return { error: `invalid YAML${where}: ${what}` };
  }
}
