/**
 * One row of an external scan report, checked and normalised: when and where a service was seen
 * (address as PostgreSQL prints it, port, protocol), what the scanner called it (tags) and the
 * product its banner names. Pure values; the report parsers make them, the observe service applies them.
 */
import type { IpAddress } from './ip.js';

export const REPORT_FORMATS = ['shadowserver', 'csv', 'jsonl'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface Observation {
  /** 1-based line in the report. */
  line: number;
  at: Date;
  ip: IpAddress;
  /** Canonical address text (`192.0.2.10`, `2001:db8::1`). */
  address: string;
  port: number;
  protocol: string;
  hostname: string | null;
  asn: number | null;
  geo: string | null;
  /** Scanner tags, lower case (`rdp`, `smb`, `cve-2019-19781`). */
  tags: string[];
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
}

/** A day past the clock: later timestamps are refused (a wrong clock or zone in the report). */
export const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A report timestamp: ISO 8601 or Shadowserver's `YYYY-MM-DD HH:MM:SS` (UTC when no zone is given,
 * as Shadowserver's reports are). Null when it is not a real instant.
 */
export function parseTimestamp(text: string): Date | null {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7) as string[];
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return null;
  let offsetMs = 0;
  const zone = m[8]?.toUpperCase();
  if (zone && zone !== 'Z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return null;
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  return new Date(utc + fraction - offsetMs);
}

/** A port number 0–65535 from text, or null. */
export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

/** Scanner tags: `;` or `,` separated, lower case, empty ones dropped. */
export function parseTags(text: string): string[] {
  return text
    .split(/[;,]/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}
