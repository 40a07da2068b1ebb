/**
 * Findings are staged from component presence (unconditional rules, and rules whose conditions
 * name platforms, decided once per platform) and asset by asset only for other conditions. Each
 * path must give exactly what evaluating every asset gives: same (organisation, component, CVE),
 * same asset counts. So must `hitsSql`, the per-device reading that device upkeep and alerts use
 * (which decides platform-only rules once per platform too): same (asset, component, CVE) hits.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { hitsSql } from '../../src/db/repositories/exposure/hits.sql.js';
import { loadFederation } from '../../src/services/federation/federation-load.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv } from '../factories/inventory.factory.js';
import { loadPluginRecord, PLUGIN_CPES } from '../factories/nvd-records.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const HITS_ENGINES = ['single', 'distributed'] as const;

type Row = { org_id: string; component_id: number; cve_id: string; assets: number; certainty: string };

async function storedFindings(database: Database): Promise<Row[]> {
  const rows = await sql<Row>`
    SELECT org_id, component_id, cve_id, asset_count AS assets, certainty FROM findings
    WHERE status <> 'fixed' ORDER BY 1, 2, 3`.execute(database.db);
  return rows.rows;
}

/**
 * The reference: every candidate asset's components joined to its rules' condition matches, each
 * asset on its own (no platform shortcut), as `evaluateRule` decides a rule on one asset.
 */
function everyAssetHitsSql() {
  return sql`
    WITH cand AS (
      SELECT ac.org_id, ac.asset_id, cm.component_id, cm.cve_id, cm.rule_id, cm.conditional, cm.assumed
      FROM component_matches cm JOIN asset_components ac ON ac.component_id = cm.component_id
    ), pairs AS (
      SELECT DISTINCT org_id, asset_id, rule_id FROM cand WHERE conditional
    ), sat AS (
      SELECT p.org_id, p.asset_id, p.rule_id,
        count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
        count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
        coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
        coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
      FROM pairs p
      JOIN asset_components ac2 ON ac2.org_id = p.org_id AND ac2.asset_id = p.asset_id
      JOIN condition_matches xm ON xm.rule_id = p.rule_id AND xm.component_id = ac2.component_id
      GROUP BY p.org_id, p.asset_id, p.rule_id
    ), need AS (
      SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
      FROM rule_conditions WHERE rule_id IN (SELECT rule_id FROM pairs) GROUP BY rule_id
    )
    SELECT c.org_id, c.asset_id, c.component_id, c.cve_id,
      c.assumed OR (c.conditional AND NOT (coalesce(s.pos_confirmed, 0) = coalesce(n.required, 0)
        AND NOT coalesce(s.maybe_blocked, false))) AS possible
    FROM cand c
    LEFT JOIN sat s ON s.org_id = c.org_id AND s.asset_id = c.asset_id AND s.rule_id = c.rule_id
    LEFT JOIN need n ON n.rule_id = c.rule_id
    WHERE NOT c.conditional OR (coalesce(s.pos, 0) = coalesce(n.required, 0) AND NOT coalesce(s.blocked, false))`;
}

type Hit = { org_id: string; asset_id: number; component_id: number; cve_id: string; possible: boolean };

/** Each (asset, component, CVE) hit once: confirmed when any of its rules confirms it. */
async function hits(database: Database, reading: ReturnType<typeof sql>): Promise<Hit[]> {
  const rows = await sql<Hit>`
    SELECT org_id, asset_id::int AS asset_id, component_id, cve_id, bool_and(possible) AS possible
    FROM (${reading}) h GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`.execute(database.db);
  return rows.rows;
}

/** Every asset evaluated: a finding is confirmed when one asset is, counting the assets at its certainty. */
async function assetByAsset(database: Database): Promise<Row[]> {
  const rows = await sql<Row>`
    WITH per_asset AS (
      SELECT h.org_id, h.component_id, h.cve_id, h.asset_id, bool_and(h.possible) AS possible
      FROM (${everyAssetHitsSql()}) h
      JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
      GROUP BY 1, 2, 3, 4
    )
    SELECT org_id, component_id, cve_id,
      CASE WHEN bool_and(possible) THEN count(*) ELSE count(*) FILTER (WHERE NOT possible) END::int AS assets,
      CASE WHEN bool_and(possible) THEN 'possible' ELSE 'confirmed' END AS certainty
    FROM per_asset GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(database.db);
  return rows.rows;
}

describeEachEngine('finding paths', (db) => {
  it('agree with the asset-by-asset reading on a generated federation', async () => {
    const database = db();
    // The real NVD records, KEV and EPSS of the intel snapshot.
    await loadShippedIntel(database);
    await loadFederation(database, { orgs: 40, devices: 2_000, seed: 7, componentsPerDevice: 40 });
    const kinds = await sql<{ by_platform: number; conditional: number }>`
      SELECT count(*) FILTER (WHERE cm.conditional)::int AS conditional, count(*)::int AS all
      FROM findings f JOIN component_matches cm ON cm.component_id = f.component_id AND cm.cve_id = f.cve_id`.execute(
      database.db,
    );
    expect(kinds.rows[0]?.conditional).toBeGreaterThan(0);
    const stored = await storedFindings(database);
    expect(stored.length).toBeGreaterThan(50);
    // Both kinds occur, so both paths are exercised for each.
    expect(new Set(stored.map((r) => r.certainty))).toEqual(new Set(['confirmed', 'possible']));
    expect(stored).toEqual(await assetByAsset(database));
    // Device upkeep's reading gives the same hits, asset by asset, platform-only rules included.
    const platformRules = await sql<{ n: number }>`
      SELECT count(DISTINCT r.id)::int AS n FROM match_rules r
      WHERE r.conditional AND r.id IN (SELECT rule_id FROM component_matches)
        AND NOT EXISTS (SELECT 1 FROM rule_conditions rc WHERE rc.rule_id = r.id AND rc.key NOT LIKE 'o:%' AND rc.key NOT LIKE 'h:%')`.execute(
      database.db,
    );
    expect(platformRules.rows[0]?.n).toBeGreaterThan(0);
    const expected = await hits(database, everyAssetHitsSql());
    expect(expected.some((h) => !h.possible)).toBe(true);
    // Both shapes of the reading, whichever engine this is: each is plain SQL.
    for (const engine of HITS_ENGINES) {
      expect(await hits(database, hitsSql({ kind: 'all' }, sql``, engine)), engine).toEqual(expected);
    }
    // Loading the federation also counts its exposed devices one by one: more than the default 30 s
    // on PGlite when other suites share the machine.
  }, 60_000);
});

describeEachEngine('finding paths (a condition that is not a platform)', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadPluginRecord(db());
  });

  it('checks it asset by asset', async () => {
    const { gallery, fixed, wordpress } = PLUGIN_CPES;
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'WEB-1', components: [gallery, wordpress] },
        { id: 'WEB-2', components: [gallery, wordpress] },
        { id: 'WEB-3', components: [gallery] },
        { id: 'WEB-4', components: [fixed, wordpress] },
      ]),
    );
    const stored = await storedFindings(db());
    expect(stored.map((r) => [r.cve_id, r.assets])).toEqual([['CVE-2099-0001', 2]]);
    expect(stored).toEqual(await assetByAsset(db()));
    const expected = await hits(db(), everyAssetHitsSql());
    for (const engine of HITS_ENGINES) {
      expect(await hits(db(), hitsSql({ kind: 'all' }, sql``, engine)), engine).toEqual(expected);
    }
  });
});
