import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitWindows, toNvdDate } from './nvd-window.js';

const DAY = 86_400_000;

describe('splitWindows', () => {
  it('cuts a year into 120-day windows that join end to start', () => {
    expect(splitWindows(new Date('2024-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'))).toEqual([
      { start: '2024-01-01T00:00:00.000Z', end: '2024-04-30T00:00:00.000Z' },
      { start: '2024-04-30T00:00:00.000Z', end: '2024-08-28T00:00:00.000Z' },
      { start: '2024-08-28T00:00:00.000Z', end: '2024-12-26T00:00:00.000Z' },
      { start: '2024-12-26T00:00:00.000Z', end: '2025-01-01T00:00:00.000Z' },
    ]);
  });

  it('keeps a short span whole, and rejects a span that ends before it starts', () => {
    const day = new Date('2024-05-01T00:00:00Z');
    expect(splitWindows(day, day)).toEqual([{ start: day.toISOString(), end: day.toISOString() }]);
    expect(() => splitWindows(new Date('2024-05-02'), day)).toThrow(RangeError);
  });

  it('always covers the span without gaps, each window at most 120 days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 3000 * DAY }),
        (from, length) => {
          const windows = splitWindows(new Date(from), new Date(from + length));
          expect(windows[0]!.start).toBe(new Date(from).toISOString());
          expect(windows.at(-1)!.end).toBe(new Date(from + length).toISOString());
          windows.forEach((w, i) => {
            expect(Date.parse(w.end) - Date.parse(w.start)).toBeLessThanOrEqual(120 * DAY);
            if (i > 0) expect(w.start).toBe(windows[i - 1]!.end);
          });
        },
      ),
    );
  });
});

describe('toNvdDate', () => {
  it('writes the offset NVD documents instead of Z', () => {
    expect(toNvdDate('2024-01-01T00:00:00.000Z')).toBe('2024-01-01T00:00:00.000+00:00');
  });
});
