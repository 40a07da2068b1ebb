/**
 * The registered-addresses CSV (`org_code,kind,value`): each organisation's public IP ranges
 * (`range`: an IPv4 or IPv6 CIDR, or one address taken as /32 or /128) and domains (`domain`).
 * Pure: text in, canonical rows and every problem (`FILE:LINE`) out; the service checks the
 * organisations, the caller's permission and conflicts with other organisations.
 */
import { domainToASCII } from 'node:url';
import type { InputProblem } from '../../errors.js';
import { readCsvTable } from '../csv/csv-table.js';
import { normaliseCode } from '../org/organisation.js';
import { parseRange } from './ip.js';

export const ADDRESS_CSV_COLUMNS = ['org_code', 'kind', 'value'] as const;
export const ADDRESS_KINDS = ['range', 'domain'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

export interface AddressRow {
  line: number;
  orgCode: string;
  kind: AddressKind;
  /** Canonical: a range as PostgreSQL's `cidr` prints it, a domain lower-case ASCII (punycode) without a final dot. */
  value: string;
}

export interface AddressCsvResult {
  rows: AddressRow[];
  problems: InputProblem[];
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A domain name as stored (lower-case ASCII, no final dot), or why it is not one. */
export function parseDomain(text: string): { ok: true; domain: string } | { ok: false; reason: string } {
  const shown = `"${text.slice(0, 80)}"`;
  const trimmed = text.trim().replace(/\.$/, '');
  if (/[\s/:@*]/.test(trimmed))
    return {
      ok: false,
      reason: `${shown} is not a domain name (a bare name such as nhs.example, no scheme, path or wildcard)`,
    };
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (!ascii) return { ok: false, reason: `${shown} is not a domain name` };
  const labels = ascii.split('.');
  if (labels.length < 2)
    return { ok: false, reason: `${shown} is not a domain name (it needs at least two labels)` };
  if (ascii.length > 253) return { ok: false, reason: `${shown} is longer than 253 characters` };
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined)
    return {
      ok: false,
      reason: `${shown} is not a domain name (label "${bad.slice(0, 63)}": letters, digits and inner hyphens, 1–63 long)`,
    };
  if (/^\d+$/.test(labels[labels.length - 1] as string))
    return { ok: false, reason: `${shown} is not a domain name (an address belongs in a range row)` };
  return { ok: true, domain: ascii };
}

export function parseAddressCsv(file: string, text: string): AddressCsvResult {
  const table = readCsvTable(file, text, ADDRESS_CSV_COLUMNS);
  if (!table.ok) return { rows: [], problems: table.problems };
  const rows: AddressRow[] = [];
  const problems: InputProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const line = row.line;
    const problem = (reason: string) => problems.push({ file, line, reason });
    const orgCode = normaliseCode(row.get('org_code'));
    const kind = row.get('kind').toLowerCase();
    const raw = row.get('value');
    if (!orgCode) problem('empty org_code');
    let value: string | null = null;
    if (!(ADDRESS_KINDS as readonly string[]).includes(kind))
      problem(`unknown kind "${row.get('kind').slice(0, 40)}" (expected ${ADDRESS_KINDS.join(' or ')})`);
    else if (!raw)
      problem(`empty value (expected ${kind === 'range' ? 'a CIDR range or an address' : 'a domain name'})`);
    else if (kind === 'range') {
      const range = parseRange(raw);
      if (range.ok) value = range.text;
      else problem(range.reason);
    } else {
      const domain = parseDomain(raw);
      if (domain.ok) value = domain.domain;
      else problem(domain.reason);
    }
    if (!orgCode || value === null) continue;
    const key = `${orgCode}|${kind}|${value}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problem(`duplicate: ${orgCode} ${kind} ${value} is already on line ${first}`);
      continue;
    }
    seen.set(key, line);
    rows.push({ line, orgCode, kind: kind as AddressKind, value });
  }
  return { rows, problems };
}
