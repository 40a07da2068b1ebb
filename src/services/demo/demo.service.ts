/**
 * What `npm start` loads into an empty database: intel (from WARD_INTEL_DIR, else the real intel
 * snapshot shipped with Ward, with no network) and a demo federation in the network's shape, with
 * its baselines in every state.
 * `ward intel sync` fetches the complete live feeds.
 */
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/connect.js';
import { SYSTEM_ACTOR } from '../../domain/access/actor.js';
import { type Clock, fixedClock, systemClock } from '../../domain/alerts/clock.js';
import { runNotificationPass } from '../../jobs/scheduler.js';
import { issueAlert } from '../alerts/index.js';
import { loadFederation } from '../federation/federation-load.service.js';
import { expandIntelPaths, loadIntelFile } from '../intel/intel-files.service.js';
import { INTEL_SNAPSHOT_DIR, loadIntelSnapshot } from '../intel/intel-snapshot.service.js';
import { type DemoOutside, seedDemoOutside } from '../outside/demo-outside.service.js';
import { type DemoSharedServices, declareDemoSharedServices } from '../sim/demo-shared-services.service.js';
import { startWormJob } from '../sim/worm-jobs.service.js';
import { listWormRuns } from '../sim/worm-simulation.service.js';
import { type DemoBaselines, seedDemoBaselines } from './demo-baseline.service.js';
import { addDemoContacts } from './demo-contacts.service.js';
import { HISTORY_WEEKS, type HistoryResult, recordDemoHistory } from './demo-history.service.js';
import { type DemoIncidents, seedDemoIncidents } from './demo-incidents.service.js';

/** The demo federation: every region and ICB of the network, a few dozen organisations under each. */
export const DEMO_FEDERATION = {
  orgs: 2000,
  devices: 25_000,
  componentsPerDevice: 30,
  seed: 1,
  regions: 7,
  icbs: 42,
} as const;

export interface DemoLoad {
  intel: {
    from: 'existing' | 'directory' | 'snapshot';
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
  /** The twelve weeks of past alerts and answers recorded before it. */
  history: HistoryResult | null;
  /** The contacts added after the history, and what today's notification pass queued for them. */
  notifications: {
    contacts: number;
    alertMessages: number;
    reminders: number;
    escalations: number;
    digests: number;
  } | null;
  /** Trusts whose PAS the demo's practices use (declared when none was), for the worm scenario. */
  sharedServices: DemoSharedServices | null;
  /** Registered addresses and an external scan report, when none were registered. */
  outside: DemoOutside | null;
  /** The WannaCry scenario started in the background when no simulation has been run yet. */
  simulation: { job: string; runs: number } | null;
  /** The baselines answered for the current year, in every state. */
  baseline: DemoBaselines | null;
  /** The incidents reported, triaged and shared for the demo, when none existed. */
  incidents: DemoIncidents | null;
}

/** The demo's worm scenario: WannaCry from the internet, few enough runs that it is ready in seconds. */
export const DEMO_SIMULATION = {
  profile: 'wannacry-2017',
  seedOrgs: [],
  runs: 40,
  seed: 1,
  horizonHours: 72,
  levers: [],
  rankLevers: true,
} as const;

/** Starts the demo scenario when no run is stored; it goes on while the server starts, and says when done. */
async function startDemoSimulation(
  database: Database,
  log: (line: string) => void,
): Promise<DemoLoad['simulation']> {
  if ((await listWormRuns(database, 1)).length > 0) return null;
  const job = await startWormJob(database, SYSTEM_ACTOR, DEMO_SIMULATION, (j) =>
    log(
      j.state === 'done'
        ? `worm scenario ${DEMO_SIMULATION.profile} done: run ${j.runId} (dashboard: Simulation)`
        : `worm scenario ${DEMO_SIMULATION.profile} failed: ${j.error}`,
    ),
  );
  return { job: job.id, runs: job.progress.runsTotal };
}

/** The flaw behind WannaCry (SMBv1, MS17-010): the demo's first alert when the intel has it. */
export const DEMO_ALERT_CVE = 'CVE-2017-0144';

/**
 * When the database has no alert yet: records twelve weeks of past alerts and answers, runs the
 * notification pass as of now while no organisation has contacts yet (so the history's overdue
 * targets count as escalated then, with no message), adds the demo's contacts, issues today's
 * WannaCry-style alert to every exposed organisation (its messages go to their contacts at once) and
 * runs the pass again (the digests of digest contacts, once the digest hour has come). Nothing is
 * delivered here: the server's notification pass sends what its configuration allows.
 */
async function issueDemoAlerts(
  database: Database,
  config: Config,
  clock: Clock,
): Promise<Pick<DemoLoad, 'alert' | 'history' | 'notifications'>> {
  const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM alerts`.execute(database.db);
  const known = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM vulnerabilities WHERE cve_id = ${DEMO_ALERT_CVE}`.execute(database.db);
  if ((existing.rows[0]?.n ?? 0) > 0 || (known.rows[0]?.n ?? 0) === 0)
    return { alert: null, history: null, notifications: null };
  const history = await recordDemoHistory(database, clock.now());
  const pass = () =>
    runNotificationPass(database, [], clock, {
      publicUrl: config.notifications.publicUrl,
      digestHour: config.notifications.digestHour,
      digestTimeZone: config.notifications.digestTimeZone,
    });
  await pass();
  const contacts = await addDemoContacts(database);
  const issued = await issueAlert(
    database,
    { actor: SYSTEM_ACTOR, clock, render: { publicUrl: config.notifications.publicUrl } },
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
  const { queued } = await pass();
  return {
    alert: { reference: issued.reference, organisations: issued.totals.organisations },
    history,
    notifications: { contacts: contacts.rows, alertMessages: issued.messages, ...queued },
  };
}

async function count(database: Database, table: 'vulnerabilities' | 'organisations'): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db);
  return r.rows[0]?.n ?? 0;
}

async function loadDirectory(database: Database, dir: string): Promise<void> {
  for (const file of await expandIntelPaths([dir])) await loadIntelFile(database, file);
}

/** Loads intel and the demo federation where the database has none; says what it did. */
export async function prepareDemo(
  database: Database,
  config: Config,
  log: (line: string) => void,
): Promise<DemoLoad> {
  const result: DemoLoad = {
    intel: null,
    federation: null,
    alert: null,
    history: null,
    notifications: null,
    sharedServices: null,
    outside: null,
    simulation: null,
    baseline: null,
    incidents: null,
  };
  if ((await count(database, 'vulnerabilities')) === 0) {
    let from: NonNullable<DemoLoad['intel']>['from'];
    let detail: string;
    if (config.intelDir) {
      log(`loading intel from WARD_INTEL_DIR=${config.intelDir} …`);
      await loadDirectory(database, config.intelDir);
      from = 'directory';
      detail = config.intelDir;
    } else {
      log(
        'loading the real intel snapshot shipped with Ward (data/intel; `ward intel sync` fetches the live feeds) …',
      );
      await loadIntelSnapshot(database);
      from = 'snapshot';
      detail = `the snapshot shipped with Ward (${INTEL_SNAPSHOT_DIR}): KEV, NVD records of KEV CVEs, EPSS, CISA medical-device advisories`;
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
      `generating a demo federation of ${DEMO_FEDERATION.orgs} organisations (${DEMO_FEDERATION.regions} regions, ` +
        `${DEMO_FEDERATION.icbs} ICBs) and ${DEMO_FEDERATION.devices} devices …`,
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
  const clock = config.now ? fixedClock(config.now) : systemClock;
  // Seen from outside first, so the alerts and their history target what the scan exposed too.
  result.outside = await seedDemoOutside(database, clock.now());
  if (result.outside)
    log(
      `registered ${result.outside.ranges} trusts' public ranges and imported an external scan: ${result.outside.opened} exposures seen from outside`,
    );
  const t = performance.now();
  Object.assign(result, await issueDemoAlerts(database, config, clock));
  if (result.history)
    log(
      `recorded ${HISTORY_WEEKS} weeks of alert history in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  result.baseline = await seedDemoBaselines(database, clock.now());
  if (result.baseline) {
    const b = result.baseline;
    log(
      `answered ${b.year} baselines from Ward's own figures in ${b.seconds} s: ` +
        Object.entries(b.organisations)
          .map(([state, n]) => `${n} ${state.replace('_', ' ')}`)
          .join(', '),
    );
  }
  result.incidents = await seedDemoIncidents(database, clock.now());
  if (result.incidents) log(`reported ${result.incidents.references.join(' and ')} (phishing, ransomware)`);
  result.sharedServices = await declareDemoSharedServices(database);
  result.simulation = await startDemoSimulation(database, log);
  return result;
}
