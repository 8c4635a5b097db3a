/**
 * Deliberate differences from hadolint, as `npm run parity` counts them.
 *
 * Each rule that differs from hadolint on purpose says so in its docs
 * (`docs.differences`); the entries here recognise the disagreements that one
 * of those paragraphs explains, so that the parity report can say how many of
 * hadolint's and dockerlint's lone findings each difference accounts for and
 * show the rest, which are bugs or unexplained. One module per rule, beside
 * this one; `index.ts` lists them.
 *
 * A predicate sees the disagreement with the parsed file and the instruction
 * it is on: it may read the model (commands, flags, stages) and the text of the
 * instruction, and it must only match the case its `reason` describes.
 */
import type { DockerfileModel, Instruction } from '../../src/model/dockerfile.js';

export interface Disagreement {
  readonly code: string;
  /** Which tool alone reported it. */
  readonly side: 'hadolint' | 'dockerlint';
  readonly file: DockerfileModel;
  /** The instruction that starts at `line`, if any. */
  readonly instruction: Instruction | undefined;
  /** The instruction's lines as written (the line itself outside instructions). */
  readonly text: string;
  readonly line: number;
  /** The lone finding's message (hadolint's or dockerlint's `rule: message`). */
  readonly message: string;
}

export interface Difference {
  /** The hadolint code. */
  readonly code: string;
  /** Which tool alone reports in this case. */
  readonly side: 'hadolint' | 'dockerlint';
  /** The dockerlint rule whose docs explain the difference. */
  readonly rule: string;
  /** One line: the case, as the rule's docs name it. */
  readonly reason: string;
  readonly matches: (d: Disagreement) => boolean;
}
