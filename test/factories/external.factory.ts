/**
 * External observations for tests: rows of `external_services` as a report import leaves them
 * (the report parsers fill the table; these tests start from its rows), and closing one.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.js';

export interface ObservationSpec {
  org: string;
  address: string;
  port: number;
  protocol?: string;
  kind?: string;
  severity?: string;
  source?: string;
  hostname?: string | null;
  vendor?: string | null;
  product?: string | null;
  version?: string | null;
  cpe?: string | null;
  firstSeen?: Date;
  lastSeen?: Date;
}

/** The id of each organisation by ODS code. */
export async function orgIds(database: Database): Promise<Map<string, string>> {
  const rows = await database.db.selectFrom('organisations').select(['code', 'id']).execute();
  return new Map(rows.map((o) => [o.code, o.id]));
}

/** Inserts an open observation; returns its organisation's id. */
export async function observe(database: Database, o: ObservationSpec): Promise<string> {
  const orgId = (await orgIds(database)).get(o.org);
  if (!orgId) throw new Error(`no organisation ${o.org}`);
  const seen = o.lastSeen ?? new Date('2026-11-30T06:00:00Z');
  await database.db
    .insertInto('external_services')
    .values({
      org_id: orgId,
      source: o.source ?? 'shadowserver',
      address: o.address,
      port: o.port,
      protocol: o.protocol ?? 'tcp',
      kind: o.kind ?? 'service',
      severity: o.severity ?? 'medium',
      hostname: o.hostname ?? null,
      vendor: o.vendor ?? null,
      product: o.product ?? null,
      version: o.version ?? null,
      cpe: o.cpe ?? null,
      first_seen: o.firstSeen ?? seen,
      last_seen: seen,
    })
    .execute();
  return orgId;
}

/** Closes the open observations of an address (as the lifecycle does after the grace period). */
export async function closeObservations(
  database: Database,
  address: string,
  at = new Date('2026-12-03T06:00:00Z'),
) {
  await sql`UPDATE external_services SET closed_at = ${at} WHERE address = ${address}::inet AND closed_at IS NULL`.execute(
    database.db,
  );
}
