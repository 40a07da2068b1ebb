/**
 * Imported external scan reports (`external_reports`): what each held, for the centre, and the
 * checksum that recognises a report imported again.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, ExternalReportTable } from '../../schema.js';

type Executor = Kysely<DB>;

export type ExternalReportRow = Selectable<ExternalReportTable>;

/** An address no organisation registered, with the rows that named it. */
export interface UnknownAddress {
  address: string;
  rows: number;
}

export interface ExternalReportWrite {
  source: string;
  file: string;
  format: string;
  checksum: string;
  rows: number;
  attributed: number;
  unknown: number;
  unknownAddresses: readonly UnknownAddress[];
  unknownDistinct: number;
  ignored: number;
  opened: number;
  refreshed: number;
  reopened: number;
  closed: number;
  observedFrom: Date | null;
  observedUntil: Date | null;
  importedAt: Date;
  importedBy: string;
}

/** The report of this source with this checksum, when it was imported before. */
export async function findReport(
  db: Executor,
  source: string,
  checksum: string,
): Promise<ExternalReportRow | null> {
  return (
    (await db
      .selectFrom('external_reports')
      .selectAll()
      .where('source', '=', source)
      .where('checksum', '=', checksum)
      .executeTakeFirst()) ?? null
  );
}

export async function insertReport(db: Executor, r: ExternalReportWrite): Promise<string> {
  const row = await db
    .insertInto('external_reports')
    .values({
      source: r.source,
      file: r.file,
      format: r.format,
      checksum: r.checksum,
      rows: r.rows,
      attributed: r.attributed,
      unknown: r.unknown,
      unknown_distinct: r.unknownDistinct,
      unknown_addresses: JSON.stringify(r.unknownAddresses),
      ignored: r.ignored,
      opened: r.opened,
      refreshed: r.refreshed,
      reopened: r.reopened,
      closed: r.closed,
      observed_from: r.observedFrom,
      observed_until: r.observedUntil,
      imported_at: r.importedAt,
      imported_by: r.importedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** The most recent reports, newest first. */
export async function recentReports(db: Executor, limit: number): Promise<ExternalReportRow[]> {
  return db
    .selectFrom('external_reports')
    .selectAll()
    .orderBy('imported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
