/**
 * Which CVEs name a certified product's key and have not been notified yet, and recording that
 * they have (`product_cve_notices`: once per product and CVE).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

export interface CertifiedMatch {
  cve_id: string;
  key: string;
  name: string;
  use: string;
  standard: string;
  certificate_ref: string | null;
  expires_on: string | null;
}

/** Of the CVEs given, the (CVE, certified product) pairs whose rules name the product and were not notified yet. */
export async function unnotifiedCertifiedMatches(
  db: Executor,
  cveIds: readonly string[],
  day: string,
): Promise<CertifiedMatch[]> {
  if (cveIds.length === 0) return [];
  const rows = await sql<CertifiedMatch>`
    SELECT DISTINCT ON (r.cve_id, p.key) r.cve_id, p.key, p.name, s.use, s.standard, s.certificate_ref, s.expires_on
    FROM match_rules r
    JOIN product_statuses s ON s.product_key = r.key AND s.status = 'certified'
    JOIN products p ON p.key = s.product_key
    WHERE r.cve_id = ANY(${sql.val([...cveIds])}::text[])
      AND (s.expires_on IS NULL OR s.expires_on >= ${day})
      AND NOT EXISTS (SELECT 1 FROM product_cve_notices n WHERE n.product_key = p.key AND n.cve_id = r.cve_id)
    ORDER BY r.cve_id, p.key, s.use`.execute(db);
  return rows.rows;
}

/** Records the pairs as notified. */
export async function recordProductNotices(
  db: Executor,
  pairs: readonly { key: string; cveId: string }[],
  at: Date,
): Promise<void> {
  if (pairs.length === 0) return;
  await db
    .insertInto('product_cve_notices')
    .values(pairs.map((p) => ({ product_key: p.key, cve_id: p.cveId, notified_at: at })))
    .onConflict((oc) => oc.columns(['product_key', 'cve_id']).doNothing())
    .execute();
}
