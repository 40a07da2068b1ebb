/**
 * Time windows for NVD's CVE API: a date range (`lastModStartDate`/`lastModEndDate`) may span at
 * most 120 consecutive days, so a longer span is cut into windows that cover it without gaps.
 */

/** One date range of at most 120 days; the bounds are ISO 8601 UTC strings (`Date#toISOString`). */
export interface NvdWindow {
  start: string;
  end: string;
}

/** NVD's maximum range for date parameters. */
export const NVD_MAX_WINDOW_DAYS = 120;

const DAY_MS = 86_400_000;

/**
 * Cuts [from, to] into consecutive windows of at most `maxDays` each; the end of one is the start of
 * the next, so a CVE modified exactly on a boundary may be listed twice (loading is idempotent).
 */
export function splitWindows(from: Date, to: Date, maxDays = NVD_MAX_WINDOW_DAYS): NvdWindow[] {
  const start = from.getTime();
  const end = to.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('invalid date');
  if (end < start)
    throw new RangeError(`the window ends (${to.toISOString()}) before it starts (${from.toISOString()})`);
  const step = maxDays * DAY_MS;
  const windows: NvdWindow[] = [];
  let t = start;
  do {
    const next = Math.min(t + step, end);
    windows.push({ start: new Date(t).toISOString(), end: new Date(next).toISOString() });
    t = next;
  } while (t < end);
  return windows;
}

/**
 * An ISO date as NVD's API documents it: extended ISO 8601 with an explicit offset
 * (`2024-01-01T00:00:00.000+00:00`; `URLSearchParams` sends the `+` as `%2B`).
 */
export function toNvdDate(iso: string): string {
  return new Date(iso).toISOString().replace(/Z$/, '+00:00');
}
