/**
 * YAML, read with the `yaml` package (configs, Compose files). Loaded on first use: it costs about 40 ms to
 * import and most runs read no YAML at all.
 */
import { createRequire } from 'node:module';
import type { Document, ParsedNode } from 'yaml';

type YamlModule = typeof import('yaml');
interface YamlError {
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]];
}

let yamlModule: YamlModule | undefined;

/** The `yaml` package, loaded on first use. */
export function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

/** The value of a YAML document, or why it is not valid YAML in one line ("invalid YAML at line L, column C: what"). */
export function parseYaml(text: string): { readonly value: unknown } | { readonly error: string } {
  try {
    return { value: yaml().parse(text) };
  } catch (error) {
    return { error: describeYamlError(error) };
  }
}

/** The document with its nodes' offsets (for positions); its `errors` say what is not valid YAML. */
export function parseYamlDocument(text: string): Document.Parsed<ParsedNode> {
  return yaml().parseDocument(text, { keepSourceTokens: false });
}

/** One line for a YAML error: "invalid YAML at line L, column C: what". */
export function describeYamlError(error: unknown): string {
  const { message, linePos } = error as YamlError;
  // yaml's message is "What at line L, column C:" followed by a code frame; keep one line.
  const what = (String(message).split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const where = linePos ? ` at line ${linePos[0].line}, column ${linePos[0].col}` : '';
  return `invalid YAML${where}: ${what}`;
}
