/**
 * The data the API and web benchmarks run on: the shipped intel, a generated federation, and an
 * alert on the CVE that exposes the most organisations.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from '../src/db/connect.js';
import { FULL_SCOPE } from '../src/domain/access/scope.js';
import { systemClock } from '../src/domain/alerts/clock.js';
import { issueAlert } from '../src/services/alert.service.js';
import { loadFederation } from '../src/services/federation-load.service.js';
import { expandIntelPaths, loadIntelFile } from '../src/services/intel-files.service.js';

const INTEL = fileURLToPath(new URL('../fixtures/intel/', import.meta.url));

/** Loads the shipped intel and a federation of `orgs` organisations and `devices` devices; the root's code. */
export async function loadBenchFederation(
  database: Database,
  size: { orgs: number; devices: number; componentsPerDevice?: number },
  log: (line: string) => void,
): Promise<{ root: string; findings: number }> {
  for (const file of await expandIntelPaths([INTEL])) await loadIntelFile(database, file);
  const loaded = await loadFederation(database, { componentsPerDevice: 30, ...size });
  log(`loaded: ${loaded.findings} findings`);
  const root = await database.db
    .selectFrom('organisations')
    .select('code')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  return { root: root.code, findings: loaded.findings };
}

/** Issues an alert on the most widespread CVE (null when nothing is exposed). */
export async function issueWidestAlert(database: Database): Promise<{ reference: string } | null> {
  const cve = await sql<{ cve_id: string }>`
    SELECT cve_id FROM findings GROUP BY cve_id ORDER BY count(DISTINCT org_id) DESC LIMIT 1`.execute(
    database.db,
  );
  if (!cve.rows[0]) return null;
  return issueAlert(
    database,
    { scope: FULL_SCOPE, actor: 'cli:bench', clock: systemClock, render: { publicUrl: null } },
    {
      title: 'bench',
      severity: 'high',
      action: 'patch',
      cves: [cve.rows[0].cve_id],
      advisory: null,
      targets: [],
    },
  );
}
