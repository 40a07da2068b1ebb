/**
 * Time as a dependency: every deadline, reminder and retry asks a clock, so tests and the CLI's
 * `--now` move time forward instead of sleeping.
 */

export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** A clock stopped at `at` (the CLI's `--now`, WARD_NOW). */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return Object.freeze({ now: () => new Date(ms) });
}

/** A clock tests can move: `advance(ms)`, `set(date)`. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(at: Date): void;
}

export function manualClock(start: Date): ManualClock {
  let ms = start.getTime();
  return {
    now: () => new Date(ms),
    advance: (by) => {
      ms += by;
    },
    set: (at) => {
      ms = at.getTime();
    },
  };
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Reads an ISO 8601 instant (`2026-05-12T09:00:00Z`) or a date (`2026-05-12`, midnight UTC);
 * null when it is not one.
 */
export function parseInstant(text: string): Date | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return null;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t)
    ? `${t}T00:00:00Z`
    : /(Z|[+-]\d{2}:?\d{2})$/.test(t)
      ? t
      : `${t}Z`;
  const d = new Date(iso.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}
