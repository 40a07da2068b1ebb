SELECT h.org_id, h.asset_id, array_agg(DISTINCT h.cve_id ORDER BY h.cve_id) AS cves
    FROM (
    WITH cand AS NOT MATERIALIZED (
      SELECT ac.org_id, ac.asset_id, cm.component_id, cm.cve_id, cm.rule_id, cm.conditional, cm.assumed
      FROM component_matches cm
      JOIN asset_components ac ON ac.component_id = cm.component_id
      WHERE true
    ), pairs AS NOT MATERIALIZED (
      SELECT DISTINCT org_id, asset_id, rule_id FROM cand WHERE conditional
    ), need AS NOT MATERIALIZED (
      SELECT rc.rule_id, count(DISTINCT rc.cond) FILTER (WHERE NOT rc.negate) AS required,
        bool_and((rc.key LIKE 'o:%' OR rc.key LIKE 'h:%')) AS by_platform
      FROM rule_conditions rc JOIN match_rules mr ON mr.id = rc.rule_id WHERE true  GROUP BY rc.rule_id
    ), plat AS NOT MATERIALIZED (
      SELECT p.org_id, p.asset_id, p.rule_id, ap.platform
      FROM pairs p JOIN need n ON n.rule_id = p.rule_id AND n.by_platform
      JOIN asset_platforms ap ON ap.org_id = p.org_id AND ap.asset_id = p.asset_id
    ), plat_sat AS NOT MATERIALIZED (
      SELECT "u"."org_id", u.platform, u.rule_id,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
  coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
  coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
      FROM (SELECT DISTINCT "plat"."org_id", platform, rule_id FROM plat) u
      CROSS JOIN LATERAL unnest(u.platform) AS pc(component_id)
      JOIN condition_matches xm ON xm.rule_id = u.rule_id AND xm.component_id = pc.component_id
      GROUP BY "u"."org_id", u.platform, u.rule_id
    ), sat_plat AS NOT MATERIALIZED (
      SELECT p.org_id, p.asset_id, p.rule_id, s.pos, s.pos_confirmed, s.blocked, s.maybe_blocked
      FROM plat p JOIN plat_sat s ON s.platform = p.platform AND s.rule_id = p.rule_id AND s.org_id = p.org_id
    ), sat_comp AS NOT MATERIALIZED (
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
      c.assumed OR (c.conditional AND NOT (coalesce(coalesce("sp"."pos_confirmed", "sc"."pos_confirmed"), 0) = coalesce(n.required, 0)
        AND NOT coalesce(coalesce("sp"."maybe_blocked", "sc"."maybe_blocked"), false))) AS possible
    FROM cand c
    LEFT JOIN sat_plat sp ON "sp"."org_id" = c.org_id AND "sp"."asset_id" = c.asset_id AND "sp"."rule_id" = c.rule_id LEFT JOIN sat_comp sc ON "sc"."org_id" = c.org_id AND "sc"."asset_id" = c.asset_id AND "sc"."rule_id" = c.rule_id
    LEFT JOIN need n ON n.rule_id = c.rule_id
    WHERE NOT c.conditional
      OR (coalesce(coalesce("sp"."pos", "sc"."pos"), 0) = coalesce(n.required, 0) AND NOT coalesce(coalesce("sp"."blocked", "sc"."blocked"), false))) h
    JOIN findings f ON f.org_id = h.org_id AND f.component_id = h.component_id AND f.cve_id = h.cve_id
    JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
    WHERE (f.status IN ('open', 'reopened') AND (f.certainty = 'confirmed')) AND NOT h.possible
    GROUP BY h.org_id, h.asset_id;
-- parameters: []
