/**
 * What `npm start` loads into an empty database: intel (from WARD_INTEL_DIR, else the live feeds
 * when they answer, else the small hand-written set shipped with Ward) and a demo federation of
 * about 2,000 organisations and 50,000 devices.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/connect.js';
import { FULL_SCOPE } from '../domain/access/scope.js';
import { systemClock } from '../domain/alerts/clock.js';
import { issueAlert } from './alert.service.js';
import { loadFederation } from './federation-load.service.js';
import { expandIntelPaths, loadIntelFile } from './intel-files.service.js';
import { syncEpss, syncKev, syncNvd } from './intel-sync.service.js';

export const DEMO_FEDERATION = { orgs: 2000, devices: 50_000, componentsPerDevice: 30, seed: 1 } as const;

const SHIPPED_INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));

export interface DemoLoad {
  intel: {
    from: 'existing' | 'directory' | 'online' | 'shipped';
    detail: string;
    vulnerabilities: number;
  } | null;
  federation: {
    organisations: number;
    devices: number;
    rows: number;
    findings: number;
    seconds: number;
  } | null;
  /** The WannaCry-style alert issued for the demo, when it issued one. */
  alert: { reference: string; organisations: number } | null;
}

/** The flaw behind WannaCry (SMBv1, MS17-010): the demo's first alert when the intel has it. */
export const DEMO_ALERT_CVE = 'CVE-2017-0144';

/** Issues a WannaCry-style alert to every exposed organisation when the database has no alert yet. */
async function issueDemoAlert(database: Database): Promise<DemoLoad['alert']> {
  const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM alerts`.execute(database.db);
  const known = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM vulnerabilities WHERE cve_id = ${DEMO_ALERT_CVE}`.execute(database.db);
  if ((existing.rows[0]?.n ?? 0) > 0 || (known.rows[0]?.n ?? 0) === 0) return null;
  const issued = await issueAlert(
    database,
    { scope: FULL_SCOPE, actor: 'system', clock: systemClock, render: { publicUrl: null } },
    {
      title: 'WannaCry-style ransomware: SMB version 1 on unpatched Windows',
      severity: 'high',
      action:
        'Install Microsoft update MS17-010 on every listed device, switch off SMB version 1, and block port 445 ' +
        'from outside your network. Acknowledge this alert within 48 hours.',
      cves: [DEMO_ALERT_CVE],
      advisory: null,
      targets: [],
    },
  );
  return { reference: issued.reference, organisations: issued.totals.organisations };
}

async function count(database: Database, table: 'vulnerabilities' | 'organisations'): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db);
  return r.rows[0]?.n ?? 0;
}

async function loadDirectory(database: Database, dir: string): Promise<void> {
  for (const file of await expandIntelPaths([dir])) await loadIntelFile(database, file);
}

/** Tries the live KEV feed quickly; when it answers, loads KEV, EPSS and the last 120 days of NVD. */
async function tryOnline(database: Database, config: Config, log: (line: string) => void): Promise<boolean> {
  const quick = { maxAttempts: 1, timeoutMs: 5000 };
  try {
    await syncKev(database, { baseUrl: config.feeds.kev, http: quick });
  } catch {
    return false;
  }
  log('the official feeds answer: loading KEV, EPSS and recent NVD changes');
  await syncEpss(database, { baseUrl: config.feeds.epss }).catch((e) => log(`EPSS: ${(e as Error).message}`));
  await syncNvd(database, { baseUrl: config.feeds.nvd, apiKey: config.feeds.nvdApiKey }).catch((e) =>
    log(`NVD: ${(e as Error).message}`),
  );
  return true;
}

/** Loads intel and the demo federation where the database has none; says what it did. */
export async function prepareDemo(
  database: Database,
  config: Config,
  log: (line: string) => void,
): Promise<DemoLoad> {
  const result: DemoLoad = { intel: null, federation: null, alert: null };
  if ((await count(database, 'vulnerabilities')) === 0) {
    let from: NonNullable<DemoLoad['intel']>['from'];
    let detail: string;
    if (config.intelDir) {
      log(`loading intel from WARD_INTEL_DIR=${config.intelDir} …`);
      await loadDirectory(database, config.intelDir);
      from = 'directory';
      detail = config.intelDir;
    } else if (await tryOnline(database, config, log)) {
      from = 'online';
      detail = 'CISA KEV, FIRST EPSS, NVD (last 120 days)';
    } else {
      log('offline and no WARD_INTEL_DIR: loading the small intel set shipped with Ward (fixtures/intel)');
      await loadDirectory(database, SHIPPED_INTEL);
      from = 'shipped';
      detail = 'fixtures/intel (6 well-known CVEs)';
    }
    result.intel = { from, detail, vulnerabilities: await count(database, 'vulnerabilities') };
  } else {
    result.intel = {
      from: 'existing',
      detail: 'already in the database',
      vulnerabilities: await count(database, 'vulnerabilities'),
    };
  }
  if ((await count(database, 'organisations')) === 0) {
    log(
      `generating a demo federation of ${DEMO_FEDERATION.orgs} organisations and ${DEMO_FEDERATION.devices} devices …`,
    );
    const t = performance.now();
    const loaded = await loadFederation(database, DEMO_FEDERATION);
    result.federation = {
      organisations: loaded.organisations,
      devices: loaded.devices,
      rows: loaded.rows,
      findings: loaded.findings,
      seconds: Number(((performance.now() - t) / 1000).toFixed(1)),
    };
  }
  result.alert = await issueDemoAlert(database);
  return result;
}
