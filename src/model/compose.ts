/**
 * A Compose file (`compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yml`...): its services, what each one
 * builds (context, dockerfile, dockerfile_inline, args, target) and the image it runs, with their positions in the
 * file. Parsed with the `yaml` package (src/io/yaml.ts); values come from the document as Compose reads it (anchors
 * and `<<` merges resolved), positions from the nodes written in the service itself.
 */
import type { Document, Node, Pair, ParsedNode, Scalar, YAMLMap } from 'yaml';
import { describeYamlError, yaml, yamlDocument } from '../io/yaml.js';
import { linesOf, range, TextOffsets, type Range } from './position.js';

export interface ComposeModel {
  readonly kind: 'compose';
  readonly path: string;
  readonly lines: readonly string[];
  readonly services: readonly ComposeService[];
  /** Why the file is not a Compose file Docker can read: invalid YAML, or a top level that is not a mapping. */
  readonly errors: readonly { readonly message: string; readonly range: Range }[];
}

export interface ComposeService {
  readonly name: string;
  /** The service's key. */
  readonly nameRange: Range;
  readonly image?: ComposeImage;
  readonly build?: ComposeBuild;
  /** True when the service has a `develop:` section (Compose Watch): it is run for development. */
  readonly develop?: boolean;
}

export interface ComposeImage {
  readonly text: string;
  /** The value as written (inside its quotes), or the service's key when the value comes from an anchor or a merge. */
  readonly range: Range;
  /** Where the value's text starts when it is written on one line exactly as read (no escapes): offsets into `text` map to columns from here. */
  readonly textStart?: { readonly line: number; readonly column: number };
}

export interface ComposeBuild {
  /** As written (`.` when only `dockerfile` is given); remote contexts (Git, HTTP URLs) included. */
  readonly context: string;
  readonly dockerfile?: string;
  readonly inline?: InlineDockerfile;
  readonly target?: string;
  readonly args: Readonly<Record<string, string>>;
}

/**
 * `dockerfile_inline`: the Dockerfile's text and where each of its lines starts in the Compose file, when that
 * mapping is exact (a `|` block, or a one-line value written as read); otherwise `unmapped` says why.
 */
export type InlineDockerfile =
  | { readonly text: string; readonly lineStarts: readonly { readonly line: number; readonly column: number }[]; readonly keyRange: Range }
  | { readonly text: string; readonly unmapped: string; readonly keyRange: Range };

export function parseCompose(text: string, path: string): ComposeModel {
  const lines = linesOf(text);
  const offsets = new TextOffsets(text);
  const at = (offset: number) => offsets.position(offset);
  const rangeOf = (node: Node | null | undefined): Range | undefined => {
    if (!node?.range) return undefined;
    const start = at(node.range[0]);
    let end = at(node.range[1]);
    // A block node ends where the next line starts: end it on its own last line instead.
    if (end.column === 1 && end.line > start.line) end = { line: end.line - 1, column: (lines[end.line - 2] ?? '').length + 1 };
    return spanOf(start, end);
  };
  const firstLine = range(1, 1, 1, 1);
  const doc = yamlDocument(text);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const start = at(error.pos[0]);
    return { kind: 'compose', path, lines, services: [], errors: [{ message: describeYamlError(error), range: spanOf(start, start) }] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias expanded too often (a "billion laughs" file), or one that names nothing.
    return { kind: 'compose', path, lines, services: [], errors: [{ message: `invalid YAML: ${firstLineOf(error)}`, range: firstLine }] };
  }
  if (value === null || value === undefined) return { kind: 'compose', path, lines, services: [], errors: [] };
  if (!isObject(value)) {
    return { kind: 'compose', path, lines, services: [], errors: [{ message: 'the top level is not a mapping of keys such as `services`', range: rangeOf(doc.contents) ?? firstLine }] };
  }
  const services: ComposeService[] = [];
  const servicesNode = mapValue(doc, doc.contents, 'services');
  if (isObject(value.services)) {
    for (const [name, raw] of Object.entries(value.services)) {
      const pair = pairOf(doc, servicesNode, name);
      const nameRange = rangeOf(pair?.key as Node | undefined) ?? rangeOf(servicesNode) ?? firstLine;
      const node = pair ? resolved(doc, pair.value as Node | null) : undefined;
      services.push({ name, nameRange, ...imageOf(raw, node), ...buildOf(raw, node), ...(field(raw, 'develop') !== undefined ? { develop: true } : {}) });
    }
  }
  return { kind: 'compose', path, lines, services, errors: [] };

  function imageOf(service: unknown, node: Node | undefined): { image?: ComposeImage } {
    const image = field(service, 'image');
    if (typeof image !== 'string') return {};
    const pair = pairOf(doc, node, 'image');
    const scalar = pair?.value && yaml().isScalar(pair.value) ? (pair.value as Scalar) : undefined;
    if (!scalar?.range || scalar.value !== image) return { image: { text: image, range: rangeOf(pair?.key as Node | undefined) ?? firstLine } };
    const written = text.slice(scalar.range[0], scalar.range[1]);
    const quote = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE' ? 1 : 0;
    const inner = written.slice(quote, written.length - quote);
    const exact = inner === image && !inner.includes('\n');
    const start = at(scalar.range[0] + quote);
    return {
      image: {
        text: image,
        range: exact ? spanOf(start, { line: start.line, column: start.column + inner.length }) : rangeOf(scalar)!,
        ...(exact ? { textStart: start } : {}),
      },
    };
  }

  function buildOf(service: unknown, node: Node | undefined): { build?: ComposeBuild } {
    const build = field(service, 'build');
    if (typeof build === 'string') return { build: { context: build, args: {} } };
    if (!isObject(build)) return {};
    const buildNode = mapValue(doc, node, 'build');
    const string = (key: string) => (typeof build[key] === 'string' ? (build[key] as string) : undefined);
    const args: Record<string, string> = {};
    if (isObject(build.args)) {
      for (const [key, v] of Object.entries(build.args)) if (typeof v === 'string' || typeof v === 'number') args[key] = String(v);
    } else if (Array.isArray(build.args)) {
      for (const item of build.args) if (typeof item === 'string' && item.includes('=')) args[item.slice(0, item.indexOf('='))] = item.slice(item.indexOf('=') + 1);
    }
    const inlineText = string('dockerfile_inline');
    const dockerfile = string('dockerfile');
    const target = string('target');
    return {
      build: {
        context: string('context') ?? '.',
        ...(dockerfile !== undefined ? { dockerfile } : {}),
        ...(target !== undefined ? { target } : {}),
        args,
        ...(inlineText !== undefined ? { inline: inlineOf(inlineText, pairOf(doc, buildNode, 'dockerfile_inline')) } : {}),
      },
    };
  }

  /** Where each line of the inline Dockerfile is in the Compose file, checked against the text YAML read. */
  function inlineOf(value: string, pair: Pair | undefined): InlineDockerfile {
    const keyRange = rangeOf(pair?.key as Node | undefined) ?? firstLine;
    const scalar = pair?.value && yaml().isScalar(pair.value) ? (pair.value as Scalar) : undefined;
    if (!scalar?.range || scalar.value !== value) return { text: value, unmapped: 'it comes from an anchor or a merge', keyRange };
    const [startOffset, endOffset] = scalar.range;
    if (scalar.type === 'BLOCK_LITERAL') {
      const first = at(startOffset).line + 1;
      const last = at(Math.max(startOffset, endOffset - 1)).line;
      const source = lines.slice(first - 1, last);
      const indent = Math.min(...source.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
      const valueLines = value.replace(/\n+$/, '').split('\n');
      const lineStarts = valueLines.map((_, i) => ({ line: first + i, column: indent + 1 }));
      // Exact only when removing the indentation gives back, line for line, the text YAML read.
      const exact =
        Number.isFinite(indent) &&
        valueLines.length <= source.length &&
        valueLines.every((line, i) => (source[i] ?? '').slice(indent) === line || (line === '' && (source[i] ?? '').trim() === ''));
      return exact ? { text: value, lineStarts, keyRange } : { text: value, unmapped: 'its indentation could not be mapped line by line', keyRange };
    }
    if (scalar.type === 'BLOCK_FOLDED') return { text: value, unmapped: 'it is a folded `>` block, whose lines YAML joins', keyRange };
    const quote = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE' ? 1 : 0;
    const inner = text.slice(startOffset + quote, endOffset - quote);
    if (inner === value && !value.includes('\n')) return { text: value, lineStarts: [at(startOffset + quote)], keyRange };
    return { text: value, unmapped: 'it is a quoted or multi-line value whose lines cannot be mapped exactly (write it as a `|` block)', keyRange };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function firstLineOf(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}

/** An alias node's target, so that positions are taken from where the mapping is written. */
function resolved(doc: Document.Parsed<ParsedNode>, node: Node | null | undefined): Node | undefined {
  if (!node) return undefined;
  if (yaml().isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? undefined;
  return node;
}

/** The pair with the plain key `key` written in the mapping `node`. */
function pairOf(doc: Document.Parsed<ParsedNode>, node: Node | null | undefined, key: string): Pair | undefined {
  const map = resolved(doc, node);
  if (!map || !yaml().isMap(map)) return undefined;
  return (map as YAMLMap).items.find((item) => {
    const k = item.key as Scalar | null;
    return k !== null && typeof k === 'object' && 'value' in k && String(k.value) === key;
  });
}

function mapValue(doc: Document.Parsed<ParsedNode>, node: Node | null | undefined, key: string): Node | undefined {
  return resolved(doc, pairOf(doc, node, key)?.value as Node | null | undefined);
}

/** A range from two positions; one that would end on the next line's first column ends at the end of its own line. */
function spanOf(start: { line: number; column: number }, end: { line: number; column: number }): Range {
  return { start, end: end.line < start.line || (end.line === start.line && end.column < start.column) ? start : end };
}
