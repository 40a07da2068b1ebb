INSERT INTO findings AS f (org_id, component_id, cve_id, asset_count, exposure, safety_impact, status, certainty)
    SELECT org_id, component_id, cve_id, asset_count, exposure, safety_impact, 'open',
      CASE WHEN possible THEN 'possible' ELSE 'confirmed' END FROM finding_stage
    ON CONFLICT (org_id, component_id, cve_id) DO UPDATE SET
      asset_count = excluded.asset_count, exposure = excluded.exposure, safety_impact = excluded.safety_impact,
      certainty = excluded.certainty,
      status = CASE WHEN f.status = 'fixed' THEN 'reopened' ELSE f.status END,
      fixed_at = NULL, last_seen = excluded.last_seen, updated_at = excluded.updated_at
    WHERE (f.asset_count, f.exposure, f.safety_impact, f.certainty)
        IS DISTINCT FROM (excluded.asset_count, excluded.exposure, excluded.safety_impact, excluded.certainty)
      OR f.status = 'fixed'
    RETURNING (f.xmax = 0) AS inserted;
-- parameters: []
