WITH r AS (SELECT cm.component_id, cm.cve_id, cm.rule_id FROM component_matches cm
    WHERE cm.conditional AND NOT cm.assumed
      AND EXISTS (SELECT 1 FROM rule_conditions rc WHERE rc.rule_id = cm.rule_id AND NOT (rc.key LIKE 'o:%' OR rc.key LIKE 'h:%'))),
    cand AS (
      SELECT ac.org_id, ac.asset_id, r.component_id, r.cve_id, r.rule_id
      FROM r JOIN asset_components ac ON ac.component_id = r.component_id
    ),
    n AS (SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
    FROM rule_conditions WHERE rule_id IN (SELECT rule_id FROM r) GROUP BY rule_id),
    s AS (
      SELECT p.org_id, p.asset_id, p.rule_id,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
  coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
  coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
      FROM (SELECT DISTINCT org_id, asset_id, rule_id FROM cand) p
      JOIN asset_components ac2 ON ac2.org_id = p.org_id AND ac2.asset_id = p.asset_id
      JOIN condition_matches xm ON xm.rule_id = p.rule_id AND xm.component_id = ac2.component_id
      GROUP BY p.org_id, p.asset_id, p.rule_id
    )
    SELECT c.org_id, c.asset_id, array_agg(DISTINCT c.cve_id ORDER BY c.cve_id) AS cves
    FROM cand c JOIN n ON n.rule_id = c.rule_id
    LEFT JOIN s ON s.org_id = c.org_id AND s.asset_id = c.asset_id AND s.rule_id = c.rule_id
    JOIN findings f ON f.org_id = c.org_id AND f.component_id = c.component_id AND f.cve_id = c.cve_id
    JOIN assets a ON a.org_id = c.org_id AND a.id = c.asset_id AND a.retired_at IS NULL
    WHERE coalesce(s.pos_confirmed, 0) = n.required AND NOT coalesce(s.blocked, false)
  AND NOT coalesce(s.maybe_blocked, false) AND (f.status IN ('open', 'reopened') AND (f.certainty = 'confirmed'))
    GROUP BY c.org_id, c.asset_id;
-- parameters: []
