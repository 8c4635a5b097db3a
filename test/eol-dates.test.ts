import { describe, expect, it } from 'vitest';
import { EOL_DATES } from '../src/model/eol-dates.js';

// The end-of-life table is edited by hand when a project moves a date: keep each row well formed.
describe('EOL_DATES', () => {
  for (const [id, product] of Object.entries(EOL_DATES)) {
    it(`${id}: sources are https URLs, dates are YYYY-MM-DD, cycles are unique`, () => {
      expect(product.name).not.toBe('');
      expect(product.sources.length).toBeGreaterThan(0);
      for (const source of product.sources) expect(source).toMatch(/^https:\/\/\S+$/);
      const cycles = product.cycles.map((c) => c.cycle);
      expect(new Set(cycles).size).toBe(cycles.length);
      for (const cycle of product.cycles) {
        expect(cycle.cycle).toMatch(/^\d+(\.\d+)?$/);
        expect(cycle.eol).toMatch(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
      }
    });
  }
});
