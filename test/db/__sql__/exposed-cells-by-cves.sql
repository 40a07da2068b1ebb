SELECT h.org_id, h.component_id, h.platform, array_agg(DISTINCT h.cve_id ORDER BY h.cve_id) AS cves,
      bool_or(k.cve_id IS NOT NULL) AS kev
    FROM (
    WITH unc AS (
      SELECT DISTINCT cm.component_id, cm.cve_id FROM component_matches cm
      WHERE NOT cm.conditional AND NOT cm.assumed AND "cm"."cve_id" IN ($1, $2)
    ), r AS (SELECT component_id, cve_id, rule_id FROM cell_rules),
    cp AS MATERIALIZED (
      SELECT p.org_id, p.component_id, p.platform FROM component_presence p
      WHERE p.component_id IN (SELECT component_id FROM r)
    ),
    pl AS (SELECT DISTINCT component_id, platform FROM cp),
    s AS (
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
    n AS (SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
    FROM rule_conditions WHERE rule_id IN (SELECT rule_id FROM r) GROUP BY rule_id),
    ok AS (
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
    WHERE (f.status IN ('open', 'reopened') AND (f.certainty = 'confirmed'))  AND "f"."cve_id" IN ($3, $4) ) h LEFT JOIN kev_entries k ON k.cve_id = h.cve_id
    GROUP BY h.org_id, h.component_id, h.platform;
-- parameters: ["CVE-2017-0144","CVE-2017-0145","CVE-2017-0144","CVE-2017-0145"]
