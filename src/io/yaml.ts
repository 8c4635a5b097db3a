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
let loadYaml = (): YamlModule => createRequire(import.meta.url)('yaml') as YamlModule;

/**
 * The bundles in dist/ have no node_modules to require `yaml` from at run time: they bundle it and hand over how to
 * load it here (src/bundle/embedded-modules.ts).
 */
export function useEmbeddedYaml(load: () => YamlModule): void {
  loadYaml = load;
}

/** The `yaml` package, loaded on first use. */
export function yaml(): YamlModule {
  yamlModule ??= loadYaml();
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
    return { error: describeYamlError(error) };
  }
}

interface YamlDocumentModule {
  parseDocument(text: string, options?: object): {
    errors: { message: string; pos: [number, number] }[];
    contents: unknown;
  };
  isMap(node: unknown): node is { items: { key: unknown; value: unknown }[] };
  isSeq(node: unknown): node is { items: unknown[] };
  isScalar(node: unknown): node is { value: unknown; type?: string; range?: [number, number, number] };
}

/** A node of a YAML document with its offsets in the text, for files whose findings point inside them. */
export interface YamlNode {
  readonly start: number;
  readonly end: number;
  /** The value under `key` of a mapping. */
  get(key: string): YamlNode | undefined;
  /** The entries of a sequence (none for anything else). */
  items(): YamlNode[];
  /** The value of a scalar that is a string (numbers as written: `- 3.10` in a list of specs). */
  string(): string | undefined;
  /** Where a one-line scalar's characters begin in `text`, when they read as written (plain or quoted without escapes). */
  contentStart(text: string): number | undefined;
}

/** A YAML document with positions, or why it is not valid YAML and where (an offset). */
export function parseYamlDocument(text: string): { readonly root: YamlNode | undefined } | { readonly error: string; readonly offset?: number } {
  const yamlDoc = yaml() as unknown as YamlDocumentModule;
  let doc: ReturnType<YamlDocumentModule['parseDocument']>;
  try {
    doc = yamlDoc.parseDocument(text, { uniqueKeys: false });
  } catch (error) {
    const message = error instanceof RangeError ? 'nested too deeply to read' : String((error as Error)?.message ?? error).split('\n')[0];
    return { error: `invalid YAML: ${message}` };
  }
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const what = (String(first.message).split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return { error: `invalid YAML: ${/call stack/i.test(what) ? 'nested too deeply to read' : what}`, offset: first.pos?.[0] };
  }
  const wrap = (node: unknown): YamlNode | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    const range = (node as { range?: [number, number, number] }).range ?? [0, 0, 0];
    return {
      start: range[0],
      end: range[1],
      get(key) {
        if (!yamlDoc.isMap(node)) return undefined;
        const pair = node.items.find((p) => yamlDoc.isScalar(p.key) && p.key.value === key);
        return pair ? wrap(pair.value) : undefined;
      },
      items() {
        return yamlDoc.isSeq(node) ? node.items.flatMap((item) => wrap(item) ?? []) : [];
      },
      string() {
        if (!yamlDoc.isScalar(node)) return undefined;
        const value = node.value;
        if (typeof value === 'string') return value;
        if (typeof value === 'number') return text.slice(range[0], range[1]);
        return undefined;
      },
      contentStart(source) {
        if (!yamlDoc.isScalar(node) || typeof node.value !== 'string') return undefined;
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        if (!quoted && node.type !== 'PLAIN') return undefined;
        const start = range[0] + (quoted ? 1 : 0);
        return source.slice(start, start + node.value.length) === node.value ? start : undefined;
      },
    };
  };
  return { root: wrap(doc.contents) };
}

/** The document with its nodes' offsets (for positions); its `errors` say what is not valid YAML. */
export function yamlDocument(text: string): Document.Parsed<ParsedNode> {
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
