/**
 * The Python support table (src/data/python-support.ts) has the shape the model relies on, and the model answers
 * from it: a pin the table covers is judged against the image's Python, anything it does not cover is not.
 */
import { compare, valid, validRange } from '@renovatebot/pep440';
import { describe, expect, it } from 'vitest';
import { checked, distributionPythons, pythonSupport } from '../src/data/python-support.js';
import { pythonMismatch } from '../src/model/python-support.js';
import { normalizePackageName } from '../src/model/requirements.js';

const MINOR = /^3\.\d+$/;

describe('python-support table', () => {
  it('is dated', () => {
    expect(checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(pythonSupport.map((row) => [`${row.package} ${row.first}..${row.last}`, row] as const))('%s is well formed', (_, row) => {
    expect(row.package).toBe(normalizePackageName(row.package));
    expect(valid(row.first), row.first).toBeTruthy();
    expect(valid(row.last), row.last).toBeTruthy();
    expect(compare(row.first, row.last)).toBeLessThanOrEqual(0);
    expect(row.wheels.from).toMatch(MINOR);
    if (row.wheels.to !== undefined) {
      expect(row.wheels.to).toMatch(MINOR);
      expect(Number(row.wheels.to.split('.')[1])).toBeGreaterThanOrEqual(Number(row.wheels.from.split('.')[1]));
    }
    if (row.wheels.anyPython) expect(row.wheels.to).toBeUndefined();
    if (row.requiresPython !== undefined) expect(validRange(row.requiresPython), row.requiresPython).toBeTruthy();
    expect(typeof row.sdist).toBe('boolean');
    expect(new URL(row.source).protocol).toBe('https:');
  });

  it('has no overlapping ranges for a package', () => {
    const byPackage = new Map<string, (typeof pythonSupport)[number][]>();
    for (const row of pythonSupport) byPackage.set(row.package, [...(byPackage.get(row.package) ?? []), row]);
    for (const [name, rows] of byPackage) {
      const sorted = [...rows].sort((a, b) => compare(a.first, b.first));
      for (let i = 1; i < sorted.length; i++) expect(compare(sorted[i - 1].last, sorted[i].first), `${name} ${sorted[i].first}`).toBeLessThan(0);
    }
  });
});

describe('distribution Python table', () => {
  it.each(distributionPythons.map((row) => [`${row.distribution} ${row.release}`, row] as const))('%s is well formed', (_, row) => {
    expect(row.python).toMatch(MINOR);
    expect(row.release).toMatch(/^\d+(\.\d+)?$/);
    expect(new URL(row.source).protocol).toBe('https:');
    expect(distributionPythons.filter((r) => r.distribution === row.distribution && r.release === row.release)).toHaveLength(1);
  });
});

describe('pythonMismatch', () => {
  it('finds a release too old for the Python: no wheel, built from the sdist', () => {
    const found = pythonMismatch('numpy', '1.24.4', '3.12');
    expect(found).toMatchObject({ reason: 'no-wheel', outcome: 'source-build', supported: '3.8-3.11', alternative: '1.26.0' });
  });

  it('finds a wheel-only release with no wheel for the Python: no distribution', () => {
    expect(pythonMismatch('tensorflow', '2.15.0', '3.12')).toMatchObject({ outcome: 'no-distribution', alternative: '2.16.1' });
  });

  it('finds a release too new for the Python through Requires-Python', () => {
    expect(pythonMismatch('numpy', '2.1.0', '3.9')).toMatchObject({ reason: 'requires-python', outcome: 'no-distribution', supported: '>=3.10', alternative: '2.0.2' });
  });

  it('ignores the local version of a CUDA build', () => {
    expect(pythonMismatch('torch', '1.8.1+cu101', '3.10')).toMatchObject({ outcome: 'no-distribution', alternative: '1.11.0' });
  });

  it('suggests only releases whose wheels are known to cover the Python', () => {
    // pandas 1.5.0-1.5.2 have no tabled last wheel Python: 1.5.3 is the first known to have 3.11 wheels.
    expect(pythonMismatch('pandas', '1.4.4', '3.11')).toMatchObject({ pythonIsNewer: true, alternative: '1.5.3' });
  });

  it('gives no answer outside the table', () => {
    expect(pythonMismatch('numpy', '1.26.4', '3.12')).toBeUndefined();
    expect(pythonMismatch('numpy', '9.0.0', '3.12')).toBeUndefined();
    expect(pythonMismatch('numpy', '2.1.0rc1', '3.9')).toBeUndefined();
    expect(pythonMismatch('left-pad', '1.0.0', '3.12')).toBeUndefined();
    expect(pythonMismatch('constructor', '1.0.0', '3.12')).toBeUndefined();
    expect(pythonMismatch('numpy', '1.24.4', '3')).toBeUndefined();
    // Wheels for any later Python (py3-none, abi3, or the last one not tabled): nothing above the floor.
    expect(pythonMismatch('xgboost', '2.1.4', '3.14')).toBeUndefined();
  });
});
