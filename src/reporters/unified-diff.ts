/**
 * A unified diff (`diff -u`, three lines of context) of a file before and after `--fix`, for `--diff`. Lines are
 * compared with their line breaks, so that a change of line ending would show. The line matching is Myers' O(ND)
 * algorithm; past MAX_EDIT_DISTANCE differing lines (a fix run rewrites few) the changed middle is shown as one block,
 * so that the work stays bounded on any input.
 */

const CONTEXT = 3;
const MAX_EDIT_DISTANCE = 2000;

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/** The lines of `text` with their line breaks (`\r\n`, `\r`, `\n`); the last one may have none. */
function linesWithEnds(text: string): string[] {
  return text.match(/[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** `created`: the file does not exist before (`--- /dev/null`, as git shows a new file). */
export function unifiedDiff(path: string, before: string, after: string, created = false): string {
  if (before === after) return '';
  const a = linesWithEnds(before);
  const b = linesWithEnds(after);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  // Each change with its context; changes whose contexts meet share a hunk.
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.kind === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]!.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) {
        end = next;
        continue;
      }
      end = Math.min(ops.length, end + CONTEXT);
      break;
    }
    // Line numbers of the hunk's first line in each file.
    let oldLine = 1;
    let newLine = 1;
    for (let k = 0; k < start; k++) {
      if (ops[k]!.kind !== '+') oldLine++;
      if (ops[k]!.kind !== '-') newLine++;
    }
    const body = ops.slice(start, end);
    const oldCount = body.filter((op) => op.kind !== '+').length;
    const newCount = body.filter((op) => op.kind !== '-').length;
    hunks.push(`@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@\n`);
    for (const op of body) {
      const ended = /(\r\n|\r|\n)$/.test(op.line);
      hunks.push(`${op.kind}${op.line}${ended ? '' : '\n\\ No newline at end of file\n'}`);
    }
    i = end;
  }
  return `--- ${created ? '/dev/null' : `a/${path}`}\n+++ b/${path}\n${hunks.join('')}`;
}

/** The edit script from `a` to `b`: Myers' greedy algorithm, with a bounded distance. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  // The common ends first: the usual fix changes a few lines in the middle.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const middle = myers(midA, midB) ?? [...midA.map((line) => ({ kind: '-' as const, line })), ...midB.map((line) => ({ kind: '+' as const, line }))];
  return [...a.slice(0, prefix).map((line) => ({ kind: ' ' as const, line })), ...middle, ...a.slice(a.length - suffix).map((line) => ({ kind: ' ' as const, line }))];
}

function myers(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset, d);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], a: readonly string[], b: readonly string[], offset: number, distance: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = distance; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (down) ops.push({ kind: '+', line: b[--y]! });
    else ops.push({ kind: '-', line: a[--x]! });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[--x]! });
    y--;
  }
  return ops.reverse();
}
