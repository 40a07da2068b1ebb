/**
 * Importing external scan reports: each row attributed to the organisation with the most specific
 * registered range holding its address (one in-memory table per import), classified by the shipped
 * risky-services rules, and merged into `external_services` per (organisation, source, address,
 * port, kind). All or nothing: every file is read and checked before anything is written, and all
 * are applied in one transaction. A report already imported (same source, same content) is a no-op.
 *
 * Lifecycle per source: after a report is applied, the source's open exposures last seen more than
 * `graceDays` before the report's latest row (and before its first) are closed: scanners miss a service now and then (a
 * host down for a night, a scan cut short), and Shadowserver sends its reports daily, so a week
 * without a sighting means the service is gone, while a night's gap closes nothing. A closed exposure
 * seen again reopens.
 */
import { createHash } from 'node:crypto';
import { oneConnectionPerWorker } from '../../db/citus/distribute.js';
import type { Database } from '../../db/connect.js';
import { type AddressOwner, loadAddressTable } from '../../db/repositories/outside/address.repository.js';
import {
  type ExternalReportRow,
  findReport,
  insertReport,
  type UnknownAddress,
} from '../../db/repositories/outside/external-report.repository.js';
import {
  applyExposures,
  closeUnseen,
  type ExposureWrite,
} from '../../db/repositories/outside/external-service.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import type { AddressTable } from '../../domain/outside/address-table.js';
import type { Observation, ReportFormat } from '../../domain/outside/observation.js';
import { detectReportFormat, parseReport } from '../../domain/outside/parse-report.js';
import { RISKY_SERVICES, SERVICE_KIND } from '../../domain/outside/risky-services.js';
import { ConflictError, type InputProblem, InvalidInputError } from '../../errors.js';
import { GzipError, readAllBytes } from '../../feeds/source-bytes.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import { requireNational } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type Incoming, receive } from '../incoming.js';
import { queueExposureNotices } from './exposure-notice.service.js';
import { syncExternalAssetsIn } from './external-assets.js';

export const DEFAULT_GRACE_DAYS = 7;
/** Unregistered addresses kept per report (most rows first); the rest are counted. */
export const UNKNOWN_KEPT = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A report file as it arrives: its name (for messages) and its bytes (gzip or not). */
export interface ReportFile {
  name: string;
  bytes: Uint8Array;
}

export interface ObserveOptions {
  /** The scanner or feed the reports come from; lifecycles are per source (default: the format's name). */
  source?: string;
  /** The layout, when not to be detected. */
  format?: ReportFormat;
  graceDays?: number;
  now?: Date;
  render?: RenderOptions;
  /** Progress of long files: phase and rows so far. */
  onProgress?: (p: { file: string; phase: 'read' | 'attribute' | 'apply'; rows: number }) => void;
}

export interface ReportResult {
  file: string;
  source: string;
  format: string;
  checksum: string;
  /** True when this source had this exact report already: nothing was changed. */
  alreadyImported: boolean;
  rows: number;
  attributed: number;
  unknown: number;
  unknownDistinct: number;
  /** The unregistered addresses, most rows first (at most 20 here; the stored report keeps more). */
  unknownAddresses: UnknownAddress[];
  /** Attributed rows that match no rule and name no product (not stored). */
  ignored: number;
  opened: number;
  refreshed: number;
  reopened: number;
  closed: number;
  /** Messages queued to organisations about critical and high exposures. */
  notified: number;
  observedFrom: string | null;
  observedUntil: string | null;
}

export interface ObserveResult {
  graceDays: number;
  reports: ReportResult[];
}

interface ReadReport {
  file: string;
  format: ReportFormat;
  checksum: string;
  observations: Observation[];
}

/** Gunzips (by magic bytes), decodes and parses one file; its problems instead when it is bad. */
async function readReport(
  f: ReportFile,
  o: ObserveOptions,
  now: Date,
  isKnown: (source: string, checksum: string) => Promise<boolean>,
): Promise<{ ok: true; report: ReadReport } | { ok: false; problems: InputProblem[] }> {
  let bytes: Buffer;
  try {
    bytes = await readAllBytes(f.bytes, { name: f.name });
  } catch (error) {
    if (error instanceof GzipError)
      return {
        ok: false,
        problems: [{ file: f.name, line: 0, reason: error.message.replace(`: ${f.name}`, '') }],
      };
    throw error;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problems: [{ file: f.name, line: 0, reason: 'not UTF-8 text' }] };
  }
  const format = o.format ?? detectReportFormat(text);
  const checksum = createHash('sha256').update(bytes).digest('hex');
  // A report this source already sent was valid then and changes nothing now: not parsed again.
  if (format && (await isKnown(o.source ?? format, checksum)))
    return { ok: true, report: { file: f.name, format, checksum, observations: [] } };
  const parsed = parseReport(f.name, text, { format: o.format, now });
  if (parsed.moreProblems > 0)
    parsed.problems.push({ file: f.name, line: 0, reason: `… and ${parsed.moreProblems} more problems` });
  if (parsed.problems.length > 0 || parsed.format === null) return { ok: false, problems: parsed.problems };
  return {
    ok: true,
    report: { file: f.name, format: parsed.format, checksum, observations: parsed.observations },
  };
}

interface Attributed {
  exposures: ExposureWrite[];
  attributed: number;
  ignored: number;
  unknown: Map<string, number>;
  from: Date | null;
  until: Date | null;
}

/** Attributes and classifies a report's rows, merging repeats of one exposure (first/last seen, latest banner). */
export function attributeReport(
  table: AddressTable<AddressOwner>,
  source: string,
  observations: readonly Observation[],
  onRow?: (rows: number) => void,
): Attributed {
  const merged = new Map<string, ExposureWrite>();
  const unknown = new Map<string, number>();
  let attributed = 0;
  let ignored = 0;
  let from = Number.POSITIVE_INFINITY;
  let until = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i] as Observation;
    if (onRow && i % 50_000 === 0) onRow(i);
    const at = o.at.getTime();
    if (at < from) from = at;
    if (at > until) until = at;
    const hit = table.lookupIp(o.ip);
    if (!hit) {
      unknown.set(o.address, (unknown.get(o.address) ?? 0) + 1);
      continue;
    }
    attributed++;
    const rule = RISKY_SERVICES.classify(o.port, o.protocol, o.tags);
    const kind = rule?.kind ?? (o.product || o.vendor || o.cpe ? SERVICE_KIND : null);
    if (kind === null) {
      ignored++;
      continue;
    }
    const key = `${hit.owner.orgId}|${o.address}|${o.port}|${kind}`;
    const held = merged.get(key);
    if (held) {
      if (at < held.firstSeen.getTime()) held.firstSeen = o.at;
      if (at < held.lastSeen.getTime()) continue;
    }
    const write: ExposureWrite = {
      orgId: hit.owner.orgId,
      source,
      address: o.address,
      port: o.port,
      protocol: o.protocol,
      kind,
      severity: rule?.severity ?? 'info',
      hostname: o.hostname,
      asn: o.asn,
      geo: o.geo,
      tag: o.tags.length > 0 ? o.tags.join(';') : null,
      vendor: o.vendor,
      product: o.product,
      version: o.version,
      cpe: o.cpe,
      firstSeen: held?.firstSeen ?? o.at,
      lastSeen: o.at,
    };
    merged.set(key, write);
  }
  return {
    exposures: [...merged.values()],
    attributed,
    ignored,
    unknown,
    from: observations.length > 0 ? new Date(from) : null,
    until: observations.length > 0 ? new Date(until) : null,
  };
}

/**
 * Exposures last seen before this are closed: more than the grace period before the report's latest
 * row, and before its earliest (a report spanning more days than the grace never closes its own rows).
 */
export function closeBefore(from: Date, until: Date, graceDays: number): Date {
  return new Date(Math.min(from.getTime(), until.getTime() - graceDays * DAY_MS));
}

function repeated(r: ExternalReportRow, file: string): ReportResult {
  const unknown = (r.unknown_addresses as UnknownAddress[]) ?? [];
  return {
    file,
    source: r.source,
    format: r.format,
    checksum: r.checksum,
    alreadyImported: true,
    rows: r.rows,
    attributed: r.attributed,
    unknown: r.unknown,
    unknownDistinct: r.unknown_distinct,
    unknownAddresses: unknown.slice(0, 20),
    ignored: r.ignored,
    opened: 0,
    refreshed: 0,
    reopened: 0,
    closed: 0,
    notified: 0,
    observedFrom: r.observed_from ? new Date(r.observed_from).toISOString() : null,
    observedUntil: r.observed_until ? new Date(r.observed_until).toISOString() : null,
  };
}

/** Imports external scan reports (national roles). Throws {@link InvalidInputError} with every problem of every file. */
export async function importObservations(
  database: Database,
  actor: Actor,
  input: Incoming<readonly ReportFile[]>,
  options: ObserveOptions = {},
): Promise<ObserveResult> {
  requireNational(actor, 'national', 'import external observations');
  const graceDays = options.graceDays ?? DEFAULT_GRACE_DAYS;
  if (!Number.isInteger(graceDays) || graceDays < 1 || graceDays > 365)
    throw new InvalidInputError('graceDays: a whole number of days 1-365', [
      { file: 'request', line: 0, field: 'graceDays', reason: 'a whole number of days 1-365' },
    ]);
  const now = options.now ?? new Date();
  const files = await receive(input);
  if (files.length === 0)
    throw new InvalidInputError('no report file', [{ file: 'request', line: 0, reason: 'no report file' }]);
  const reports: ReadReport[] = [];
  const problems: InputProblem[] = [];
  for (const f of files) {
    options.onProgress?.({ file: f.name, phase: 'read', rows: 0 });
    const r = await readReport(f, options, now, async (source, checksum) =>
      Boolean(await findReport(database.db, source, checksum)),
    );
    if (r.ok) reports.push(r.report);
    else problems.push(...r.problems);
  }
  if (problems.length > 0)
    throw new InvalidInputError(
      `not imported (${problems.length} problem${problems.length > 1 ? 's' : ''}); nothing was written`,
      problems,
    );
  const render = options.render ?? { publicUrl: null };
  return database.db.transaction().execute(async (trx) => {
    // Observations of many organisations are written, then their assets synced and read back.
    await oneConnectionPerWorker(trx);
    const table = await loadAddressTable(trx);
    const results: ReportResult[] = [];
    const touched = new Set<string>();
    for (const r of reports) {
      const source = options.source ?? r.format;
      const known = await findReport(trx, source, r.checksum);
      if (known) {
        results.push(repeated(known, r.file));
        continue;
      }
      if (r.observations.length === 0)
        throw new ConflictError(`${r.file}: its earlier import is gone; import it again`);
      const a = attributeReport(table, source, r.observations, (rows) =>
        options.onProgress?.({ file: r.file, phase: 'attribute', rows }),
      );
      options.onProgress?.({ file: r.file, phase: 'apply', rows: r.observations.length });
      const applied = await applyExposures(trx, a.exposures, now);
      const closedOrgs =
        a.from && a.until ? await closeUnseen(trx, source, closeBefore(a.from, a.until, graceDays), now) : [];
      const notified = await queueExposureNotices(trx, applied.urgent, now, render);
      const unknownAddresses = [...a.unknown]
        .map(([address, rows]) => ({ address, rows }))
        .sort((x, y) => y.rows - x.rows || x.address.localeCompare(y.address));
      const result: ReportResult = {
        file: r.file,
        source,
        format: r.format,
        checksum: r.checksum,
        alreadyImported: false,
        rows: r.observations.length,
        attributed: a.attributed,
        unknown: r.observations.length - a.attributed,
        unknownDistinct: a.unknown.size,
        unknownAddresses: unknownAddresses.slice(0, 20),
        ignored: a.ignored,
        opened: applied.opened,
        refreshed: applied.refreshed,
        reopened: applied.reopened,
        closed: closedOrgs.length,
        notified,
        observedFrom: a.from?.toISOString() ?? null,
        observedUntil: a.until?.toISOString() ?? null,
      };
      await insertReport(trx, {
        ...result,
        unknownAddresses: unknownAddresses.slice(0, UNKNOWN_KEPT),
        observedFrom: a.from,
        observedUntil: a.until,
        importedAt: now,
        importedBy: actor.label,
      });
      const { unknownAddresses: _, ...summary } = result;
      await audit(trx, actor, null, 'external.import', null, summary, `${source}:${r.file}`);
      for (const e of a.exposures) touched.add(e.orgId);
      for (const orgId of closedOrgs) touched.add(orgId);
      results.push(result);
    }
    // Banners become external assets matched by the exposure engine, in the same transaction (the
    // import is all or nothing). The sync is set-based: a national report's thousands of
    // organisations take a fixed number of temporary tables, so the locks held stay far below
    // PostgreSQL's lock table (one organisation at a time once took several per organisation).
    if (touched.size > 0) await syncExternalAssetsIn(trx, [...touched]);
    return { graceDays, reports: results };
  });
}
