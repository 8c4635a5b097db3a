/**
 * YAML, read with the `yaml` package (configs, Compose files). Loaded on first use: it costs about 40 ms to
 * import and most runs read no YAML at all.
 */
import { createRequire } from 'node:module';

interface YamlModule {
  parse(text: string): unknown;
}
interface YamlError {
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]];
}

let yamlModule: YamlModule | undefined;

/** The value of a YAML document, or why it is not valid YAML in one line ("invalid YAML at line L, column C: what"). */
export function parseYaml(text: string): { readonly value: unknown } | { readonly error: string } {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  try {
    return { value: yamlModule.parse(text) };
  } catch (error) {
    const { message, linePos } = error as YamlError;
    // yaml's message is "What at line L, column C:" followed by a code frame; keep one line.
    const what = (String(message).split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const where = linePos ? ` at line ${linePos[0].line}, column ${linePos[0].col}` : '';
    return { error: `invalid YAML${where}: ${what}` };
  }
}
