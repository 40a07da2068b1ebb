import { type Kysely, sql } from 'kysely';

/**
 * Device exposure kept where it is decided (see exposed-cells.sql.ts). `exposed_devices` held each
 * exposed device's full list of CVEs: every change was paid in device × CVE rows — a new Windows
 * CVE rewrote the list of every Windows device, and with the real NVD's volume of rules the lists
 * reached thousands of CVEs a device (39.7 million entries for 20,000 devices). Rules without
 * conditions and rules whose conditions all name platforms apply to every device with the
 * component and platform, so their CVEs are now kept per cell (`exposed_cells`: organisation,
 * component, platform — the rows of component presence), and each exposed device keeps only how
 * many exposed cells it lies in (and how many hold a KEV CVE) and its own list of CVEs from rules
 * decided device by device. The device roll-up's counts are unchanged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE exposed_cells (
      org_id uuid NOT NULL,
      component_id integer NOT NULL,
      platform integer[] NOT NULL,
      cves text[] NOT NULL,
      kev boolean NOT NULL,
      PRIMARY KEY (org_id, component_id, platform)
    )`.execute(db);
  await sql`CREATE INDEX exposed_cells_cves ON exposed_cells USING gin (cves)`.execute(db);
  await sql`
    ALTER TABLE exposed_devices
      ADD COLUMN cells integer NOT NULL DEFAULT 0,
      ADD COLUMN kev_cells integer NOT NULL DEFAULT 0`.execute(db);
  // Own lists are few: their index holds only devices that have one. Rows left with no cell and no
  // CVE exist only within a refresh, which deletes them through their own index instead of reading
  // every exposed device (a planner that expected one such row read 55,000 touched devices for each).
  await sql`DROP INDEX exposed_devices_cves`.execute(db);
  await sql`CREATE INDEX exposed_devices_cves ON exposed_devices USING gin (cves) WHERE cardinality(cves) > 0`.execute(
    db,
  );
  await sql`
    CREATE INDEX exposed_devices_empty ON exposed_devices (org_id, asset_id)
    WHERE cells = 0 AND cardinality(cves) = 0`.execute(db);
  // Findings already stored: cells, own lists and counts as the repositories keep them (kept
  // literal: a migration must not change when the code does).
  await sql`
    INSERT INTO exposed_cells (org_id, component_id, platform, cves, kev)
    SELECT h.org_id, h.component_id, h.platform, array_agg(DISTINCT h.cve_id ORDER BY h.cve_id),
      bool_or(k.cve_id IS NOT NULL)
    FROM (
      WITH unc AS (
        SELECT DISTINCT cm.component_id, cm.cve_id FROM component_matches cm
        WHERE NOT cm.conditional AND NOT cm.assumed
      ), r AS MATERIALIZED (
        SELECT cm.component_id, cm.cve_id, cm.rule_id FROM component_matches cm
        WHERE cm.conditional AND NOT cm.assumed AND NOT EXISTS (SELECT 1 FROM rule_conditions rc
          WHERE rc.rule_id = cm.rule_id AND NOT (rc.key LIKE 'o:%' OR rc.key LIKE 'h:%'))
      ), cp AS MATERIALIZED (
        SELECT p.org_id, p.component_id, p.platform FROM component_presence p
        WHERE p.component_id IN (SELECT component_id FROM r)
      ), pl AS (SELECT DISTINCT component_id, platform FROM cp),
      s AS (
        SELECT u.platform, xm.rule_id,
          count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
          coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
          coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
        FROM (SELECT DISTINCT platform FROM pl) u
        CROSS JOIN LATERAL unnest(u.platform) AS pc(component_id)
        JOIN condition_matches xm ON xm.component_id = pc.component_id
        WHERE xm.rule_id IN (SELECT rule_id FROM r)
        GROUP BY u.platform, xm.rule_id
      ), n AS (
        SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
        FROM rule_conditions WHERE rule_id IN (SELECT rule_id FROM r) GROUP BY rule_id
      ), ok AS (
        SELECT DISTINCT r.component_id, r.cve_id, pl.platform
        FROM r JOIN pl ON pl.component_id = r.component_id JOIN n ON n.rule_id = r.rule_id
        LEFT JOIN s ON s.rule_id = r.rule_id AND s.platform = pl.platform
        WHERE coalesce(s.pos_confirmed, 0) = n.required AND NOT coalesce(s.blocked, false)
          AND NOT coalesce(s.maybe_blocked, false)
      )
      SELECT x.org_id, x.component_id, x.platform, x.cve_id
      FROM (
        SELECT p.org_id, p.component_id, p.platform, u.cve_id
        FROM unc u JOIN component_presence p ON p.component_id = u.component_id
        UNION
        SELECT p.org_id, p.component_id, p.platform, ok.cve_id
        FROM ok JOIN cp p ON p.component_id = ok.component_id AND p.platform = ok.platform
      ) x
      JOIN findings f ON f.org_id = x.org_id AND f.component_id = x.component_id AND f.cve_id = x.cve_id
      WHERE f.status IN ('open', 'reopened') AND f.certainty = 'confirmed'
    ) h LEFT JOIN kev_entries k ON k.cve_id = h.cve_id
    GROUP BY h.org_id, h.component_id, h.platform`.execute(db);
  await sql`DELETE FROM exposed_devices`.execute(db);
  await sql`
    INSERT INTO exposed_devices (org_id, asset_id, cves)
    WITH r AS (
      SELECT cm.component_id, cm.cve_id, cm.rule_id FROM component_matches cm
      WHERE cm.conditional AND NOT cm.assumed AND EXISTS (SELECT 1 FROM rule_conditions rc
        WHERE rc.rule_id = cm.rule_id AND NOT (rc.key LIKE 'o:%' OR rc.key LIKE 'h:%'))
    ), cand AS (
      SELECT ac.org_id, ac.asset_id, r.component_id, r.cve_id, r.rule_id
      FROM r JOIN asset_components ac ON ac.component_id = r.component_id
    ), n AS (
      SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
      FROM rule_conditions WHERE rule_id IN (SELECT rule_id FROM r) GROUP BY rule_id
    ), s AS (
      SELECT p.org_id, p.asset_id, p.rule_id,
        count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
        coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
        coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
      FROM (SELECT DISTINCT org_id, asset_id, rule_id FROM cand) p
      JOIN asset_components ac2 ON ac2.org_id = p.org_id AND ac2.asset_id = p.asset_id
      JOIN condition_matches xm ON xm.rule_id = p.rule_id AND xm.component_id = ac2.component_id
      GROUP BY p.org_id, p.asset_id, p.rule_id
    )
    SELECT c.org_id, c.asset_id, array_agg(DISTINCT c.cve_id ORDER BY c.cve_id)
    FROM cand c JOIN n ON n.rule_id = c.rule_id
    LEFT JOIN s ON s.org_id = c.org_id AND s.asset_id = c.asset_id AND s.rule_id = c.rule_id
    JOIN findings f ON f.org_id = c.org_id AND f.component_id = c.component_id AND f.cve_id = c.cve_id
    JOIN assets a ON a.org_id = c.org_id AND a.id = c.asset_id AND a.retired_at IS NULL
    WHERE coalesce(s.pos_confirmed, 0) = n.required AND NOT coalesce(s.blocked, false)
      AND NOT coalesce(s.maybe_blocked, false) AND f.status IN ('open', 'reopened') AND f.certainty = 'confirmed'
    GROUP BY c.org_id, c.asset_id`.execute(db);
  await sql`
    INSERT INTO exposed_devices (org_id, asset_id, cves, cells, kev_cells)
    SELECT ac.org_id, ac.asset_id, '{}', count(*)::int, count(*) FILTER (WHERE x.kev)::int
    FROM exposed_cells x
    JOIN asset_components ac ON ac.org_id = x.org_id AND ac.component_id = x.component_id
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
    LEFT JOIN asset_platforms ap ON ap.org_id = ac.org_id AND ap.asset_id = ac.asset_id
    WHERE coalesce(ap.platform, '{}') = x.platform
    GROUP BY ac.org_id, ac.asset_id
    ON CONFLICT (org_id, asset_id) DO UPDATE SET cells = excluded.cells, kev_cells = excluded.kev_cells`.execute(
    db,
  );
}
