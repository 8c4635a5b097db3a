/**
 * "Did you mean" for a misspelt name (a config key, an instruction, a variable): the candidate fewest edits away.
 * Used per finding over names a hostile file may hold by the thousand, so it prunes by length and stops each
 * comparison once it cannot beat the best so far.
 */

/** The first candidate nearest to `name` (case-insensitive), at most `maxDistance` edits away; undefined when none is. */
export function closestName(name: string, candidates: Iterable<string>, maxDistance: number): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue;
    const distance = editDistance(wanted, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

/** The usual typo allowance: two edits, or a third of the name's length when that is more. */
export function typoDistance(name: string): number {
  return Math.max(2, Math.floor(name.length / 3));
}

/** Levenshtein distance; once every path is over `limit`, returns `limit + 1` without finishing. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}
