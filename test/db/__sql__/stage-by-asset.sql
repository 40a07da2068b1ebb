INSERT INTO finding_stage (org_id, component_id, cve_id, asset_count, exposure, safety_impact, possible)
    SELECT h.org_id, h.component_id, h.cve_id, count(*)::int,
      (ARRAY['small','controlled','open'])[max((CASE WHEN "a"."internet_facing" THEN 2
    WHEN "a"."network_zone" IN ($1, $2, $3, $4, $5) OR "a"."asset_type" = 'medical_device' THEN 1
    ELSE 0 END)) + 1], bool_or(("a"."asset_type" = 'medical_device' OR "a"."clinical_criticality" IN ('high', 'life_critical'))), h.possible
    FROM (
      SELECT c.org_id, c.asset_id, c.component_id, c.cve_id,
        NOT bool_or(NOT c.assumed AND coalesce(s.pos_confirmed, 0) = n.required AND NOT coalesce(s.maybe_blocked, false))
          AS possible
      FROM cond_cand c
      JOIN (SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
            FROM rule_conditions WHERE rule_id IN (SELECT DISTINCT rule_id FROM cond_cand) GROUP BY rule_id) n
        ON n.rule_id = c.rule_id
      LEFT JOIN cond_sat s ON s.org_id = c.org_id AND s.asset_id = c.asset_id AND s.rule_id = c.rule_id
      WHERE coalesce(s.pos, 0) = n.required AND NOT coalesce(s.blocked, false)
      GROUP BY c.org_id, c.asset_id, c.component_id, c.cve_id
    ) h
    JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
    GROUP BY h.org_id, h.component_id, h.cve_id, h.possible;
-- parameters: ["clinical","medical","theatre","imaging","lab"]
