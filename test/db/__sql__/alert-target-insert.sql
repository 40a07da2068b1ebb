WITH e AS (
    SELECT l.org_id, count(*)::int AS asset_count,
      (array_agg(coalesce(a.hostname, a.asset_key)
  || CASE WHEN a.hostname IS NOT NULL AND a.hostname <> a.asset_key THEN ' (' || a.asset_key || ')' ELSE '' END
  || ': ' || replace(a.asset_type, '_', ' ') || coalesce(', ' || nullif(a.os, ''), '') ORDER BY CASE a.clinical_criticality WHEN 'life_critical' THEN 0 WHEN 'high' THEN 1 ELSE 2 END,
  coalesce(a.hostname, a.asset_key)))[1:50] AS assets
    FROM (
      SELECT DISTINCT h.org_id, h.asset_id
      FROM (
    WITH cand AS (
      SELECT ac.org_id, ac.asset_id, cm.component_id, cm.cve_id, cm.rule_id, cm.conditional, cm.assumed
      FROM component_matches cm
      JOIN asset_components ac ON ac.component_id = cm.component_id
      WHERE true  AND "cm"."cve_id" IN ($1, $2) 
    ), pairs AS (
      SELECT DISTINCT org_id, asset_id, rule_id FROM cand WHERE conditional
    ), need AS (
      SELECT rc.rule_id, count(DISTINCT rc.cond) FILTER (WHERE NOT rc.negate) AS required,
        bool_and((rc.key LIKE 'o:%' OR rc.key LIKE 'h:%')) AS by_platform
      FROM rule_conditions rc WHERE rc.rule_id IN (SELECT rule_id FROM pairs) GROUP BY rc.rule_id
    ), plat AS MATERIALIZED (
      SELECT p.org_id, p.asset_id, p.rule_id, ap.platform
      FROM pairs p JOIN need n ON n.rule_id = p.rule_id AND n.by_platform
      JOIN asset_platforms ap ON ap.org_id = p.org_id AND ap.asset_id = p.asset_id
    ), plat_sat AS (
      SELECT u.platform, u.rule_id, 
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
  coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
  coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
      FROM (SELECT DISTINCT platform, rule_id FROM plat) u
      CROSS JOIN LATERAL unnest(u.platform) AS pc(component_id)
      JOIN condition_matches xm ON xm.rule_id = u.rule_id AND xm.component_id = pc.component_id
      GROUP BY u.platform, u.rule_id
    ), sat_plat AS (
      SELECT p.org_id, p.asset_id, p.rule_id, s.pos, s.pos_confirmed, s.blocked, s.maybe_blocked
      FROM plat p JOIN plat_sat s ON s.platform = p.platform AND s.rule_id = p.rule_id
    ), sat_comp AS (
      SELECT p.org_id, p.asset_id, p.rule_id, 
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
  coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
  coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
      FROM pairs p
      JOIN need n ON n.rule_id = p.rule_id AND NOT n.by_platform
      JOIN asset_components ac2 ON ac2.org_id = p.org_id AND ac2.asset_id = p.asset_id
      JOIN condition_matches xm ON xm.rule_id = p.rule_id AND xm.component_id = ac2.component_id
      GROUP BY p.org_id, p.asset_id, p.rule_id
    )
    SELECT c.org_id, c.asset_id, c.component_id, c.cve_id,
      c.assumed OR (c.conditional AND NOT (coalesce("s"."pos_confirmed", 0) = coalesce(n.required, 0)
        AND NOT coalesce("s"."maybe_blocked", false))) AS possible
    FROM cand c
    LEFT JOIN (SELECT * FROM sat_plat UNION ALL SELECT * FROM sat_comp) s ON "s"."org_id" = c.org_id AND "s"."asset_id" = c.asset_id AND "s"."rule_id" = c.rule_id
    LEFT JOIN need n ON n.rule_id = c.rule_id
    WHERE NOT c.conditional
      OR (coalesce("s"."pos", 0) = coalesce(n.required, 0) AND NOT coalesce("s"."blocked", false))) h
      JOIN findings f ON f.org_id = h.org_id AND f.component_id = h.component_id AND f.cve_id = h.cve_id
        AND f.status IN ('open', 'reopened')
      WHERE NOT h.possible AND (f.certainty = 'confirmed') AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.org_id = f.org_id AND x.cve_id = f.cve_id
        AND x.expires_at > $3 AND (x.asset_id IS NULL OR x.asset_id = h.asset_id))
    ) l
    JOIN assets a ON a.org_id = l.org_id AND a.id = l.asset_id AND a.retired_at IS NULL
    GROUP BY l.org_id),
    cand AS (
      SELECT o.id AS org_id, o.code, o.name, o.kind, o.parent_id,
        array_remove(ARRAY[CASE WHEN (e.org_id IS NOT NULL) THEN $4::text END, CASE WHEN (o.kind = $5 AND "o"."id" IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $6)) THEN $7::text END], NULL) AS reasons,
        coalesce(e.asset_count, 0)::int AS asset_count, coalesce(e.assets, ARRAY[]::text[]) AS assets
      FROM organisations o LEFT JOIN e ON e.org_id = o.id
      WHERE ((e.org_id IS NOT NULL) OR (o.kind = $8 AND "o"."id" IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $9))) AND "o"."id" IN (SELECT descendant_id FROM org_closure WHERE ancestor_id IN ($10)) 
        -- Not a correlated NOT EXISTS: Citus runs none over the organisations (a reference table).
        AND o.id NOT IN (SELECT x.org_id FROM alert_targets x WHERE x.alert_id = $11)
    ), ins AS (
      INSERT INTO alert_targets (org_id, alert_id, reasons, asset_count, assets, state, targeted_at, ack_due_at,
        state_changed_at)
      SELECT org_id, $12, reasons, asset_count, assets, 'awaiting_ack', $13, $14, $15
      FROM cand
      ON CONFLICT (org_id, alert_id) DO NOTHING
      RETURNING org_id, ack_due_at
    ), ev AS (
      INSERT INTO alert_events (org_id, alert_id, at, actor, kind, from_state, to_state)
      SELECT org_id, $16, $17, $18, 'targeted', NULL, 'awaiting_ack' FROM ins
    )
    SELECT cand.*, ins.ack_due_at FROM cand JOIN ins USING (org_id) ORDER BY cand.code
