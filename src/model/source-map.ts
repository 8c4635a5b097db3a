import type { Position, Range } from './position.js';

/**
 * Text that was assembled from pieces of a file (a RUN body without its line
 * continuations and comment lines, a heredoc body, a JSON string) together with
 * where each piece came from, so that offsets found by a parser of the assembled
 * text can be reported at their place in the original file.
 */
export class MappedText {
  private readonly offsets: number[] = [];
  private readonly origins: Position[] = [];
  private parts: string[] = [];
  private length = 0;
  private joined: string | undefined;

  /** Appends `piece`, whose first character sits at `origin` and whose characters follow on that line. */
  append(piece: string, origin: Position | undefined): this {
    if (piece.length === 0) return this;
    if (origin) {
      this.offsets.push(this.length);
      this.origins.push(origin);
    }
    this.parts.push(piece);
    this.length += piece.length;
    this.joined = undefined;
    return this;
  }

  get text(): string {
    if (this.joined === undefined) {
      this.joined = this.parts.join('');
      this.parts = [this.joined];
    }
    return this.joined;
  }

  /** The file position of the character at `offset` in the assembled text. */
  positionAt(offset: number): Position {
    const offsets = this.offsets;
    if (offsets.length === 0) return { line: 1, column: 1 };
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const origin = this.origins[lo];
    return { line: origin.line, column: origin.column + (offset - offsets[lo]) };
  }

  /** Appends `other`, each of its pieces with its origin. */
  appendMapped(other: MappedText): this {
    const text = other.text;
    if (text.length === 0) return this;
    for (let i = 0; i < other.offsets.length; i++) {
      this.offsets.push(this.length + other.offsets[i]);
      this.origins.push(other.origins[i]);
    }
    this.parts.push(text);
    this.length += text.length;
    this.joined = undefined;
    return this;
  }

  /** `[start, end)` of the assembled text as a new MappedText, each piece with its origin. */
  slice(start: number, end: number): MappedText {
    const out = new MappedText();
    const text = this.text;
    for (let i = start; i < end; ) {
      const next = Math.min(end, this.offsets.find((o) => o > i) ?? end);
      out.append(text.slice(i, next), this.positionAt(i));
      i = next;
    }
    return out;
  }

  /** The same pieces with `text` (of the same length) in place of theirs: for character-for-character rewrites. */
  withText(text: string): MappedText {
    if (text.length !== this.length) throw new Error('MappedText.withText: the text must keep its length');
    const out = new MappedText();
    out.offsets.push(...this.offsets);
    out.origins.push(...this.origins);
    out.parts = [text];
    out.length = text.length;
    return out;
  }

  /** The file range of `[start, end)` in the assembled text (end exclusive). */
  rangeAt(start: number, end: number): Range {
    const from = this.positionAt(start);
    if (end <= start) return { start: from, end: from };
    // A range that takes in a line break ends at it: the column after a line's last character is its length + 1.
    if (this.text[end - 1] === '\n') return end - 1 <= start ? { start: from, end: from } : { start: from, end: this.positionAt(end - 1) };
    const last = this.positionAt(end - 1);
    return { start: from, end: { line: last.line, column: last.column + 1 } };
  }
}
