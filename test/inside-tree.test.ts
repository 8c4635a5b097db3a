/**
 * isInside decides what dockerlint may read: its shortcut for plain absolute paths must answer exactly as the
 * comparison by path.relative does, for every shape of path (`.`, `..`, `//`, trailing `/`, prefixes of names).
 */
import { isAbsolute, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside } from '../src/discover/inside-tree.js';

function byRelative(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !rel.startsWith('..\\') && !isAbsolute(rel));
}

describe('isInside', () => {
  it('answers as path.relative does on every combination of tricky segments', () => {
    const segments = ['a', 'ab', 'a.b', '.a', '..a', 'a..', '.', '..', '', 'b'];
    const paths: string[] = ['/'];
    for (const x of segments) {
      paths.push(`/${x}`, `/${x}/`);
      for (const y of segments) paths.push(`/${x}/${y}`, `/a/${x}/${y}`);
    }
    let compared = 0;
    for (const path of paths) {
      for (const root of paths) {
        expect(isInside(path, root), `${path} in ${root}`).toBe(byRelative(path, root));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40_000);
  });

  it('takes the prefix of a name for no folder', () => {
    expect(isInside('/repo/app', '/repo/app')).toBe(true);
    expect(isInside('/repo/app/x', '/repo/app')).toBe(true);
    expect(isInside('/repo/application', '/repo/app')).toBe(false);
    expect(isInside('/repo/app/../secret', '/repo/app')).toBe(false);
    expect(isInside('/etc/passwd', '/')).toBe(true);
  });
});
