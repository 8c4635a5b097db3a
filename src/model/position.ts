/** 1-based line and column, as editors and every report format show them. */
export interface Position {
  line: number;
  column: number;
}

/** A span of source text; `end` is exclusive (the column just after the last character). */
export interface Range {
  start: Position;
  end: Position;
}

export function range(line: number, column: number, endLine: number, endColumn: number): Range {
  return { start: { line, column }, end: { line: endLine, column: endColumn } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

export function contains(outer: Range, inner: Position): boolean {
  return comparePositions(outer.start, inner) <= 0 && comparePositions(inner, outer.end) <= 0;
}

/** The text of `r` in `lines` as written, its line breaks as `\n`. */
export function textIn(lines: readonly string[], r: Range): string {
  if (r.start.line === r.end.line) return (lines[r.start.line - 1] ?? '').slice(r.start.column - 1, r.end.column - 1);
  const parts = [(lines[r.start.line - 1] ?? '').slice(r.start.column - 1)];
  for (let line = r.start.line + 1; line < r.end.line; line++) parts.push(lines[line - 1] ?? '');
  parts.push((lines[r.end.line - 1] ?? '').slice(0, r.end.column - 1));
  return parts.join('\n');
}

/** The text of a range that sits on one line, as written (for finding offsets in it); undefined for one over several lines. */
export function oneLineText(lines: readonly string[], r: Range): string | undefined {
  return r.start.line === r.end.line ? textIn(lines, r) : undefined;
}

/** The empty range just after the last character of a file: where a line added at the end would go. */
export function endOfFile(lines: readonly string[]): Range {
  const line = Math.max(1, lines.length);
  const column = (lines[line - 1] ?? '').length + 1;
  return range(line, column, line, column);
}

/**
 * A text's lines as editors and YAML, Python and the report formats count them: broken at `\r\n`, a lone `\r` and
 * `\n`. For models built from a parser that gives offsets (YAML, TOML, the Python import scanner).
 */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Offsets into a text as 1-based lines and columns, the lines being those of `linesOf`. */
export class TextOffsets {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
