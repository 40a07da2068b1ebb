/**
 * Alert benchmarks at federation scale (a generated federation, the shipped demo intel, one
 * e-mail contact per organisation):
 * - `alert_issue`: issue an alert for CVE-2017-0144 targeting `auto` + `all` (every organisation
 *   but the root and trust sites): targets, exposure with device lists, events and the outbox in one
 *   transaction. Target < 5 s for 10,000 organisations.
 * - `alert_bulk_respond`: one response for 1,000 organisations (`--org` list). Target < 2 s.
 * - `alert_status`: `alert status` (counts, overdue list, region/ICB roll-up, inventory evidence),
 *   p50/p95 over `--queries` runs. Target p95 < 200 ms.
 * - `alert_escalate`: the notification pass 49 hours later, escalating every overdue organisation.
 * - `outbox_deliver`: claiming, sending (to an in-memory transport) and marking `--deliver` messages.
 */
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR } from '../src/domain/access/actor.js';
import { HOUR_MS, manualClock } from '../src/domain/alerts/clock.js';
import { deliverDueMessages } from '../src/jobs/outbox-dispatcher.js';
import type { Transport } from '../src/notifications/transport.js';
import {
  alertStatus,
  issueAlert,
  queueScheduledNotifications,
  respondToAlert,
} from '../src/services/alerts/index.js';
import { importContacts } from '../src/services/contacts/contact.service.js';
import { loadFederation } from '../src/services/federation/federation-load.service.js';
import { loadEpss, loadKev, loadNvd } from '../src/services/intel/intel-load.service.js';
import { type BenchArgs, benchDatabase, numberArg, percentile, report, timed } from './harness.js';

const INTEL = fileURLToPath(new URL('../fixtures/intel/', import.meta.url));

export async function run(args: BenchArgs): Promise<void> {
  const orgs = numberArg(args, 'orgs', 10_500);
  const devices = numberArg(args, 'devices', 100_000);
  const components = numberArg(args, 'components', 20);
  const respondCount = numberArg(args, 'respond', 1000);
  const queries = numberArg(args, 'queries', 200);
  const deliver = numberArg(args, 'deliver', 2000);
  const database = await benchDatabase(args.engine);
  try {
    await loadNvd(database, `${INTEL}nvd-demo.json`);
    await loadKev(database, `${INTEL}kev-demo.json`);
    await loadEpss(database, `${INTEL}epss-demo.csv`);
    const [loaded, loadS] = await timed(() =>
      loadFederation(database, { orgs, devices, componentsPerDevice: components, seed: 1 }),
    );
    const codes = (
      await database.db.selectFrom('organisations').select(['code', 'kind']).orderBy('code').execute()
    ).filter((o) => o.kind !== 'national' && o.kind !== 'site');
    const csv = ['org_code,name,email,role,channel,digest'];
    for (const o of codes)
      csv.push(`${o.code},Practice manager,${o.code.toLowerCase()}@ward.example,manager,email,false`);
    await importContacts(database, SYSTEM_ACTOR, 'contacts.csv', `${csv.join('\n')}\n`);
    process.stderr.write(
      `federation: ${loaded.organisations} organisations, ${loaded.devices} devices, ${loaded.rows} rows, ` +
        `${loaded.findings} findings (${loadS.toFixed(1)} s); ${codes.length} contacts\n`,
    );

    const t0 = new Date('2026-05-12T09:00:00Z');
    const clock = manualClock(t0);
    const ctx = { actor: { ...SYSTEM_ACTOR, label: 'bench' }, clock, render: { publicUrl: null } };
    const [issued, issueS] = await timed(() =>
      issueAlert(database, ctx, {
        title: 'WannaCry: Windows file sharing (SMBv1) flaw',
        severity: 'critical',
        action: 'Install MS17-010 and turn off SMBv1.',
        cves: ['CVE-2017-0144'],
        advisory: null,
        targets: ['auto', 'all'],
      }),
    );
    report('alert_issue', args.engine, issued.totals.organisations, issueS, {
      exposed_organisations: issued.targets.filter((t) => t.reasons.includes('auto')).length,
      devices: issued.totals.assets,
      messages: issued.messages,
      target_s: 5,
    });

    clock.advance(2 * HOUR_MS);
    const chosen = issued.targets.slice(0, respondCount).map((t) => t.code);
    const [responded, respondS] = await timed(() =>
      respondToAlert(database, ctx, {
        reference: issued.reference,
        orgs: chosen,
        status: 'acknowledged',
        note: 'bench',
      }),
    );
    report('alert_bulk_respond', args.engine, responded.applied.length, respondS, {
      receipts: responded.messages,
      target_s: 2,
    });

    clock.advance(47 * HOUR_MS);
    const times: number[] = [];
    const start = performance.now();
    for (let i = 0; i < queries; i++) {
      const t = performance.now();
      await alertStatus(database, ctx.actor, clock, issued.reference);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const status = await alertStatus(database, ctx.actor, clock, issued.reference);
    report('alert_status', args.engine, queries, (performance.now() - start) / 1000, {
      p50_ms: percentile(times, 50),
      p95_ms: percentile(times, 95),
      targets: status.counts.targets,
      overdue: status.counts.overdue,
      regions: status.rollup.regions.length,
      icbs: status.rollup.icbs.length,
      target_p95_ms: 200,
    });

    const [queued, escalateS] = await timed(() =>
      queueScheduledNotifications(database, clock.now(), { render: { publicUrl: null }, digestHour: 24 }),
    );
    report('alert_escalate', args.engine, status.counts.overdue, escalateS, { messages: queued.escalations });

    let sent = 0;
    const memory: Transport = {
      channel: 'email',
      async send() {
        sent++;
      },
    };
    const [delivered, deliverS] = await timed(() =>
      deliverDueMessages(database, [memory], clock, { maxMessages: deliver, batchSize: 200 }),
    );
    report('outbox_deliver', args.engine, delivered.delivered, deliverS, { sent });
  } finally {
    await database.close();
  }
}
