import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by.js';

describe('groupBy', () => {
  it('keeps each group in the items’ order and the groups in order of first appearance', () => {
    const grouped = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]);
    expect([...grouped]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
  });

  it('groups by keys of any type', () => {
    expect(groupBy([1, 2, 3, 4], (n) => n % 2 === 0)).toEqual(
      new Map([
        [false, [1, 3]],
        [true, [2, 4]],
      ]),
    );
  });
});
