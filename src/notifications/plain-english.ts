/**
 * Small helpers that keep messages plain: dates people read without converting, lists that stop
 * before they overwhelm, and flaw descriptions cut to their first sentence.
 */

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `Thursday 14 May 2026 at 10:00 UK time`. */
export function whenUk(at: Date): string {
  const parts = Object.fromEntries(LONG_DATE.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute} UK time`;
}

/** `48 hours`, `3 days`. */
export function duration(hours: number): string {
  if (hours % 24 === 0 && hours >= 72) return `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first sentence, at most `max` characters. */
export function firstSentence(text: string | null, max = 300): string | null {
  if (!text) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.\s/);
  const sentence = end > 0 ? flat.slice(0, end + 1) : flat;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

/** Bulleted lines, the first `max` of `total`, then "and N more". */
export function bullets(items: readonly string[], total: number, max = 10, more = ''): string[] {
  const lines = items.slice(0, max).map((i) => `  - ${i}`);
  const rest = total - Math.min(items.length, max);
  if (rest > 0) lines.push(`  … and ${rest} more${more}`);
  return lines;
}
