/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32) and the samplers
 * the worm engine draws from. Deterministic: the same seed gives the same stream on every platform,
 * which is what makes "same inputs and seed → identical output" hold.
 */

/** splitmix32: spreads an arbitrary 32-bit seed into well-mixed state words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Derives the seed of stream `index` (a run, a lever) from a scenario seed, independently of order. */
export function deriveSeed(seed: number, index: number): number {
  const st = { s: (seed ^ Math.imul(index + 1, 0x27d4eb2d)) | 0 };
  splitmix32(st);
  return splitmix32(st);
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const st = { s: seed | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st) || 1;
  }

  /** Uniform on [0, 1). */
  next(): number {
    const r = Math.imul(this.rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = this.rotl(this.d, 11);
    return r / 4294967296;
  }

  private rotl(x: number, k: number): number {
    return (x << k) | (x >>> (32 - k));
  }

  /** Standard normal (Box–Muller, one of the pair). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson(mean): inversion for small means, a rounded normal approximation above 40. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /**
   * Binomial(n, p): exact (waiting-time inversion) when the mean of the rarer outcome is under 20,
   * a clamped normal approximation above that, where its error is far below Monte Carlo noise.
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const mean = n * p;
    if (mean < 20) {
      // Geometric waiting times between successes.
      const logq = Math.log1p(-p);
      let k = 0;
      let pos = 0;
      for (;;) {
        pos += Math.floor(Math.log(1 - this.next()) / logq) + 1;
        if (pos > n) return k;
        k++;
      }
    }
    const x = Math.round(mean + Math.sqrt(mean * (1 - p)) * this.normal());
    return x < 0 ? 0 : Math.min(x, n);
  }
}
