import { describe, expect, it } from 'vitest';
import { digestDayDue, isTimeZone, localDayAndHour } from './digest-time.js';

const LONDON = { hour: 7, timeZone: 'Europe/London' };
const at = (iso: string) => new Date(iso);

describe('the daily digest at a local hour', () => {
  it('reads the local date and hour in GMT and in BST', () => {
    expect(localDayAndHour(at('2026-01-15T23:30:00Z'), 'Europe/London')).toEqual({
      day: '2026-01-15',
      hour: 23,
    });
    expect(localDayAndHour(at('2026-07-15T23:30:00Z'), 'Europe/London')).toEqual({
      day: '2026-07-16',
      hour: 0,
    });
    expect(localDayAndHour(at('2026-07-15T23:30:00Z'), 'UTC')).toEqual({ day: '2026-07-15', hour: 23 });
  });

  it('goes out at 07:00 London time on both sides of the last Sunday of March', () => {
    // Saturday 28 March 2026, GMT: 07:00 local is 07:00 UTC.
    expect(digestDayDue(at('2026-03-28T06:59:00Z'), LONDON)).toBeNull();
    expect(digestDayDue(at('2026-03-28T07:00:00Z'), LONDON)).toBe('2026-03-28');
    // Sunday 29 March, the clocks go forward at 01:00 UTC: 07:00 BST is 06:00 UTC.
    expect(digestDayDue(at('2026-03-29T05:59:00Z'), LONDON)).toBeNull();
    expect(digestDayDue(at('2026-03-29T06:00:00Z'), LONDON)).toBe('2026-03-29');
    // Monday 30 March, BST.
    expect(digestDayDue(at('2026-03-30T05:59:00Z'), LONDON)).toBeNull();
    expect(digestDayDue(at('2026-03-30T06:00:00Z'), LONDON)).toBe('2026-03-30');
  });

  it('goes out at 07:00 London time on both sides of the last Sunday of October', () => {
    // Saturday 24 October 2026, BST: 07:00 local is 06:00 UTC.
    expect(digestDayDue(at('2026-10-24T05:59:00Z'), LONDON)).toBeNull();
    expect(digestDayDue(at('2026-10-24T06:00:00Z'), LONDON)).toBe('2026-10-24');
    // Sunday 25 October, back to GMT at 01:00 UTC: 07:00 local is 07:00 UTC.
    expect(digestDayDue(at('2026-10-25T06:59:00Z'), LONDON)).toBeNull();
    expect(digestDayDue(at('2026-10-25T07:00:00Z'), LONDON)).toBe('2026-10-25');
    expect(digestDayDue(at('2026-10-26T06:30:00Z'), LONDON)).toBeNull();
  });

  it('counts the skipped hour as past and the repeated hour as one day', () => {
    const one = { hour: 1, timeZone: 'Europe/London' };
    // 29 March: 00:59 GMT, then 02:00 BST — 01:00 never shows on a London clock.
    expect(digestDayDue(at('2026-03-29T00:59:00Z'), one)).toBeNull();
    expect(digestDayDue(at('2026-03-29T01:00:00Z'), one)).toBe('2026-03-29');
    // 25 October: 01:00-01:59 happens twice (BST, then GMT); both are the 25th.
    expect(digestDayDue(at('2026-10-25T00:00:00Z'), one)).toBe('2026-10-25');
    expect(digestDayDue(at('2026-10-25T01:00:00Z'), one)).toBe('2026-10-25');
  });

  it('knows IANA zones and refuses others', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
