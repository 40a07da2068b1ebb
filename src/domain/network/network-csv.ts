/**
 * Parses an organisation's network file: its zones (subnets or VLANs) and its 445 reachability at
 * zone granularity, one CSV with a `kind` column saying which a row is:
 *
 *   kind,name,cidr,size,egress,segment,from,to,protocol,port,action
 *   zone,imaging,10.1.4.0/24,,proxy,clinical,,,,,
 *   rule,,,,,,internet,imaging,tcp,445,deny
 *
 * Zone rows: a name, a CIDR and/or a size (addresses), how it reaches the web (direct, proxy, none)
 * and its segment (clinical or office). Rule rows: from and to are a zone name or a class —
 * `internet`, `wan` (the national health WAN), `org` (the organisation's other zones), `*` (any) —
 * with protocol (tcp, udp, any), port (empty for any) and allow|deny; the first matching rule wins.
 *
 * Service rows (two more columns, `provider` and `consumers`, needed only by files that have them)
 * declare a shared service whose loss disrupts the organisations that use it: its name, the provider's
 * code (empty: the organisation importing the file) and the consumers — codes separated by `;` or
 * spaces, `children:CODE` for every organisation directly under CODE (empty: the importing one):
 *
 *   service,PAS,,,,,,,,,,RJ7,H85001;H85002;children:QWE
 *
 * Pure: text in, rows and problems out (every problem with its line).
 */
import type { InputProblem } from '../../errors.js';
import { readCsvTable } from '../csv/csv-table.js';

export const NETWORK_CSV_COLUMNS = [
  'kind',
  'name',
  'cidr',
  'size',
  'egress',
  'segment',
  'from',
  'to',
  'protocol',
  'port',
  'action',
] as const;

/** Columns only service rows use; a file without service rows may leave them out. */
export const SERVICE_CSV_COLUMNS = ['provider', 'consumers'] as const;

export const EGRESS = ['direct', 'proxy', 'none'] as const;
export type Egress = (typeof EGRESS)[number];
export const SEGMENTS = ['clinical', 'office'] as const;
export type Segment = (typeof SEGMENTS)[number];
export const REACH_CLASSES = ['internet', 'wan', 'org', '*'] as const;
export const PROTOCOLS = ['tcp', 'udp', 'any'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const ACTIONS = ['allow', 'deny'] as const;
export type Action = (typeof ACTIONS)[number];

export interface ZoneRow {
  readonly line: number;
  readonly name: string;
  readonly cidr: string | null;
  readonly size: number;
  readonly egress: Egress;
  readonly segment: Segment;
}

export interface RuleRow {
  readonly line: number;
  readonly position: number;
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  /** null: every port. */
  readonly port: number | null;
  readonly action: Action;
}

/** A consumer of a shared service: one organisation, or every organisation directly under it. */
export interface ServiceConsumer {
  readonly code: string;
  readonly children: boolean;
}

export interface ServiceRow {
  readonly line: number;
  readonly name: string;
  /** null: the organisation importing the file. */
  readonly provider: string | null;
  /** Empty: the organisation importing the file. */
  readonly consumers: readonly ServiceConsumer[];
}

export interface NetworkFile {
  readonly zones: ZoneRow[];
  readonly rules: RuleRow[];
  readonly services: ServiceRow[];
  readonly problems: InputProblem[];
}

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.&()/-]{0,79}$/;
const ORG_CODE = /^[A-Za-z0-9]{1,16}$/;

/** A service's consumer list: codes and `children:CODE`, separated by `;`, `,` or spaces. */
function parseConsumers(text: string): { consumers: ServiceConsumer[]; bad: string[] } {
  const consumers: ServiceConsumer[] = [];
  const bad: string[] = [];
  for (const item of text.split(/[;,\s]+/).filter((x) => x !== '')) {
    const m = /^children:(.*)$/i.exec(item);
    const code = (m ? (m[1] as string) : item).toUpperCase();
    if (!ORG_CODE.test(code)) bad.push(item);
    else consumers.push({ code, children: m !== null });
  }
  return { consumers, bad };
}

const ZONE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Addresses in an IPv4 CIDR block, or null when it is not one. */
export function cidrSize(cidr: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return null;
  return 2 ** (32 - bits);
}

export function parseNetworkCsv(file: string, text: string): NetworkFile {
  const table = readCsvTable(file, text, NETWORK_CSV_COLUMNS);
  if (!table.ok) return { zones: [], rules: [], services: [], problems: table.problems };
  const zones: ZoneRow[] = [];
  const rules: RuleRow[] = [];
  const services: ServiceRow[] = [];
  const serviceKeys = new Set<string>();
  const problems: InputProblem[] = [];
  const names = new Set<string>();
  const oneOf = <T extends string>(
    line: number,
    column: string,
    value: string,
    allowed: readonly T[],
    fallback?: T,
  ): T | null => {
    if (value === '' && fallback !== undefined) return fallback;
    const v = value.toLowerCase();
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push({
      file,
      line,
      reason: `${column} must be one of ${allowed.join(', ')}, got "${value.slice(0, 40)}"`,
    });
    return null;
  };
  for (const r of table.rows) {
    const kind = r.get('kind').toLowerCase();
    if (kind === 'zone') {
      const name = r.get('name');
      const cidr = r.get('cidr');
      const sizeText = r.get('size');
      if (!ZONE_NAME.test(name))
        problems.push({
          file,
          line: r.line,
          reason: `zone name "${name.slice(0, 40)}" must be 1–63 letters, digits, _ . -`,
        });
      else if (
        names.has(name.toLowerCase()) ||
        (REACH_CLASSES as readonly string[]).includes(name.toLowerCase())
      )
        problems.push({
          file,
          line: r.line,
          reason: `zone name ${name} is ${names.has(name.toLowerCase()) ? 'used twice' : 'reserved'}`,
        });
      const fromCidr = cidr === '' ? null : cidrSize(cidr);
      if (cidr !== '' && fromCidr === null)
        problems.push({
          file,
          line: r.line,
          reason: `cidr "${cidr.slice(0, 40)}" is not an IPv4 block like 10.1.4.0/24`,
        });
      const size = sizeText === '' ? fromCidr : Number(sizeText);
      if (size === null || !Number.isInteger(size) || size < 1)
        problems.push({
          file,
          line: r.line,
          reason: 'give a cidr or a size (a whole number of addresses, at least 1)',
        });
      const egress = oneOf(r.line, 'egress', r.get('egress'), EGRESS, 'proxy');
      const segment = oneOf(r.line, 'segment', r.get('segment'), SEGMENTS, 'office');
      names.add(name.toLowerCase());
      if (egress && segment && size && size > 0)
        zones.push({ line: r.line, name, cidr: cidr === '' ? null : cidr, size, egress, segment });
    } else if (kind === 'rule') {
      const from = r.get('from');
      const to = r.get('to');
      const protocol = oneOf(r.line, 'protocol', r.get('protocol'), PROTOCOLS, 'tcp');
      const action = oneOf(r.line, 'action', r.get('action'), ACTIONS);
      const portText = r.get('port');
      const port = portText === '' ? null : Number(portText);
      if (port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65535))
        problems.push({
          file,
          line: r.line,
          reason: `port must be 1–65535 or empty for any, got "${portText.slice(0, 20)}"`,
        });
      if (from === '' || to === '') problems.push({ file, line: r.line, reason: 'a rule needs from and to' });
      if (protocol && action && from && to && (port === null || (port >= 1 && port <= 65535)))
        rules.push({ line: r.line, position: rules.length + 1, from, to, protocol, port, action });
    } else if (kind === 'service') {
      const row = serviceRow(file, r, table.columns, problems);
      if (row) {
        const key = `${row.name.toLowerCase()}|${row.provider ?? ''}`;
        if (serviceKeys.has(key))
          problems.push({
            file,
            line: r.line,
            reason: `service ${row.name} of ${row.provider ?? 'this organisation'} is declared twice`,
          });
        else serviceKeys.add(key);
        services.push(row);
      }
    } else {
      problems.push({
        file,
        line: r.line,
        reason: `kind must be zone, rule or service, got "${kind.slice(0, 20)}"`,
      });
    }
  }
  // References resolve once every zone is known (rules may come before the zones they name).
  for (const rule of rules)
    for (const ref of [rule.from, rule.to])
      if (!names.has(ref.toLowerCase()) && !(REACH_CLASSES as readonly string[]).includes(ref.toLowerCase()))
        problems.push({
          file,
          line: rule.line,
          reason: `unknown zone or class "${ref.slice(0, 40)}" (classes: ${REACH_CLASSES.join(', ')})`,
        });
  problems.sort((a, b) => a.line - b.line);
  return { zones, rules, services, problems };
}

/** One service row, or null with its problems pushed. */
function serviceRow(
  file: string,
  r: { line: number; get(column: string): string },
  columns: readonly string[],
  problems: InputProblem[],
): ServiceRow | null {
  const missing = SERVICE_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    problems.push({
      file,
      line: r.line,
      reason: `a service row needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header`,
    });
    return null;
  }
  const before = problems.length;
  const name = r.get('name');
  if (!SERVICE_NAME.test(name))
    problems.push({
      file,
      line: r.line,
      reason: `service name "${name.slice(0, 40)}" must be 1–80 letters, digits, spaces or _ . & ( ) / -`,
    });
  const providerText = r.get('provider');
  if (providerText !== '' && !ORG_CODE.test(providerText))
    problems.push({
      file,
      line: r.line,
      reason: `provider "${providerText.slice(0, 40)}" is not an organisation code`,
    });
  const { consumers, bad } = parseConsumers(r.get('consumers'));
  for (const item of bad)
    problems.push({
      file,
      line: r.line,
      reason: `consumer "${item.slice(0, 40)}" is not an organisation code or children:CODE`,
    });
  const seen = new Set<string>();
  for (const c of consumers) {
    const key = `${c.children ? 'children:' : ''}${c.code}`;
    if (seen.has(key)) problems.push({ file, line: r.line, reason: `consumer ${key} is named twice` });
    seen.add(key);
  }
  if (problems.length > before) return null;
  return { line: r.line, name, provider: providerText === '' ? null : providerText.toUpperCase(), consumers };
}
