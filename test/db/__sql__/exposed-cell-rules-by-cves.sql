CREATE TEMP TABLE cell_rules ON COMMIT DROP AS SELECT cm.component_id, cm.cve_id, cm.rule_id FROM component_matches cm
    WHERE cm.conditional AND NOT cm.assumed AND "cm"."cve_id" IN ($1, $2)
      AND NOT EXISTS (SELECT 1 FROM rule_conditions rc WHERE rc.rule_id = cm.rule_id AND NOT (rc.key LIKE 'o:%' OR rc.key LIKE 'h:%'));
-- parameters: ["CVE-2017-0144","CVE-2017-0145"]
