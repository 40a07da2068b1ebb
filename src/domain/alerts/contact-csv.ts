/**
 * The contacts CSV (`org_code,name,email,role,channel,digest`): who at each organisation hears
 * about alerts, and how. Pure: text in, valid rows and every problem (`FILE:LINE`) out; the service
 * checks the organisations exist.
 */
import { parse } from 'csv-parse/sync';
import type { InputProblem } from '../../errors.js';
import { normaliseCode } from '../org/organisation.js';

export const CONTACT_CSV_COLUMNS = ['org_code', 'name', 'email', 'role', 'channel', 'digest'] as const;

/** `email`: SMTP to the address; `webhook`: a signed JSON POST to Ward's webhook endpoint, addressed to them. */
export const CHANNELS = ['email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ContactRow {
  line: number;
  orgCode: string;
  name: string;
  email: string;
  role: string;
  channel: Channel;
  /** Non-urgent messages (medium and low alerts, responses) wait for the daily digest. */
  digest: boolean;
}

export interface ContactCsvResult {
  rows: ContactRow[];
  problems: InputProblem[];
}

/** Deliberately plain: one @, no spaces, a dot in the domain. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const TRUE = ['true', 'yes', 'y', '1'];
const FALSE = ['false', 'no', 'n', '0', ''];

export function parseContactCsv(file: string, text: string): ContactCsvResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { lines?: number };
    return { rows: [], problems: [{ file, line: e.lines ?? 0, reason: `not valid CSV: ${e.message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ file, line: 0, reason: 'the file is empty' }] };
  const names = header.record.map((h) => h.toLowerCase());
  const missing = CONTACT_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [
        {
          file,
          line: header.info.lines,
          reason: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected header: ${CONTACT_CSV_COLUMNS.join(',')})`,
        },
      ],
    };
  }
  const at = (record: string[], column: string) => (record[names.indexOf(column)] ?? '').trim();
  const rows: ContactRow[] = [];
  const problems: InputProblem[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const problem = (reason: string) => problems.push({ file, line, reason });
    const before = problems.length;
    const orgCode = normaliseCode(at(record, 'org_code'));
    const name = at(record, 'name');
    const email = at(record, 'email').toLowerCase();
    const role = at(record, 'role');
    const channel = at(record, 'channel').toLowerCase() || 'email';
    const digest = at(record, 'digest').toLowerCase();
    if (!orgCode) problem('empty org_code');
    if (!name) problem('empty name');
    if (!EMAIL.test(email)) problem(`not an e-mail address: "${at(record, 'email').slice(0, 80)}"`);
    if (!role) problem('empty role (e.g. practice manager, IT lead, security lead)');
    if (!(CHANNELS as readonly string[]).includes(channel))
      problem(`unknown channel "${at(record, 'channel')}" (expected ${CHANNELS.join(' or ')})`);
    if (!TRUE.includes(digest) && !FALSE.includes(digest))
      problem(`digest must be true or false, got "${at(record, 'digest')}"`);
    if (problems.length > before) continue;
    const key = `${orgCode}|${email}|${channel}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problem(`${email} is already listed for ${orgCode} by ${channel} (line ${first})`);
      continue;
    }
    seen.set(key, line);
    rows.push({
      line,
      orgCode,
      name,
      email,
      role,
      channel: channel as Channel,
      digest: TRUE.includes(digest),
    });
  }
  return { rows, problems };
}
