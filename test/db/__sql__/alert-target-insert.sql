WITH e AS (
    SELECT l.org_id, count(*)::int AS asset_count,
      (array_agg(coalesce(a.hostname, a.asset_key)
  || CASE WHEN a.hostname IS NOT NULL AND a.hostname <> a.asset_key THEN ' (' || a.asset_key || ')' ELSE '' END
  || ': ' || replace(a.asset_type, '_', ' ') || coalesce(', ' || nullif(a.os, ''), '') ORDER BY CASE a.clinical_criticality WHEN 'life_critical' THEN 0 WHEN 'high' THEN 1 ELSE 2 END,
  coalesce(a.hostname, a.asset_key)))[1:50] AS assets
    FROM (
      SELECT u.org_id, u.asset_id
      FROM (
    SELECT ac.org_id, ac.asset_id, v.cve_id
    FROM exposed_cells x CROSS JOIN LATERAL unnest(x.cves) AS v(cve_id)
    JOIN asset_components ac ON ac.org_id = x.org_id AND ac.component_id = x.component_id
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
    LEFT JOIN asset_platforms ap ON ap.org_id = ac.org_id AND ap.asset_id = ac.asset_id
    WHERE x.cves && $1::text[] AND v.cve_id = ANY($2::text[]) AND coalesce(ap.platform, '{}') = x.platform 
    UNION ALL
    SELECT d.org_id, d.asset_id, v.cve_id
    FROM exposed_devices d CROSS JOIN LATERAL unnest(d.cves) AS v(cve_id)
    WHERE cardinality(d.cves) > 0 AND d.cves && $3::text[] AND v.cve_id = ANY($4::text[]) ) u
      LEFT JOIN exceptions x ON x.org_id = u.org_id AND x.cve_id = u.cve_id AND x.expires_at > $5
        AND (x.asset_id IS NULL OR x.asset_id = u.asset_id)
      GROUP BY u.org_id, u.asset_id
      HAVING bool_or(x.org_id IS NULL)) l
    JOIN assets a ON a.org_id = l.org_id AND a.id = l.asset_id AND a.retired_at IS NULL
    GROUP BY l.org_id),
    cand AS (
      SELECT o.id AS org_id, o.code, o.name, o.kind, o.parent_id,
        array_remove(ARRAY[CASE WHEN (e.org_id IS NOT NULL) THEN $6::text END, CASE WHEN (o.kind = $7 AND "o"."id" IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $8)) THEN $9::text END], NULL) AS reasons,
        coalesce(e.asset_count, 0)::int AS asset_count, coalesce(e.assets, ARRAY[]::text[]) AS assets
      FROM organisations o LEFT JOIN e ON e.org_id = o.id
      WHERE ((e.org_id IS NOT NULL) OR (o.kind = $10 AND "o"."id" IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $11))) AND "o"."id" IN (SELECT descendant_id FROM org_closure WHERE ancestor_id IN ($12)) 
        -- Not a correlated NOT EXISTS: Citus runs none over the organisations (a reference table).
        AND o.id NOT IN (SELECT x.org_id FROM alert_targets x WHERE x.alert_id = $13)
    ), ins AS (
      INSERT INTO alert_targets (org_id, alert_id, reasons, asset_count, assets, state, targeted_at, ack_due_at,
        state_changed_at)
      SELECT org_id, $14, reasons, asset_count, assets, 'awaiting_ack', $15, $16, $17
      FROM cand
      ON CONFLICT (org_id, alert_id) DO NOTHING
      RETURNING org_id, ack_due_at
    ), ev AS (
      INSERT INTO alert_events (org_id, alert_id, at, actor, kind, from_state, to_state)
      SELECT org_id, $18, $19, $20, 'targeted', NULL, 'awaiting_ack' FROM ins
    )
    SELECT cand.*, ins.ack_due_at FROM cand JOIN ins USING (org_id) ORDER BY cand.code
