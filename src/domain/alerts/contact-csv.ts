/**
 * The contacts CSV (`org_code,name,email,role,channel,digest`, optionally `webhook_url` and
 * `webhook_secret` for a webhook contact's own endpoint): who at each organisation hears about
 * alerts, and how. Pure: text in, valid rows and every problem (`FILE:LINE`) out; the service
 * checks the organisations exist.
 */
import type { InputProblem } from '../../errors.js';
import { readCsvTable } from '../csv/csv-table.js';
import { normaliseCode } from '../org/organisation.js';
import { webhookSecretProblem, webhookUrlProblem } from './webhook-endpoint.js';

export const CONTACT_CSV_COLUMNS = ['org_code', 'name', 'email', 'role', 'channel', 'digest'] as const;
/** Optional: files without them import as before and leave contacts' endpoints as they are. */
export const CONTACT_WEBHOOK_COLUMNS = ['webhook_url', 'webhook_secret'] as const;

/**
 * `email`: SMTP to the address; `webhook`: a signed JSON POST addressed to them, to their own endpoint
 * (`webhook_url`) or else the configured WARD_WEBHOOK_URL.
 */
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
  /** Their own webhook endpoint (webhook contacts), or null for the configured one. */
  webhookUrl: string | null;
  /** Their own signing secret, or null for WARD_WEBHOOK_SECRET. */
  webhookSecret: string | null;
}

export interface ContactCsvResult {
  rows: ContactRow[];
  problems: InputProblem[];
  /** The file has the webhook columns: its rows set (or clear) contacts' own endpoints. */
  webhookColumns: boolean;
}

/** Deliberately plain: one @, no spaces, a dot in the domain. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const TRUE = ['true', 'yes', 'y', '1'];
const FALSE = ['false', 'no', 'n', '0', ''];

export function parseContactCsv(file: string, text: string): ContactCsvResult {
  const table = readCsvTable(file, text, CONTACT_CSV_COLUMNS);
  if (!table.ok) return { rows: [], problems: table.problems, webhookColumns: false };
  const webhookColumns = CONTACT_WEBHOOK_COLUMNS.some((c) => table.columns.includes(c));
  const rows: ContactRow[] = [];
  const problems: InputProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const line = row.line;
    const at = (column: string) => row.get(column);
    const problem = (reason: string) => problems.push({ file, line, reason });
    const before = problems.length;
    const orgCode = normaliseCode(at('org_code'));
    const name = at('name');
    const email = at('email').toLowerCase();
    const role = at('role');
    const channel = at('channel').toLowerCase() || 'email';
    const digest = at('digest').toLowerCase();
    const webhookUrl = at('webhook_url');
    const webhookSecret = at('webhook_secret');
    if (!orgCode) problem('empty org_code');
    if (!name) problem('empty name');
    if (!EMAIL.test(email)) problem(`not an e-mail address: "${at('email').slice(0, 80)}"`);
    if (!role) problem('empty role (e.g. practice manager, IT lead, security lead)');
    if (!(CHANNELS as readonly string[]).includes(channel))
      problem(`unknown channel "${at('channel')}" (expected ${CHANNELS.join(' or ')})`);
    if (!TRUE.includes(digest) && !FALSE.includes(digest))
      problem(`digest must be true or false, got "${at('digest')}"`);
    if ((webhookUrl || webhookSecret) && channel !== 'webhook')
      problem(`webhook_url and webhook_secret are for channel webhook, not ${channel}`);
    else if (webhookSecret && !webhookUrl) problem('webhook_secret without webhook_url');
    const urlProblem = webhookUrl ? webhookUrlProblem(webhookUrl) : null;
    if (urlProblem) problem(urlProblem);
    const secretProblem = webhookSecret ? webhookSecretProblem(webhookSecret) : null;
    if (secretProblem) problem(secretProblem);
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
      webhookUrl: webhookUrl || null,
      webhookSecret: webhookSecret || null,
    });
  }
  return { rows, problems, webhookColumns };
}
