/**
 * The module-level imports of a Python file, with their positions: what `undeclared-import` checks
 * against the dependencies an image installs. Not a Python parser: one linear pass masks strings and
 * comments (so `"import x"` in a docstring is not an import), joins logical lines (brackets, `\`
 * continuations), and a stack of indented blocks tells module level (also inside a module-level `if`
 * or `try`) from function and class bodies, `try` bodies guarded by `except ImportError` and
 * `if TYPE_CHECKING:` blocks. Work is linear in the text, whatever the text.
 */
import { TextOffsets, type Range } from './position.js';

export interface PythonImport {
  /** The module as written, dotted: `google.cloud.storage`, `os.path`; `''` for `from . import x`. */
  readonly module: string;
  /**
   * For `from a.b import x, y`: `a.b.x` and `a.b.y`, which may be submodules (`from google.cloud import storage`).
   * Empty for `import a.b` and for `from a import *`.
   */
  readonly submodules: readonly string[];
  /** The range of the module name as written (of the dots too for a relative import). */
  readonly range: Range;
  /** `from . import x`, `from .a import b`: the project's own code. */
  readonly relative: boolean;
  /** In a `try` body (or handler) of a `try` that catches ImportError/ModuleNotFoundError: the code works without it. */
  readonly guarded: boolean;
  /** Under `if TYPE_CHECKING:`: only type checkers run it. */
  readonly typeChecking: boolean;
}

interface Block {
  readonly indent: number;
  readonly kind: 'function' | 'try' | 'handler' | 'type-checking' | 'other';
  /** For a `try` and its handlers: shared, set when an `except` of the try catches ImportError. */
  readonly guard?: { guarded: boolean };
}

/** Exceptions whose handler means "this import may fail": a bare `except:` too. */
const IMPORT_ERRORS = /^except\s*(?::|\(?\s*(?:[\w.]*\.)?(?:ImportError|ModuleNotFoundError|Exception|BaseException)\b|\(.*\b(?:ImportError|ModuleNotFoundError|Exception)\b)/;
const IDENTIFIER = /^[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*$/;

export function pythonImports(text: string): PythonImport[] {
  const masked = maskStringsAndComments(text);
  const found: { found: Omit<PythonImport, 'guarded'>; guard: { guarded: boolean } | undefined }[] = [];
  const stack: Block[] = [];
  /** The last `try` header seen at each indentation, for the `except` clauses that follow it. */
  const tries = new Map<number, { guarded: boolean }>();
  const offsets = new TextOffsets(text);
  const position = (offset: number) => offsets.position(offset);

  for (const line of logicalLines(masked)) {
    const indent = indentationOf(masked, line.start);
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    let statementStart = line.start + (indent === 0 ? 0 : leadingWhitespace(masked, line.start));
    const head = masked.slice(statementStart, line.end);
    // A compound statement's header opens a block; what follows its `:` on the same line is in that block.
    const header = /^(async\s+def|def|class|try|finally|else|elif|if|except|for|async\s+for|while|with|async\s+with|match|case)\b/.exec(head);
    if (header) {
      const keyword = header[1].replace(/\s+/g, ' ');
      let block: Block;
      if (keyword.endsWith('def') || keyword === 'class') block = { indent, kind: 'function' };
      else if (keyword === 'try') {
        const guard = { guarded: false };
        tries.set(indent, guard);
        block = { indent, kind: 'try', guard };
      } else if (keyword === 'except') {
        const guard = tries.get(indent);
        if (guard && IMPORT_ERRORS.test(head)) guard.guarded = true;
        block = { indent, kind: guard?.guarded ? 'handler' : 'other', guard: guard?.guarded ? guard : undefined };
      } else if (keyword === 'if' && /^if\s+(?:[\w.]*\.)?TYPE_CHECKING\s*:/.test(head)) block = { indent, kind: 'type-checking' };
      else block = { indent, kind: 'other' };
      stack.push(block);
      if (block.kind === 'function') continue;
      const colon = headerColon(head);
      if (colon < 0) continue;
      statementStart += colon + 1;
    }
    if (!/\bimport\b/.test(masked.slice(statementStart, line.end)) || stack.some((b) => b.kind === 'function')) continue;
    let guard: { guarded: boolean } | undefined;
    for (const block of stack) if (block.kind === 'try' || block.kind === 'handler') guard = block.guard;
    const typeChecking = stack.some((b) => b.kind === 'type-checking');
    // `;` separates simple statements; inside brackets it cannot appear in valid code.
    let start = statementStart;
    for (let i = statementStart; i <= line.end; i++) {
      if (i < line.end && masked[i] !== ';') continue;
      for (const statement of importsOf(masked, start, i, typeChecking, position)) found.push({ found: statement, guard });
      start = i + 1;
    }
  }
  return found.map(({ found: f, guard }) => ({ ...f, guarded: guard?.guarded ?? false }));
}

/** The imports of one simple statement `masked[start, end)`. Plain string work, no backtracking regexps: statements can be long. */
function importsOf(masked: string, start: number, end: number, typeChecking: boolean, position: (offset: number) => { line: number; column: number }): Omit<PythonImport, 'guarded'>[] {
  while (start < end && /\s/.test(masked[start])) start++;
  const statement = masked.slice(start, end);
  const at = (from: number, to: number): Range => ({ start: position(start + from), end: position(start + to) });
  const imports: Omit<PythonImport, 'guarded'>[] = [];
  if (/^import\b/.test(statement)) {
    let offset = 'import'.length;
    for (const part of statement.slice(offset).split(',')) {
      const written = part.replace(/[()]/g, ' ').split(/\sas\s/)[0];
      const lead = written.search(/[^\s\\]/);
      const module = written.replace(/[\s\\]+/g, '');
      if (lead >= 0 && isDottedName(module)) {
        const from = offset + lead;
        imports.push({ module, submodules: [], range: at(from, from + written.trimEnd().length - lead), relative: false, typeChecking });
      }
      offset += part.length + 1;
    }
    return imports;
  }
  if (!/^from[\s\\.]/.test(statement)) return imports;
  const keyword = /[\s\\.]import\b/.exec(statement);
  if (!keyword) return imports;
  const importAt = keyword.index + 1;
  const written = statement.slice(4, importAt);
  const lead = written.search(/[^\s\\]/);
  if (lead < 0) return imports;
  const name = written.replace(/[\s\\]+/g, '');
  const dots = /^\.*/.exec(name)![0];
  const module = name.slice(dots.length);
  if (module !== '' && !isDottedName(module)) return imports;
  const names = statement
    .slice(importAt + 'import'.length)
    .replace(/[()\\]/g, ' ')
    .split(',')
    .map((n) => n.trim().split(/\sas\s/)[0].trim())
    .filter((n) => IDENTIFIER.test(n));
  const nameStart = 4 + lead;
  imports.push({
    module,
    submodules: module === '' ? [] : names.map((n) => `${module}.${n}`),
    range: at(nameStart, 4 + written.replace(/[\s\\]+$/, '').length),
    relative: dots !== '',
    typeChecking,
  });
  return imports;
}

function isDottedName(name: string): boolean {
  return name !== '' && name.split('.').every((part) => IDENTIFIER.test(part));
}

/** The offset of the `:` that ends a compound statement's header (outside brackets; lambdas and slices are inside them or rare at module level). */
function headerColon(head: string): number {
  let depth = 0;
  for (let i = 0; i < head.length; i++) {
    const ch = head[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === ':' && depth === 0 && head[i + 1] !== '=') return i;
  }
  return -1;
}

/**
 * The text with the contents of strings and comments replaced by spaces (line breaks kept), so that offsets
 * and lines stay those of the file and nothing inside a string looks like code.
 */
function maskStringsAndComments(text: string): string {
  const out: string[] = new Array<string>(text.length);
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && i + 1 < text.length) {
        out[i] = ' ';
        const next = text[++i];
        out[i] = next === '\n' || next === '\r' ? next : ' ';
        continue;
      }
      if (text.startsWith(quote, i)) {
        for (let k = 0; k < quote.length; k++) out[i + k] = ch;
        i += quote.length - 1;
        quote = '';
        continue;
      }
      // A line break ends an unterminated one-quote string: the rest of the file is not swallowed.
      if ((ch === '\n' || ch === '\r') && quote.length === 1) quote = '';
      out[i] = ch === '\n' || ch === '\r' ? ch : ' ';
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') out[i++] = ' ';
      i--;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      for (let k = 0; k < quote.length; k++) out[i + k] = ch;
      i += quote.length - 1;
      continue;
    }
    out[i] = ch;
  }
  return out.join('');
}

/** Logical lines of the masked text: physical lines joined inside brackets and after a `\`; blank lines left out. */
function* logicalLines(masked: string): Generator<{ start: number; end: number }> {
  let start = 0;
  let depth = 0;
  for (let i = 0; i <= masked.length; i++) {
    const ch = masked[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    const atEnd = i === masked.length;
    if (!atEnd && ch !== '\n') continue;
    const continued = !atEnd && (depth > 0 || /\\\r?$/.test(masked.slice(Math.max(start, i - 2), i)));
    if (continued) continue;
    const end = i > start && masked[i - 1] === '\r' ? i - 1 : i;
    if (masked.slice(start, end).trim() !== '') yield { start, end };
    start = i + 1;
    depth = 0;
  }
}

function leadingWhitespace(masked: string, start: number): number {
  let n = 0;
  while (masked[start + n] === ' ' || masked[start + n] === '\t' || masked[start + n] === '\f') n++;
  return n;
}

/** Columns of leading whitespace, a tab to the next multiple of 8 as Python counts it. */
function indentationOf(masked: string, start: number): number {
  let column = 0;
  for (let i = start; ; i++) {
    const ch = masked[i];
    if (ch === ' ') column++;
    else if (ch === '\t') column = column - (column % 8) + 8;
    else if (ch !== '\f') return column;
  }
}

