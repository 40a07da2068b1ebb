import { type Kysely, sql } from 'kysely';

/**
 * Maintained counts behind the alert status: targets per alert, per subtree (every organisation, for
 * itself and all below it), per state and deadline. An awaiting target keeps its exact
 * acknowledgement deadline (targets are made in batches that share one); an acknowledged or
 * in-progress target keeps the hour its next update falls due in (`date_bin`, from the epoch), so
 * "update due" at any `now` is the hours wholly past plus the few targets of the current hour, read
 * by the deadline index. Resolved and not-applicable targets keep `infinity`. Nothing stored depends
 * on the clock. Kept exact in the transaction of every target change (alert-target-counts repository).
 *
 * Exposed devices: every live device with an open finding that truly applies to it (matched on the
 * device, platform conditions included) and the CVEs of those findings; and their roll-up per
 * subtree, medical or not and manufacturer (all live devices, those exposed, those exposed to a
 * KEV CVE). Kept exact by `refreshFindings` (device-exposure repository). The SQL below repeats the
 * repository's on purpose: a migration must not change when the code does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE alert_target_counts (
      alert_id uuid NOT NULL,
      org_id uuid NOT NULL,
      state text NOT NULL,
      due_at timestamptz NOT NULL,
      in_time boolean NOT NULL,
      targets integer NOT NULL,
      assets integer NOT NULL,
      PRIMARY KEY (alert_id, org_id, state, due_at, in_time)
    )`.execute(db);
  await sql`CREATE INDEX alert_targets_update_due ON alert_targets (alert_id, next_update_due_at)
    WHERE state IN ('acknowledged', 'in_progress')`.execute(db);
  await sql`
    INSERT INTO alert_target_counts (alert_id, org_id, state, due_at, in_time, targets, assets)
    SELECT t.alert_id, c.ancestor_id, t.state,
      CASE WHEN t.state = 'awaiting_ack' THEN t.ack_due_at
        WHEN t.state IN ('acknowledged', 'in_progress') AND t.next_update_due_at IS NOT NULL
          THEN date_bin('1 hour', t.next_update_due_at, timestamptz '1970-01-01 00:00:00+00')
        ELSE timestamptz 'infinity' END,
      coalesce(t.acknowledged_at <= t.ack_due_at, false), count(*)::int, sum(t.asset_count)::int
    FROM alert_targets t JOIN org_closure c ON c.descendant_id = t.org_id
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  await sql`
    CREATE TABLE exposed_devices (
      org_id uuid NOT NULL,
      asset_id integer NOT NULL,
      cves text[] NOT NULL,
      PRIMARY KEY (org_id, asset_id)
    )`.execute(db);
  await sql`CREATE INDEX exposed_devices_cves ON exposed_devices USING gin (cves)`.execute(db);
  await sql`
    CREATE TABLE device_rollup (
      org_id uuid NOT NULL,
      medical boolean NOT NULL,
      manufacturer text NOT NULL,
      devices integer NOT NULL,
      exposed integer NOT NULL,
      kev integer NOT NULL,
      PRIMARY KEY (org_id, medical, manufacturer)
    )`.execute(db);
  await sql`
    INSERT INTO exposed_devices (org_id, asset_id, cves)
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
    ), h AS (
      SELECT c.org_id, c.asset_id, c.component_id, c.cve_id
      FROM cand c
      LEFT JOIN sat s ON s.org_id = c.org_id AND s.asset_id = c.asset_id AND s.rule_id = c.rule_id
      LEFT JOIN need n ON n.rule_id = c.rule_id
      WHERE (NOT c.conditional OR (coalesce(s.pos, 0) = coalesce(n.required, 0) AND NOT coalesce(s.blocked, false)))
        AND NOT (c.assumed OR (c.conditional AND NOT (coalesce(s.pos_confirmed, 0) = coalesce(n.required, 0)
          AND NOT coalesce(s.maybe_blocked, false))))
    )
    SELECT h.org_id, h.asset_id, array_agg(DISTINCT h.cve_id ORDER BY h.cve_id)
    FROM h
    JOIN findings f ON f.org_id = h.org_id AND f.component_id = h.component_id AND f.cve_id = h.cve_id
    JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
    WHERE f.status IN ('open', 'reopened') AND f.certainty = 'confirmed'
    GROUP BY h.org_id, h.asset_id`.execute(db);
  await sql`
    INSERT INTO device_rollup (org_id, medical, manufacturer, devices, exposed, kev)
    SELECT c.ancestor_id, o.medical, o.manufacturer, sum(o.devices)::int, sum(o.exposed)::int, sum(o.kev)::int
    FROM (
      SELECT a.org_id, a.asset_type = 'medical_device' AS medical,
        CASE WHEN a.asset_type = 'medical_device' THEN coalesce(nullif(a.manufacturer, ''), 'Unknown') ELSE '' END
          AS manufacturer,
        count(*)::int AS devices, count(d.asset_id)::int AS exposed,
        count(*) FILTER (WHERE d.cves && (SELECT coalesce(array_agg(cve_id), '{}') FROM kev_entries))::int AS kev
      FROM assets a LEFT JOIN exposed_devices d ON d.org_id = a.org_id AND d.asset_id = a.id
      WHERE a.retired_at IS NULL
      GROUP BY 1, 2, 3
    ) o JOIN org_closure c ON c.descendant_id = o.org_id
    GROUP BY 1, 2, 3`.execute(db);
}
