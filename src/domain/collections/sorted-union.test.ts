import { describe, expect, it } from 'vitest';
import { sortedUnion } from './sorted-union.js';

describe('sortedUnion', () => {
  it('gives every id once, in ascending numeric order', () => {
    expect(sortedUnion([10, 2, 2], [], [33, 10, 1])).toEqual([1, 2, 10, 33]);
  });

  it('is empty for no lists or empty ones', () => {
    expect(sortedUnion()).toEqual([]);
    expect(sortedUnion([], [])).toEqual([]);
  });
});
