/**
 * Content-based identities for findings, shared by the formats whose consumers
 * track findings across runs (SARIF's partialFingerprints, GitLab's fingerprint).
 */
import { createHash } from 'node:crypto';
import type { FileResult } from '../engine/finding.js';
import { comparePositions } from '../model/position.js';

/**
 * Per finding of a file (same order), a key made of what the finding is about
 * — rule, the flagged line's text with whitespace collapsed, the flagged text —
 * and the occurrence of that key in the file, counted in position order. No line
 * number enters it, so inserting or removing other lines leaves it unchanged.
 */
export function contentKeys(file: FileResult): { key: string; occurrence: number }[] {
  const keys = file.findings.map((finding) => {
    const { start, end } = finding.range;
    const line = file.lines[start.line - 1] ?? '';
    const flagged = line.slice(start.column - 1, end.line === start.line ? end.column - 1 : undefined);
    return [finding.rule, collapse(line), collapse(flagged)].join('\u0000');
  });
  const byPosition = keys
    .map((_, i) => i)
    .sort((a, b) => comparePositions(file.findings[a].range.start, file.findings[b].range.start) || a - b);
  const seen = new Map<string, number>();
  const occurrence: number[] = [];
  for (const i of byPosition) {
    const n = (seen.get(keys[i]) ?? 0) + 1;
    seen.set(keys[i], n);
    occurrence[i] = n;
  }
  return keys.map((key, i) => ({ key, occurrence: occurrence[i] }));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}


function collapse(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
