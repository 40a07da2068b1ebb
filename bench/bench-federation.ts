/**
 * The data the API and web benchmarks run on: the shipped intel, a generated federation, and an
 * alert on the CVE that exposes the most organisations.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from '../src/db/connect.js';
import { cliActor } from '../src/domain/access/actor.js';
import { systemClock } from '../src/domain/alerts/clock.js';
import { issueAlert, respondToAlert } from '../src/services/alerts/index.js';
import { loadFederation } from '../src/services/federation/federation-load.service.js';
import { expandIntelPaths, loadIntelFile } from '../src/services/intel/intel-files.service.js';

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
    { actor: cliActor('bench'), clock: systemClock, render: { publicUrl: null } },
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

/**
 * Answers part of an alert as a federation would: one ICB's targets acknowledged in bulk, another's
 * in progress, a few organisations one by one (each its own next-update deadline), so the
 * status counts span every state and many deadlines.
 */
export async function answerPartOfAlert(
  database: Database,
  reference: string,
  log: (m: string) => void,
): Promise<void> {
  const ctx = { actor: cliActor('bench'), clock: systemClock, render: { publicUrl: null } };
  const groups = await sql<{ code: string; kind: string }>`
    SELECT code, kind FROM organisations WHERE kind = 'icb' ORDER BY code`.execute(database.db);
  const icbs = groups.rows;
  const first = icbs[0]?.code;
  const icb = icbs.at(-1)?.code;
  const answer = (input: Parameters<typeof respondToAlert>[2]) =>
    respondToAlert(database, ctx, input).catch(() => undefined);
  if (first) await answer({ reference, under: first, status: 'acknowledged' });
  if (icb) await answer({ reference, under: icb, status: 'in_progress', note: 'patching' });
  const some = await sql<{ code: string }>`
    SELECT o.code FROM alert_targets t JOIN alerts a ON a.id = t.alert_id JOIN organisations o ON o.id = t.org_id
    WHERE a.reference = ${reference} AND t.state = 'awaiting_ack' ORDER BY o.code LIMIT 200`.execute(
    database.db,
  );
  const states = ['acknowledged', 'resolved', 'not_applicable'] as const;
  for (const [i, { code }] of some.rows.entries()) {
    const status = states[i % states.length] as (typeof states)[number];
    await answer({
      reference,
      orgs: [code],
      status,
      reason: status === 'not_applicable' ? 'no such devices' : null,
      nextUpdate: status === 'acknowledged' ? new Date(Date.now() + (i + 1) * 3_600_000).toISOString() : null,
    });
  }
  log(
    `answered part of ${reference}: ${first ?? '-'} acknowledged, ${icb ?? '-'} in progress, ${some.rows.length} one by one`,
  );
}
