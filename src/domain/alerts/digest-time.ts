/**
 * When the daily digest goes out: from a local hour (WARD_DIGEST_HOUR) in a time zone
 * (WARD_DIGEST_TIMEZONE, Europe/London by default), whatever the offset from UTC that day. The
 * digest's day is the local date, so a day has one digest across the clock changes: in spring the
 * missing hour counts as past (01:30 is never seen, 02:00 BST is after 01:00), in autumn the hour
 * seen twice is the same day.
 */

export const DEFAULT_DIGEST_TIME_ZONE = 'Europe/London';

export interface DigestTime {
  /** Hour of the local day (0-23) from which the day's digest goes out; 24 or more: never. */
  hour: number;
  /** IANA time zone, e.g. Europe/London. */
  timeZone: string;
}

/** The local date (YYYY-MM-DD) and hour (0-23) of an instant in a time zone. */
export function localDayAndHour(at: Date, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The local day whose digest is due at `at`, or null before the digest hour. */
export function digestDayDue(at: Date, time: DigestTime): string | null {
  const local = localDayAndHour(at, time.timeZone);
  return local.hour >= time.hour ? local.day : null;
}

/** True when the runtime knows the time zone (an IANA name such as Europe/London or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
