/**
 * External scan reports for tests: Shadowserver-layout CSV rows, and registering address ranges
 * for organisations of the small federation (as the address import would).
 */
import type { Database } from '../../src/db/connect.js';

export const SHADOWSERVER_HEADER =
  '"timestamp","ip","port","protocol","hostname","tag","asn","geo","region","city","device_vendor","device_model","device_version"';

export interface ReportRow {
  at: string;
  ip: string;
  port: number;
  protocol?: string;
  tag?: string;
  vendor?: string;
  product?: string;
  version?: string;
}

export function shadowserverCsv(rows: readonly ReportRow[]): string {
  const line = (r: ReportRow) =>
    [
      r.at,
      r.ip,
      String(r.port),
      r.protocol ?? 'tcp',
      '',
      r.tag ?? '',
      '64512',
      'GB',
      'ENGLAND',
      'LONDON',
      r.vendor ?? '',
      r.product ?? '',
      r.version ?? '',
    ]
      .map((v) => `"${v}"`)
      .join(',');
  return `${[SHADOWSERVER_HEADER, ...rows.map(line)].join('\n')}\n`;
}

/** Registers ranges: [organisation code, cidr]. */
export async function registerRanges(database: Database, claims: readonly [string, string][]): Promise<void> {
  const ids = new Map(
    (await database.db.selectFrom('organisations').select(['code', 'id']).execute()).map((o) => [
      o.code,
      o.id,
    ]),
  );
  await database.db
    .insertInto('org_addresses')
    .values(
      claims.map(([code, range]) => ({ org_id: ids.get(code) as string, kind: 'range' as const, range })),
    )
    .execute();
}
