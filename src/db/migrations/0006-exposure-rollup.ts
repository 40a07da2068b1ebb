import { type Kysely, sql } from 'kysely';

/**
 * The exposure roll-up: open findings counted per subtree (every organisation, for itself and all
 * below it), per CVE and per (exposure, safety impact) — the inputs of priority that belong to the
 * finding. KEV, EPSS and CVSS are joined when read, so priority and "KEV past due" stay derived
 * from the intel as it stands; active exceptions are subtracted when read. A national summary
 * reads a few thousand rows instead of every finding. Kept exact by `refreshFindings`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE exposure_rollup (
      org_id uuid NOT NULL,
      cve_id text NOT NULL,
      exposure text NOT NULL,
      safety_impact boolean NOT NULL,
      findings integer NOT NULL,
      assets integer NOT NULL,
      PRIMARY KEY (org_id, cve_id, exposure, safety_impact)
    )`.execute(db);
  await sql`
    INSERT INTO exposure_rollup (org_id, cve_id, exposure, safety_impact, findings, assets)
    SELECT c.ancestor_id, f.cve_id, f.exposure, f.safety_impact, count(*)::int, sum(f.asset_count)::int
    FROM findings f JOIN org_closure c ON c.descendant_id = f.org_id
    WHERE f.status IN ('open', 'reopened')
    GROUP BY c.ancestor_id, f.cve_id, f.exposure, f.safety_impact`.execute(db);
}
