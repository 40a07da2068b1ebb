/**
 * Keeping the exposed cells (see exposed-cells.sql.ts): rebuilt for organisations whose inventory
 * changed, updated in place for CVEs whose rules changed, their KEV flag for KEV entries that
 * changed. Updates leave the temporary table `cell_delta` (org_id, component_id, platform, dc, dk):
 * the cells that started (1) or stopped (-1) exposing their devices, or holding a KEV CVE — the
 * only changes devices see.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { citusVersion } from '../../citus/distribute.js';
import type { DB } from '../../schema.js';
import { cellRulesSql, cellsSql } from './exposed-cells.sql.js';
import { componentFilter, orgFilter, type RefreshSelection } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

const CELL_KEY = sql`org_id, component_id, platform`;
/** The cells of `cell_change` (alias `e`). */
const CHANGED = sql`(e.org_id, e.component_id, e.platform) IN (SELECT org_id, component_id, platform FROM cell_change)`;
const sameCell = (a: string, b: string) =>
  sql`${sql.ref(`${a}.org_id`)} = ${sql.ref(`${b}.org_id`)} AND ${sql.ref(`${a}.component_id`)} = ${sql.ref(`${b}.component_id`)}
    AND ${sql.ref(`${a}.platform`)} = ${sql.ref(`${b}.platform`)}`;

/**
 * After the findings of the selection were refreshed: rebuilds the cells of its organisations (or
 * all; narrowed to its components when it names some), or updates those its CVEs touch and leaves
 * `cell_delta` for device upkeep.
 */
export async function refreshCells(trx: Executor, selection: RefreshSelection): Promise<void> {
  if (selection.kind === 'cves') return updateCellsForCves(trx, selection.cveIds);
  return rebuildCells(trx, selection);
}

/** The selection's platform rules into `cell_rules`, analysed (see `cellRulesSql`). */
async function stageCellRules(trx: Executor, selection: RefreshSelection): Promise<void> {
  await cellRulesSql(selection).execute(trx);
  await sql`ANALYZE cell_rules`.execute(trx);
}

/** Rebuilds the cells of the organisations (or all) from their findings. */
async function rebuildCells(
  trx: Executor,
  selection: RefreshSelection & { kind: 'orgs' | 'all' },
): Promise<void> {
  const all = selection.kind === 'all';
  await sql`DELETE FROM exposed_cells WHERE true ${orgFilter(selection, 'org_id')} ${componentFilter(selection, 'component_id')}`.execute(
    trx,
  );
  // Every cell: the statement is planned from the statistics of what it reads, which the
  // transaction loading a federation has just written (nested loops on a misestimate took 83 s
  // where 7 s will do; forcing hash joins instead took 16.7 s once statistics were there). Citus
  // cannot analyse shards a transaction has already read locally: there, hash joins are forced.
  const citus = all && (await citusVersion(trx)) !== null;
  if (all && !citus) {
    for (const table of ['findings', 'component_matches', 'condition_matches', 'assets'] as const)
      await sql`ANALYZE ${sql.table(table)}`.execute(trx);
  }
  await stageCellRules(trx, selection);
  if (citus) await sql`SET LOCAL enable_nestloop = off`.execute(trx);
  await sql`INSERT INTO exposed_cells (${CELL_KEY}, cves, kev) ${cellsSql(selection)}`.execute(trx);
  if (citus) await sql`SET LOCAL enable_nestloop = on`.execute(trx);
  await sql`DROP TABLE cell_rules`.execute(trx);
  if (all) await sql`ANALYZE exposed_cells`.execute(trx);
}

/**
 * Brings the cells the CVEs touch up to date — each loses the CVEs, then gains those that expose
 * it now, and is deleted when left with none — and leaves `cell_delta`. Arrays are split and
 * rebuilt by grouped joins, not by a subquery per row: Citus runs those on the shards.
 */
async function updateCellsForCves(trx: Executor, cveIds: readonly string[]): Promise<void> {
  const cves = sql`${sql.val([...cveIds])}::text[]`;
  await stageCellRules(trx, { kind: 'cves', cveIds });
  await sql`CREATE TEMP TABLE cell_hits ON COMMIT DROP AS ${cellsSql({ kind: 'cves', cveIds })}`.execute(trx);
  await sql`DROP TABLE cell_rules`.execute(trx);
  await sql`
    CREATE TEMP TABLE cell_change ON COMMIT DROP AS
    SELECT ${CELL_KEY}, true AS was, kev AS was_kev FROM exposed_cells
    WHERE cves && ${cves} OR (${CELL_KEY}) IN (SELECT ${CELL_KEY} FROM cell_hits)`.execute(trx);
  await sql`
    INSERT INTO cell_change SELECT ${CELL_KEY}, false, false FROM cell_hits
    WHERE (${CELL_KEY}) NOT IN (SELECT ${CELL_KEY} FROM cell_change)`.execute(trx);
  await sql`
    UPDATE exposed_cells c SET cves = n.cves
    FROM (
      SELECT e.org_id, e.component_id, e.platform,
        coalesce(array_agg(u.cve_id ORDER BY u.cve_id) FILTER (WHERE s.cve_id IS NULL), '{}') AS cves
      FROM exposed_cells e CROSS JOIN LATERAL unnest(e.cves) AS u(cve_id)
      LEFT JOIN unnest(${cves}) AS s(cve_id) ON s.cve_id = u.cve_id
      WHERE e.cves && ${cves}
      GROUP BY e.org_id, e.component_id, e.platform
    ) n
    WHERE ${sameCell('c', 'n')}`.execute(trx);
  await sql`
    INSERT INTO exposed_cells (${CELL_KEY}, cves, kev)
    SELECT m.org_id, m.component_id, m.platform, array_agg(DISTINCT m.cve_id ORDER BY m.cve_id), false
    FROM (
      SELECT h.org_id, h.component_id, h.platform, unnest(h.cves) AS cve_id FROM cell_hits h
      UNION ALL
      SELECT e.org_id, e.component_id, e.platform, unnest(e.cves) FROM exposed_cells e
      WHERE (e.org_id, e.component_id, e.platform) IN (SELECT ${CELL_KEY} FROM cell_hits)
    ) m
    GROUP BY m.org_id, m.component_id, m.platform
    ON CONFLICT (${CELL_KEY}) DO UPDATE SET cves = excluded.cves`.execute(trx);
  await sql`
    DELETE FROM exposed_cells
    WHERE cardinality(cves) = 0 AND (${CELL_KEY}) IN (SELECT ${CELL_KEY} FROM cell_change)`.execute(trx);
  await updateKevFlags(trx, CHANGED);
  await leaveCellDelta(trx);
  await sql`DROP TABLE cell_hits`.execute(trx);
}

/**
 * After KEV entries changed: sets the KEV flag of the cells holding their CVEs and leaves
 * `cell_delta` with the cells whose flag changed (dc 0) for device upkeep.
 */
export async function refreshCellKev(trx: Executor, cveIds: readonly string[]): Promise<void> {
  await sql`
    CREATE TEMP TABLE cell_change ON COMMIT DROP AS
    SELECT ${CELL_KEY}, true AS was, kev AS was_kev FROM exposed_cells
    WHERE cves && ${sql.val([...cveIds])}::text[]`.execute(trx);
  await updateKevFlags(trx, CHANGED);
  await leaveCellDelta(trx);
}

/**
 * `cell_delta` from `cell_change` (each changed cell's key, whether it existed and whether it held
 * a KEV CVE before) and the cells as they are now; drops `cell_change`. The cells are read into a
 * temporary table first so the two are compared locally: Citus cannot outer-join a temporary table
 * to a distributed one.
 */
async function leaveCellDelta(trx: Executor): Promise<void> {
  await sql`
    CREATE TEMP TABLE cell_after ON COMMIT DROP AS
    SELECT ${CELL_KEY}, kev FROM exposed_cells WHERE (${CELL_KEY}) IN (SELECT ${CELL_KEY} FROM cell_change)`.execute(
    trx,
  );
  await sql`
    CREATE TEMP TABLE cell_delta ON COMMIT DROP AS
    SELECT c.org_id, c.component_id, c.platform,
      (a.org_id IS NOT NULL)::int - c.was::int AS dc, coalesce(a.kev, false)::int - c.was_kev::int AS dk
    FROM cell_change c LEFT JOIN cell_after a ON ${sameCell('a', 'c')}
    WHERE (a.org_id IS NOT NULL) <> c.was OR coalesce(a.kev, false) <> c.was_kev`.execute(trx);
  await sql`DROP TABLE cell_after`.execute(trx);
  await sql`DROP TABLE cell_change`.execute(trx);
}

/** Sets the KEV flag of the cells `where` selects (alias `e`): each CVE looked up in KEV by a hash join. */
async function updateKevFlags(trx: Executor, where: RawBuilder<unknown>): Promise<void> {
  await sql`
    UPDATE exposed_cells c SET kev = n.kev
    FROM (
      SELECT e.org_id, e.component_id, e.platform, bool_or(k.cve_id IS NOT NULL) AS kev
      FROM exposed_cells e CROSS JOIN LATERAL unnest(e.cves) AS u(cve_id)
      LEFT JOIN kev_entries k ON k.cve_id = u.cve_id
      WHERE ${where}
      GROUP BY e.org_id, e.component_id, e.platform
    ) n
    WHERE ${sameCell('c', 'n')} AND c.kev <> n.kev`.execute(trx);
}
