INSERT INTO finding_stage (org_id, component_id, cve_id, asset_count, exposure, safety_impact, possible)
    WITH r AS (SELECT component_id, cve_id, rule_id, assumed FROM cond_rules WHERE by_platform),
    cp AS MATERIALIZED (
      SELECT p.org_id, p.component_id, p.platform, p.asset_count, p.exposure_rank, p.safety_impact
      FROM component_presence p
      WHERE p.component_id IN (SELECT component_id FROM r)
    ),
    pl AS (SELECT DISTINCT component_id, platform FROM cp),
    sat AS (
    SELECT u.platform, xm.rule_id,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
  coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
  coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
    FROM (SELECT DISTINCT platform FROM pl) u
    CROSS JOIN LATERAL unnest(u.platform) AS pc(component_id)
    JOIN condition_matches xm ON xm.component_id = pc.component_id
    WHERE xm.rule_id IN (SELECT rule_id FROM r)
    GROUP BY u.platform, xm.rule_id),
    need AS (
      SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
      FROM rule_conditions WHERE rule_id IN (SELECT rule_id FROM r) GROUP BY rule_id
    ),
    ok AS (
      SELECT r.component_id, r.cve_id, pl.platform,
        NOT bool_or(NOT r.assumed AND coalesce(s.pos_confirmed, 0) = n.required AND NOT coalesce(s.maybe_blocked, false))
          AS possible
      FROM r JOIN pl ON pl.component_id = r.component_id JOIN need n ON n.rule_id = r.rule_id
      LEFT JOIN sat s ON s.rule_id = r.rule_id AND s.platform = pl.platform
      WHERE coalesce(s.pos, 0) = n.required AND NOT coalesce(s.blocked, false)
      GROUP BY r.component_id, r.cve_id, pl.platform
    )
    SELECT p.org_id, p.component_id, ok.cve_id, sum(p.asset_count)::int,
      (ARRAY['small','controlled','open'])[max(p.exposure_rank) + 1], bool_or(p.safety_impact), ok.possible
    FROM ok JOIN cp p ON p.component_id = ok.component_id AND p.platform = ok.platform
    GROUP BY p.org_id, p.component_id, ok.cve_id, ok.possible;
-- parameters: []
