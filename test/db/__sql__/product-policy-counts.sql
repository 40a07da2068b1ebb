SELECT o.code, o.name AS org_name, p.key, p.name, p.category, s.status, s.use, s.end_of_life,
           count(DISTINCT a.id)::int AS devices,
           count(DISTINCT a.id) FILTER (WHERE (a.asset_type = 'medical_device' OR a.clinical_criticality IN ('high', 'life_critical') OR a.network_zone IN ($1, $2, $3, $4, $5)))::int AS clinical,
           count(DISTINCT a.id) FILTER (WHERE a.internet_facing)::int AS internet
    FROM product_statuses s
    JOIN products p ON p.key = s.product_key
    JOIN components c ON c.key = s.product_key
    JOIN asset_components ac ON ac.component_id = c.id
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id
    JOIN organisations o ON o.id = a.org_id
    WHERE a.retired_at IS NULL
      AND "a"."org_id" IN (SELECT descendant_id FROM org_closure WHERE ancestor_id IN ($6))
      AND "a"."org_id" IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $7)
      AND ((s.status = 'end-of-life' AND s.end_of_life < $8)
        OR (s.status = 'not-approved' AND (s.use = 'any' OR (s.use IN ($9, $10) AND (a.asset_type = 'medical_device' OR a.clinical_criticality IN ('high', 'life_critical') OR a.network_zone IN ($11, $12, $13, $14, $15))))))
    GROUP BY o.code, o.name, p.key, p.name, p.category, s.status, s.use, s.end_of_life;
-- parameters: ["clinical","medical","theatre","imaging","lab","00000000-0000-4000-8000-000000000001","00000000-0000-4000-8000-000000000001","2026-12-04","clinical","patient-data","clinical","medical","theatre","imaging","lab"]
