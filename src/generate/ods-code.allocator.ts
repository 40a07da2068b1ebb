/**
 * Unique ODS-style codes. Each kind of organisation has its own code shape (trusts `RTG`, sites
 * `RTG01`, GP practices `C81001`, pharmacies `FA123`, care homes `VN4Q2` …); the allocator draws
 * codes of a shape until it finds an unused one, and moves to a longer shape when a short code space
 * is crowded, so any number of organisations gets unique codes.
 */
import type { Prng } from './prng.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALNUM = `${LETTERS}${DIGITS}`;

function draw(rng: Prng, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rng.next() * alphabet.length)];
  return s;
}

/** Code shapes by kind: a primary shape and a roomier fallback. */
const SHAPES = {
  icb: [(r: Prng) => `Q${draw(r, LETTERS, 2)}`, (r: Prng) => `Q${draw(r, ALNUM, 3)}`],
  trust: [(r: Prng) => `R${draw(r, LETTERS, 1)}${draw(r, ALNUM, 1)}`, (r: Prng) => `R${draw(r, ALNUM, 3)}`],
  pharmacy: [
    (r: Prng) => `F${draw(r, LETTERS, 1)}${draw(r, DIGITS, 3)}`,
    (r: Prng) => `F${draw(r, ALNUM, 5)}`,
  ],
  social_care: [(r: Prng) => `V${draw(r, ALNUM, 4)}`, (r: Prng) => `V${draw(r, ALNUM, 6)}`],
  csu: [(r: Prng) => `0${draw(r, LETTERS, 2)}`, (r: Prng) => `0${draw(r, ALNUM, 3)}`],
  alb: [(r: Prng) => `X${draw(r, DIGITS, 2)}`, (r: Prng) => `X${draw(r, ALNUM, 3)}`],
  other: [(r: Prng) => `N${draw(r, LETTERS, 1)}${draw(r, ALNUM, 1)}`, (r: Prng) => `N${draw(r, ALNUM, 4)}`],
} as const;

export type AllocatedKind = keyof typeof SHAPES;

/** GP practice code areas: a letter and two digits, then a three-digit practice number. */
const GP_AREA_LETTERS = 'ABCDEFGHJKLMNPY';

export class OdsCodeAllocator {
  private readonly used = new Set<string>();
  private readonly gpNext = new Map<string, number>();

  constructor(private readonly rng: Prng) {}

  /** Marks fixed codes (national root, regions) as taken. */
  reserve(code: string): string {
    if (this.used.has(code)) throw new Error(`ODS code ${code} is already taken`);
    this.used.add(code);
    return code;
  }

  /** A new unique code of the kind's shape. */
  next(kind: AllocatedKind): string {
    const [primary, fallback] = SHAPES[kind];
    for (let attempt = 0; attempt < 40; attempt++) {
      const code = primary(this.rng);
      if (!this.used.has(code)) return this.reserve(code);
    }
    for (;;) {
      const code = fallback(this.rng);
      if (!this.used.has(code)) return this.reserve(code);
    }
  }

  /** A new GP-practice area prefix such as `C81`. */
  gpArea(): string {
    for (;;) {
      const area = `${draw(this.rng, GP_AREA_LETTERS, 1)}${draw(this.rng, DIGITS, 2)}`;
      if (!this.gpNext.has(area)) {
        this.gpNext.set(area, 0);
        return area;
      }
    }
  }

  /** The next practice code in `area`, or null when the area's numbers are used up. */
  gpPractice(area: string): string | null {
    let n = this.gpNext.get(area) ?? 0;
    for (;;) {
      n += 1 + (this.rng.chance(0.25) ? this.rng.int(1, 3) : 0);
      if (n > 999) return null;
      const code = `${area}${String(n).padStart(3, '0')}`;
      if (!this.used.has(code)) {
        this.gpNext.set(area, n);
        return this.reserve(code);
      }
    }
  }
}
