/**
 * External scan reports → observations, pure (text in; gzip is undone before). Three layouts:
 *
 * - `shadowserver`: the CSV of Shadowserver's reports ("Accessible SMB", "Accessible RDP",
 *   "Vulnerable HTTP", …): `timestamp,ip,port,protocol,hostname,tag,asn,geo,region,city,…` plus the
 *   report's own columns, of which Ward reads `device_vendor`, `device_model` and `device_version`
 *   (or `vendor`, `product`, `version`). Timestamps without a zone are UTC.
 * - `csv`: a plain CSV with a header naming at least `ip` and `port`, and optionally `timestamp`,
 *   `protocol` (tcp by default), `hostname`, `asn`, `geo`, `tag`, `vendor`, `product`, `version`, `cpe`.
 * - `jsonl`: one JSON object per line with the same fields as `csv` (`tag` may be an array).
 *
 * The format is detected from the header or first line unless given. Every bad row is reported
 * (file, line, reason: bad address, bad port, bad timestamp, wrong number of columns, …); a report
 * with any problem yields no observations to apply.
 */
import type { InputProblem } from '../../errors.js';
import { readCsvRecords } from '../csv/csv-records.js';
import { unstorableCells } from '../csv/csv-table.js';
import { unstorableText } from '../text/storable-text.js';
import { formatIp, parseIp } from './ip.js';
import {
  FUTURE_SLACK_MS,
  type Observation,
  parsePort,
  parseTags,
  parseTimestamp,
  type ReportFormat,
} from './observation.js';

export interface ParsedReport {
  format: ReportFormat | null;
  observations: Observation[];
  problems: InputProblem[];
  /** Problems beyond the first {@link MAX_PROBLEMS} are counted, not listed. */
  moreProblems: number;
}

export interface ParseReportOptions {
  format?: ReportFormat;
  /** The clock: rows without a timestamp were seen now; later than a day past it is refused. */
  now: Date;
}

/** Listed problems per file (the rest are counted), so a wholly wrong file gives a readable answer. */
export const MAX_PROBLEMS = 1000;

export const SHADOWSERVER_COLUMNS = ['timestamp', 'ip', 'port', 'protocol', 'asn', 'geo'] as const;
export const GENERIC_COLUMNS = ['ip', 'port'] as const;
/** The generic CSV's header, as documented. */
export const GENERIC_HEADER = 'timestamp,ip,port,protocol,hostname,asn,geo,tag,vendor,product,version,cpe';

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** The format a report's first line shows, or null. */
export function detectReportFormat(text: string): ReportFormat | null {
  const first = text.replace(/^\uFEFF/, '').trimStart();
  if (first.startsWith('{')) return 'jsonl';
  const header = (first.split(/\r?\n/, 1)[0] ?? '')
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  if (SHADOWSERVER_COLUMNS.every((c) => header.includes(c))) return 'shadowserver';
  if (GENERIC_COLUMNS.every((c) => header.includes(c))) return 'csv';
  return null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is one of those looked for
const SUSPECT = /[\u0000\ud800-\udfff]/;
/** Whether any cell may hold text a database cannot store (checked in full only then, for speed). */
const hasSuspect = (record: readonly string[]) => record.some((cell) => SUSPECT.test(cell));

/** The raw fields of one row, by the layout's names. */
type Fields = (name: string) => string | undefined;

const FIELD_NAMES: Record<'vendor' | 'product' | 'version', readonly string[]> = {
  vendor: ['device_vendor', 'vendor'],
  product: ['device_model', 'product'],
  version: ['device_version', 'version'],
};

class Collector {
  readonly observations: Observation[] = [];
  readonly problems: InputProblem[] = [];
  more = 0;
  /** Rows of one scan share timestamps: the last one parsed is kept. */
  private lastStamp = '';
  private lastAt: Date | null = null;
  constructor(
    readonly file: string,
    readonly now: Date,
    readonly timestampRequired: boolean,
  ) {}

  problem(line: number, reason: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ file: this.file, line, reason });
    else this.more++;
  }

  /** Checks one row's fields; adds an observation or the row's problems. */
  row(line: number, get: Fields): void {
    const reasons: string[] = [];
    const text = (name: string) => {
      const v = get(name)?.trim();
      return v === undefined || v === '' ? null : v;
    };
    const first = (names: readonly string[]) => {
      for (const n of names) {
        const v = text(n);
        if (v !== null) return v;
      }
      return null;
    };
    const ipText = text('ip') ?? '';
    const ip = parseIp(ipText);
    if (!ip) reasons.push(`bad address ${quote(ipText)}: expected an IPv4 or IPv6 address`);
    const portText = text('port') ?? '';
    const port = parsePort(portText);
    if (port === null) reasons.push(`bad port ${quote(portText)}: expected a whole number 0-65535`);
    const protocol = (text('protocol') ?? 'tcp').toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp')
      reasons.push(`bad protocol ${quote(protocol)}: expected tcp or udp`);
    const tsText = text('timestamp');
    let at: Date | null = this.now;
    if (tsText === null) {
      if (this.timestampRequired) reasons.push('bad timestamp "": the timestamp is missing');
    } else {
      if (tsText !== this.lastStamp) {
        this.lastStamp = tsText;
        this.lastAt = parseTimestamp(tsText);
      }
      at = this.lastAt;
      if (!at) reasons.push(`bad timestamp ${quote(tsText)}: expected YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601`);
      else if (at.getTime() > this.now.getTime() + FUTURE_SLACK_MS)
        reasons.push(`bad timestamp ${quote(tsText)}: later than now (${this.now.toISOString()})`);
    }
    const asnText = text('asn');
    const asn = asnText === null ? null : /^\d{1,10}$/.test(asnText) ? Number(asnText) : Number.NaN;
    if (asn !== null && !(asn >= 0 && asn <= 4294967295)) reasons.push(`bad asn ${quote(asnText ?? '')}`);
    if (reasons.length > 0 || !ip || port === null || !at) {
      for (const r of reasons) this.problem(line, r);
      return;
    }
    this.observations.push({
      line,
      at,
      ip,
      // IPv4 text that parses is already canonical (no leading zeros); IPv6 is rewritten.
      address: ip.family === 4 ? ipText : formatIp(ip.family, ip.value),
      port,
      protocol,
      hostname: text('hostname'),
      asn: asn === null || asn > 2147483647 ? null : asn,
      geo: text('geo'),
      tags: parseTags(get('tag') ?? ''),
      vendor: first(FIELD_NAMES.vendor),
      product: first(FIELD_NAMES.product),
      version: first(FIELD_NAMES.version),
      cpe: text('cpe'),
    });
  }

  result(format: ReportFormat | null): ParsedReport {
    return {
      format,
      observations: this.problems.length + this.more > 0 ? [] : this.observations,
      problems: this.problems,
      moreProblems: this.more,
    };
  }
}

function parseCsvReport(c: Collector, text: string, format: 'shadowserver' | 'csv'): void {
  const read = readCsvRecords(text);
  if (!read.ok) {
    c.problem(read.line, `not valid CSV: ${read.reason}`);
    return;
  }
  const [header, ...body] = read.records;
  if (!header) {
    c.problem(0, 'the file is empty');
    return;
  }
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const required = format === 'shadowserver' ? SHADOWSERVER_COLUMNS : GENERIC_COLUMNS;
  const missing = required.filter((r) => !names.includes(r));
  if (missing.length > 0) {
    const expected = format === 'shadowserver' ? SHADOWSERVER_COLUMNS.join(',') : GENERIC_HEADER;
    c.problem(
      header.line,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for the ${format} layout (expected header: ${expected})`,
    );
    return;
  }
  const index = new Map(names.map((n, i) => [n, i]));
  for (const { fields: record, line } of body) {
    if (record.length !== names.length) {
      c.problem(line, `wrong columns: ${record.length} where the header has ${names.length}`);
      continue;
    }
    const unstorable = hasSuspect(record) ? unstorableCells(c.file, line, record, names) : [];
    if (unstorable.length > 0) {
      for (const p of unstorable) c.problem(p.line, p.reason);
      continue;
    }
    c.row(line, (name) => {
      const i = index.get(name);
      return i === undefined ? undefined : record[i];
    });
  }
}

function parseJsonLines(c: Collector, text: string): void {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '') return;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (error) {
      c.problem(line, `not valid JSON: ${(error as Error).message}`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      c.problem(line, 'expected one JSON object per line');
      return;
    }
    const o = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      const bad = typeof v === 'string' ? unstorableText(v) : null;
      if (bad) {
        c.problem(line, `${k}: ${bad}`);
        return;
      }
    }
    c.row(line, (name) => {
      const v = o[name];
      if (v === undefined || v === null) return undefined;
      if (Array.isArray(v)) return v.map(String).join(';');
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
  });
}

/** Parses one report (already gunzipped). */
export function parseReport(file: string, text: string, options: ParseReportOptions): ParsedReport {
  const format = options.format ?? detectReportFormat(text);
  const c = new Collector(file, options.now, format === 'shadowserver');
  if (text.trim() === '') {
    c.problem(0, 'the file is empty');
    return c.result(format);
  }
  if (format === null) {
    c.problem(
      1,
      `unknown report layout: expected a Shadowserver CSV header (${SHADOWSERVER_COLUMNS.join(',')},…), ` +
        `a CSV header with at least ip,port (${GENERIC_HEADER}) or JSON lines`,
    );
    return c.result(format);
  }
  if (format === 'jsonl') parseJsonLines(c, text);
  else parseCsvReport(c, text, format);
  if (c.problems.length === 0 && c.observations.length === 0) c.problem(0, 'the report has no rows');
  return c.result(format);
}
