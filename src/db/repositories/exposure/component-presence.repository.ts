/**
 * Component presence (see migrations 0007 and 0040): per organisation, component and platform, the
 * live assets that have the component, how many of them are open (internet-facing) or controlled
 * (clinical zone or medical device) and how many bear on patient safety, with the widest exposure
 * and the safety flag those counts give; and each asset's platform (migration 0036). Findings are
 * staged from it (finding-stage.repository.ts).
 *
 * A full recompute counts it anew. An inventory sync keeps it by difference: the assets' weight,
 * liveness and platform are noted before the sync (`notePresenceInputs`); afterwards an asset
 * whose weight, liveness or platform changed takes back all it counted and adds all it counts now,
 * and any other asset adds and takes back only its rows added and removed (`applyPresenceChange`).
 * A few hundred devices changing operating system cost their own rows, not every row of the trust.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import { INSTALLED_DIFF } from '../inventory.repository.js';
import { assetExposureRankSql, assetSafetySql } from '../priority.sql.js';
import { platformKeySql } from './platform.sql.js';
import { orgArray } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** The counted columns, after the key, in the order the statements below give them. */
const COUNTS = sql`asset_count, open_assets, controlled_assets, safety_assets, exposure_rank, safety_impact`;

/**
 * Presence's counts from rows (`x`) with an exposure rank (`rank`), a safety flag (`safety`) and a
 * weight (`n`: 1, or -1 for a row taken back), grouped by the key: `assets`, `open`, `controlled`, `safety`.
 */
function countsSql(): RawBuilder<unknown> {
  return sql`sum(x.n)::int AS assets, coalesce(sum(x.n) FILTER (WHERE x.rank = 2), 0)::int AS open,
    coalesce(sum(x.n) FILTER (WHERE x.rank = 1), 0)::int AS controlled,
    coalesce(sum(x.n) FILTER (WHERE x.safety), 0)::int AS safety`;
}

/**
 * A row (`ac`) with its asset's (`a`) exposure, safety and platform (`p`, joined to `a`: Citus
 * joins two distributed tables only on their distribution column) now, weighted `n`: the rows
 * {@link countsSql} counts.
 */
function presenceRowSql(n: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`ac.org_id, ac.component_id, coalesce(p.platform, '{}') AS platform,
    ${assetExposureRankSql('a')} AS rank, ${assetSafetySql('a')} AS safety, ${n} AS n`;
}

/** The widest exposure rank and the safety flag from the three counts (SQL expressions). */
function derivedSql(open: RawBuilder<unknown>, controlled: RawBuilder<unknown>, safety: RawBuilder<unknown>) {
  return {
    rank: sql`(CASE WHEN ${open} > 0 THEN 2 WHEN ${controlled} > 0 THEN 1 ELSE 0 END)`,
    safety: sql`(${safety} > 0)`,
  };
}

/** Counts presence for every organisation anew (a full recompute, a federation's first load). */
export async function rebuildPresence(trx: Executor): Promise<void> {
  await sql`DELETE FROM component_presence`.execute(trx);
  await sql`DELETE FROM asset_platforms`.execute(trx);
  // Each asset's platform first (an index-only scan over the few platform components), kept for
  // device upkeep (hits.sql.ts).
  await sql`
    INSERT INTO asset_platforms (org_id, asset_id, platform)
    SELECT x.org_id, x.asset_id, array_agg(x.component_id ORDER BY x.component_id)
    FROM asset_components x
    WHERE x.component_id IN (SELECT id FROM components c WHERE ${platformKeySql(sql`c.key`)})
    GROUP BY x.org_id, x.asset_id`.execute(trx);
  await sql`ANALYZE asset_platforms`.execute(trx);
  // Then one pass over the installed components. Each live asset stands for its platform by a
  // number within its organisation (`pno`), so the rows are grouped by integers, and the platform
  // arrays are joined back to the few groups: hashing or sorting an array for each of 20 million
  // rows took twice as long (36 s against 18 s at 200,000 devices, 60 s of a 150 s load). Every
  // organisation's rows are its own, as Citus needs to run each step on the shards.
  const derived = derivedSql(sql`n.open`, sql`n.controlled`, sql`n.safety`);
  await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
  await sql`
    INSERT INTO component_presence (org_id, component_id, platform, ${COUNTS})
    WITH a AS NOT MATERIALIZED (
      SELECT a.org_id, a.id, coalesce(p.platform, '{}') AS platform,
        dense_rank() OVER (PARTITION BY a.org_id ORDER BY coalesce(p.platform, '{}'))::int AS pno,
        ${assetExposureRankSql('a')} AS rank, ${assetSafetySql('a')} AS safety
      FROM assets a LEFT JOIN asset_platforms p ON p.org_id = a.org_id AND p.asset_id = a.id
      WHERE a.retired_at IS NULL
    ), x AS (
      SELECT ac.org_id, ac.component_id, a.pno, a.rank, a.safety, count(*) AS n
      FROM asset_components ac JOIN a ON a.org_id = ac.org_id AND a.id = ac.asset_id
      GROUP BY ac.org_id, ac.component_id, a.pno, a.rank, a.safety
    ), n AS (
      SELECT x.org_id, x.component_id, x.pno, ${countsSql()} FROM x GROUP BY x.org_id, x.component_id, x.pno
    )
    SELECT n.org_id, n.component_id, pl.platform, n.assets, n.open, n.controlled, n.safety, ${derived.rank}, ${derived.safety}
    FROM n JOIN (SELECT DISTINCT org_id, pno, platform FROM a) pl ON pl.org_id = n.org_id AND pl.pno = n.pno`.execute(
    trx,
  );
  await sql`SET LOCAL work_mem TO DEFAULT`.execute(trx);
  await sql`ANALYZE component_presence`.execute(trx);
}

/**
 * Before an inventory sync of the organisations' assets from `source`: notes each one's exposure
 * rank, safety flag, liveness and platform (`presence_before`), which {@link applyPresenceChange}
 * takes back for the assets that changed.
 */
export async function notePresenceInputs(
  trx: Executor,
  source: string,
  orgIds: readonly string[],
): Promise<void> {
  await sql`
    CREATE TEMP TABLE presence_before ON COMMIT DROP AS
    SELECT a.org_id, a.id AS asset_id, a.retired_at IS NULL AS live, ${assetExposureRankSql('a')} AS rank,
      ${assetSafetySql('a')} AS safety, coalesce(p.platform, '{}') AS platform
    FROM assets a LEFT JOIN asset_platforms p ON p.org_id = a.org_id AND p.asset_id = a.id
    WHERE a.org_id = ANY(${orgArray(orgIds)}) AND a.source = ${source}`.execute(trx);
}

/** The components whose presence changed in an organisation, sorted. */
export interface PresenceChange {
  /** In any row (organisation, component, platform): their exposed cells may change. */
  cells: number[];
  /** In their counts summed over platforms: the findings of their unconditional rules may change. */
  counts: number[];
}

/**
 * After the sync (inventory.repository.ts, which leaves the installed rows it added and removed in
 * `installed_diff`): brings the platforms and presence of the changed assets up to date by
 * difference, and returns the components whose presence changed. An asset whose
 * exposure, safety, liveness or platform changed takes back all it counted and adds all it counts
 * now; any other asset with rows added or removed adds and takes back those rows alone.
 */
export async function applyPresenceChange(trx: Executor, orgIds: readonly string[]): Promise<PresenceChange> {
  const orgs = orgArray(orgIds);
  const diff = sql.table(INSTALLED_DIFF);
  // Platforms: only an added or removed platform component changes one.
  await sql`
    CREATE TEMP TABLE presence_replatformed ON COMMIT DROP AS
    SELECT DISTINCT org_id, asset_id FROM ${diff}
    WHERE component_id IN (SELECT id FROM components c WHERE ${platformKeySql(sql`c.key`)})`.execute(trx);
  const replatformed = sql`(SELECT org_id, asset_id FROM presence_replatformed)`;
  await sql`
    DELETE FROM asset_platforms p USING ${replatformed} x
    WHERE p.org_id = ANY(${orgs}) AND p.org_id = x.org_id AND p.asset_id = x.asset_id`.execute(trx);
  await sql`
    INSERT INTO asset_platforms (org_id, asset_id, platform)
    SELECT x.org_id, x.asset_id, array_agg(x.component_id ORDER BY x.component_id)
    FROM asset_components x
    WHERE x.org_id = ANY(${orgs}) AND (x.org_id, x.asset_id) IN ${replatformed}
      AND x.component_id IN (SELECT id FROM components c WHERE ${platformKeySql(sql`c.key`)})
    GROUP BY x.org_id, x.asset_id`.execute(trx);
  await sql`
    CREATE TEMP TABLE presence_moved ON COMMIT DROP AS
    SELECT b.org_id, b.asset_id FROM presence_before b
    JOIN assets a ON a.org_id = b.org_id AND a.id = b.asset_id
    LEFT JOIN asset_platforms p ON p.org_id = a.org_id AND p.asset_id = a.id
    WHERE a.org_id = ANY(${orgs}) AND (b.live <> (a.retired_at IS NULL) OR b.rank <> ${assetExposureRankSql('a')}
      OR b.safety <> ${assetSafetySql('a')} OR b.platform <> coalesce(p.platform, '{}'))`.execute(trx);
  await sql`ANALYZE presence_moved`.execute(trx);
  const moved = sql`(SELECT org_id, asset_id FROM presence_moved)`;
  await sql`
    CREATE TEMP TABLE presence_delta ON COMMIT DROP AS
    SELECT x.org_id, x.component_id, x.platform, ${countsSql()}
    FROM (
      -- Moved assets now: their rows, if live.
      SELECT ${presenceRowSql(sql`1`)}
      FROM asset_components ac
      JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
      LEFT JOIN asset_platforms p ON p.org_id = a.org_id AND p.asset_id = a.id
      WHERE ac.org_id = ANY(${orgs}) AND (ac.org_id, ac.asset_id) IN ${moved}
      UNION ALL
      -- Moved assets before: their rows then (those now without the ones added, with the ones
      -- removed), at the exposure, safety and platform noted, if they were live.
      SELECT r.org_id, r.component_id, b.platform, b.rank, b.safety, -1
      FROM (
        (SELECT ac.org_id, ac.asset_id, ac.component_id FROM asset_components ac
          WHERE ac.org_id = ANY(${orgs}) AND (ac.org_id, ac.asset_id) IN ${moved}
        EXCEPT SELECT org_id, asset_id, component_id FROM ${diff} WHERE listed)
        UNION ALL
        SELECT org_id, asset_id, component_id FROM ${diff} WHERE NOT listed AND (org_id, asset_id) IN ${moved}
      ) r
      JOIN presence_before b ON b.org_id = r.org_id AND b.asset_id = r.asset_id AND b.live
      UNION ALL
      -- Other assets (live, as they were): the rows added and removed, at their weight and platform.
      SELECT ${presenceRowSql(sql`CASE WHEN ac.listed THEN 1 ELSE -1 END`)}
      FROM ${diff} ac
      JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
      LEFT JOIN asset_platforms p ON p.org_id = a.org_id AND p.asset_id = a.id
      WHERE a.org_id = ANY(${orgs}) AND (ac.org_id, ac.asset_id) NOT IN ${moved}
    ) x
    GROUP BY x.org_id, x.component_id, x.platform`.execute(trx);
  await sql`DELETE FROM presence_delta WHERE assets = 0 AND open = 0 AND controlled = 0 AND safety = 0`.execute(
    trx,
  );
  const added = derivedSql(sql`open`, sql`controlled`, sql`safety`);
  const summed = derivedSql(
    sql`(p.open_assets + excluded.open_assets)`,
    sql`(p.controlled_assets + excluded.controlled_assets)`,
    sql`(p.safety_assets + excluded.safety_assets)`,
  );
  await sql`
    INSERT INTO component_presence AS p (org_id, component_id, platform, ${COUNTS})
    SELECT org_id, component_id, platform, assets, open, controlled, safety, ${added.rank}, ${added.safety}
    FROM presence_delta
    ON CONFLICT (org_id, component_id, platform) DO UPDATE SET
      asset_count = p.asset_count + excluded.asset_count, open_assets = p.open_assets + excluded.open_assets,
      controlled_assets = p.controlled_assets + excluded.controlled_assets,
      safety_assets = p.safety_assets + excluded.safety_assets,
      exposure_rank = ${summed.rank}, safety_impact = ${summed.safety}`.execute(trx);
  await sql`
    DELETE FROM component_presence p USING (SELECT org_id, component_id, platform FROM presence_delta) d
    WHERE p.org_id = ANY(${orgs}) AND p.org_id = d.org_id AND p.component_id = d.component_id
      AND p.platform = d.platform AND p.asset_count = 0`.execute(trx);
  const components = await sql<{ id: number; counted: boolean }>`
    SELECT component_id AS id,
      bool_or(assets <> 0 OR open <> 0 OR controlled <> 0 OR safety <> 0) AS counted
    FROM (
      SELECT component_id, org_id, sum(assets) AS assets, sum(open) AS open, sum(controlled) AS controlled,
        sum(safety) AS safety
      FROM presence_delta GROUP BY component_id, org_id
    ) c
    GROUP BY component_id ORDER BY 1`.execute(trx);
  for (const table of [
    'presence_delta',
    'presence_moved',
    'presence_replatformed',
    'presence_before',
    INSTALLED_DIFF,
  ])
    await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
  return {
    cells: components.rows.map((r) => r.id),
    counts: components.rows.filter((r) => r.counted).map((r) => r.id),
  };
}
