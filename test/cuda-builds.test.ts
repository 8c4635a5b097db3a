import { describe, expect, it } from 'vitest';
import { checked, cudaBuilds } from '../src/data/cuda-builds.js';

// The table is edited by hand as releases come out: keep every row well formed and sourced.
describe('cuda-builds table', () => {
  it('says when it was checked', () => {
    expect(checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has well-formed rows, each with an https source', () => {
    expect(cudaBuilds.length).toBeGreaterThan(0);
    for (const row of cudaBuilds) {
      expect(['torch', 'tensorflow', 'tensorflow-gpu']).toContain(row.package);
      expect(row.release).toMatch(/^\d+\.\d+$/);
      expect(row.cuda).toMatch(/^\d+\.\d$/);
      if (row.cudnn !== undefined) expect(row.cudnn).toMatch(/^\d+\.\d+$/);
      expect(row.source).toMatch(/^https:\/\/\S+$/);
    }
  });

  it('has one row per package and release', () => {
    const keys = cudaBuilds.map((row) => `${row.package} ${row.release}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
