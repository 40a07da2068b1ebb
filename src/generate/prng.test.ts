import { describe, expect, it } from 'vitest';
import { hashString, Prng } from './prng.js';

const draw = (rng: Prng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe('Prng', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(new Prng(42), 100)).toEqual(draw(new Prng(42), 100));
  });

  it('gives different sequences for different seeds and derived names', () => {
    expect(draw(new Prng(1), 10)).not.toEqual(draw(new Prng(2), 10));
    expect(draw(Prng.derive(1, 'a'), 10)).not.toEqual(draw(Prng.derive(1, 'b'), 10));
    expect(draw(Prng.derive(1, 'a', 'b'), 10)).not.toEqual(draw(Prng.derive(1, 'ab'), 10));
  });

  it('pins the first values, so a change of algorithm is a visible change of output', () => {
    expect(draw(new Prng(1), 3)).toMatchInlineSnapshot(`
      [
        792534090,
        3215351813,
        160231488,
      ]
    `);
    expect(hashString('RTG')).toMatchInlineSnapshot(`3333042332`);
  });

  it('keeps int, next and pick in range and roughly uniform', () => {
    const rng = new Prng(7);
    const counts = [0, 0, 0, 0, 0];
    let outOfRange = 0;
    for (let i = 0; i < 50_000; i++) {
      const v = rng.int(0, 4);
      counts[v] = (counts[v] ?? 0) + 1;
      const f = rng.next();
      if (!(f >= 0 && f < 1)) outOfRange++;
    }
    expect(outOfRange).toBe(0);
    for (const c of counts) expect(c / 50_000).toBeCloseTo(0.2, 1);
    expect(['x', 'y']).toContain(rng.pick(['x', 'y']));
  });

  it('chooses by weight and samples without repeats', () => {
    const rng = new Prng(3);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ['a', 9],
          ['b', 1],
        ] as const) === 'a'
      )
        heavy++;
    expect(heavy / 10_000).toBeCloseTo(0.9, 1);
    const sample = rng.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
    expect(rng.sample([1, 2], 5)).toHaveLength(2);
  });
});
