import { describe, expect, it } from 'vitest';
import { Prng } from './prng.js';
import { WeightedTable } from './weighted-table.js';

describe('WeightedTable', () => {
  it('picks in proportion to weight and skips zero weights', () => {
    const table = new WeightedTable([
      ['a', 1],
      ['never', 0],
      ['b', 3],
    ] as const);
    expect(table.values).toEqual(['a', 'b']);
    const rng = new Prng(1);
    let b = 0;
    for (let i = 0; i < 20_000; i++) if (table.pick(rng) === 'b') b++;
    expect(b / 20_000).toBeCloseTo(0.75, 1);
  });

  it('refuses an empty table', () => {
    expect(() => new WeightedTable([['x', 0]])).toThrow();
  });
});
