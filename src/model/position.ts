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
