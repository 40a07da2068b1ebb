CREATE TEMP TABLE finding_stage ON COMMIT DROP AS
    SELECT p.org_id, p.component_id, m.cve_id, p.asset_count, (ARRAY['small','controlled','open'])[p.rank + 1] AS exposure, p.safety_impact,
      m.possible
    FROM (
      SELECT org_id, component_id, sum(asset_count)::int AS asset_count, max(exposure_rank) AS rank,
        bool_or(safety_impact) AS safety_impact
      FROM component_presence
      WHERE component_id IN (SELECT component_id FROM (SELECT cm.component_id, cm.cve_id, cm.assumed FROM component_matches cm
    WHERE NOT cm.conditional  ) x) AND "org_id" = ANY($1::uuid[])
      GROUP BY org_id, component_id
    ) p
    JOIN (SELECT component_id, cve_id, bool_and(assumed) AS possible FROM (SELECT cm.component_id, cm.cve_id, cm.assumed FROM component_matches cm
    WHERE NOT cm.conditional  ) x GROUP BY component_id, cve_id) m
      ON m.component_id = p.component_id;
-- parameters: [["00000000-0000-4000-8000-000000000001"]]
