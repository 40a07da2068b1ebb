import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/alerts/clock.js';
import { contactsCsv } from '../factories/contact.factory.js';
import {
  inventoryCsv,
  SERVER_2008_R2_SP1,
  SMB1,
  WIN7_SP1,
  WIN10_1709,
} from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import {
  type MailSink,
  startSmtpSink,
  startWebhookSink,
  type WebhookSink,
} from '../notifications/receivers.js';
import { createPostgresDatabase, seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

const INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));
const T0 = '2026-05-12T09:00:00Z';
const plus = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();
const SECRET = 'e2e-secret';

/**
 * Issue 6's "done when", from the CLI: issue an alert for CVE-2017-0144 with auto targets, see the
 * exposed organisations, acknowledge for one, bulk-respond for an ICB's practices, advance the clock
 * past 48 hours and see the overdue ones and their escalation messages arrive.
 */
for (const engine of ['pglite', 'postgres'] as const) {
  describe(`ward alert end to end [${engine}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-alert-'));
    const receiverClock = manualClock(new Date(T0));
    const env: Record<string, string> = {
      WARD_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: '',
      WARD_NOTIFY_INTERVAL: '0',
    };
    let smtp: MailSink;
    let hook: WebhookSink;
    let drop = async () => {};
    const ward = async (args: string[], now?: string) => {
      const run = await runWard(now ? [...args, '--now', now] : args, env);
      if (run.code !== 0) throw new Error(`ward ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
      return run;
    };
    const json = async (args: string[], now?: string) =>
      JSON.parse((await ward([...args, '--json'], now)).stdout);

    beforeAll(async () => {
      smtp = await startSmtpSink();
      hook = await startWebhookSink(SECRET, receiverClock);
      Object.assign(env, {
        WARD_SMTP_URL: smtp.url,
        WARD_WEBHOOK_URL: hook.url,
        WARD_WEBHOOK_SECRET: SECRET,
      });
      if (engine === 'postgres') {
        const created = await createPostgresDatabase({ migrated: true });
        env.DATABASE_URL = created.url;
        drop = created.drop;
      } else seedMigratedDataDir(env.WARD_DATA_DIR as string);
      const exposed = (id: string) => inventoryCsv([{ id, components: [WIN7_SP1, SMB1] }]);
      writeFileSync(join(dir, 'orgs.csv'), orgCsv());
      writeFileSync(
        join(dir, 'RJ7.csv'),
        inventoryCsv([
          { id: 'PC-1', components: [WIN7_SP1, SMB1] },
          { id: 'SRV-1', type: 'server', criticality: 'high', components: [SERVER_2008_R2_SP1, SMB1] },
          { id: 'PC-2', components: [WIN10_1709, SMB1] },
        ]),
      );
      writeFileSync(join(dir, 'H85001.csv'), exposed('GP-1'));
      writeFileSync(join(dir, 'H85002.csv'), exposed('GP-2'));
      writeFileSync(join(dir, 'F83001.csv'), exposed('GP-3'));
      writeFileSync(join(dir, 'contacts.csv'), contactsCsv());
      writeFileSync(
        join(dir, 'bad-contacts.csv'),
        'org_code,name,email,role,channel,digest\nNOPE,A,a@b.example,r,email,no\n',
      );
      await ward(['org', 'import', join(dir, 'orgs.csv')]);
      await ward([
        'intel',
        'load',
        `${INTEL}nvd-demo.json`,
        `${INTEL}kev-demo.json`,
        `${INTEL}epss-demo.csv`,
      ]);
      for (const org of ['RJ7', 'H85001', 'H85002', 'F83001'])
        await ward(['inventory', 'import', '--org', org, join(dir, `${org}.csv`)]);
    }, 180_000);

    afterAll(async () => {
      await smtp?.close();
      await hook?.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports contacts, rejecting a bad file with FILE:LINE and exit 2', async () => {
      const bad = await runWard(['contact', 'import', join(dir, 'bad-contacts.csv')], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`${join(dir, 'bad-contacts.csv')}:2: unknown organisation NOPE`);
      expect((await json(['contact', 'import', join(dir, 'contacts.csv')]))[0]).toMatchObject({
        rows: 7,
        created: 7,
      });
    });

    it('issues, acknowledges, bulk-responds for an ICB, and escalates the overdue after 48 hours', async () => {
      const issued = await json(
        [
          'alert',
          'issue',
          '--title',
          'WannaCry: Windows file sharing (SMBv1) flaw',
          '--severity',
          'critical',
          '--action',
          'Install Microsoft update MS17-010, turn off SMBv1 and block port 445 at the firewall.',
          '--cve',
          'CVE-2017-0144',
          '--target',
          'auto',
        ],
        T0,
      );
      expect(issued.reference).toBe('WA-2026-0001');
      expect(issued.targets.map((t: { code: string; assets: number }) => [t.code, t.assets])).toEqual([
        ['F83001', 1],
        ['H85001', 1],
        ['H85002', 1],
        ['RJ7', 2],
      ]);
      const human = await ward(['alert', 'status', 'WA-2026-0001'], plus(1));
      expect(human.stdout).toContain('awaiting acknowledgement  4');
      expect(human.stdout).toContain('total                     4 organisations, 5 devices');

      // The issue messages go out at once (critical): e-mail to each practice and trust contact; the
      // practice manager who asked for a digest also gets today's digest.
      const first = await json(['notify', 'run'], plus(0.5));
      expect(first.queued).toMatchObject({ reminders: 0, escalations: 0, digests: 1 });
      expect(first.delivery).toMatchObject({ delivered: 5, dead: 0 });
      const notices = smtp.mails.filter((m) => m.subject.startsWith('Action needed'));
      expect(notices.map((m) => m.to).sort()).toEqual([
        'ali@camden.example',
        'jane.smith@balham.example',
        'soc@stgeorges.example',
        'tom@tooting.example',
      ]);
      expect(smtp.mails.find((m) => m.to === 'tom@tooting.example')?.text).toContain(
        'ward alert respond WA-2026-0001 --org H85002 --status acknowledged',
      );

      const one = await json(
        ['alert', 'respond', 'WA-2026-0001', '--org', 'RJ7', '--status', 'acknowledged'],
        plus(2),
      );
      expect(one.applied).toEqual([{ code: 'RJ7', from: 'awaiting_ack', lateAcknowledgement: false }]);
      // A problem with a field is told to a CLI user as the flag that sets it.
      const refused = await runWard(
        [
          'alert',
          'respond',
          'WA-2026-0001',
          '--org',
          'H85001',
          '--status',
          'not_applicable',
          '--now',
          plus(2),
        ],
        env,
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--reason: not_applicable needs a reason');
      const neither = await runWard(['alert', 'respond', 'WA-2026-0001', '--status', 'acknowledged'], env);
      expect(neither.stderr).toContain('--org: give the organisations answered for');
      const bulk = await json(
        [
          'alert',
          'respond',
          'WA-2026-0001',
          '--under',
          'QWE',
          '--status',
          'acknowledged',
          '--note',
          'ICB acknowledged for its practices',
        ],
        plus(3),
      );
      expect(bulk.applied.map((a: { code: string }) => a.code)).toEqual(['H85001', 'H85002', 'RJ7']);

      // Past 48 hours: the one organisation that never answered is overdue, from the clock alone.
      env.WARD_NOW = plus(49);
      const status = await json(['alert', 'status', 'WA-2026-0001']);
      expect(status.counts).toMatchObject({
        targets: 4,
        acknowledged: 3,
        awaitingAck: 1,
        overdue: 1,
        acknowledgedInTime: 3,
      });
      expect(status.counts.shareAcknowledgedInTime).toBe(0.75);
      expect(status.overdue.organisations).toEqual([
        {
          code: 'F83001',
          name: 'Camden Health Centre',
          kind: 'gp_practice',
          parent: 'QMJ',
          ackDueAt: plus(48),
          hoursOverdue: 1,
        },
      ]);
      expect(
        status.rollup.icbs.map((r: { code: string; overdue: number; targets: number }) => [
          r.code,
          r.targets,
          r.overdue,
        ]),
      ).toEqual([
        ['QMJ', 1, 1],
        ['QWE', 3, 0],
      ]);
      const text = (await ward(['alert', 'status', 'WA-2026-0001'])).stdout;
      expect(text).toContain('overdue (1):');
      expect(text).toMatch(/F83001 Camden Health Centre\s+gp_practice\s+QMJ/);

      // The notifier escalates to the practice's ICB (e-mail) and region (signed webhook), once.
      receiverClock.set(new Date(plus(49)));
      const pass = await json(['notify', 'run']);
      expect(pass.queued).toMatchObject({ escalations: 2 });
      expect(pass.delivery).toMatchObject({ dead: 0, retrying: 0 });
      const escalation = smtp.mails.find((m) => m.to === 'cyber@ncl-icb.example');
      expect(escalation?.subject).toBe(
        'Overdue: 1 organisation under North Central London ICB has not acknowledged WA-2026-0001 (CRITICAL) WannaCry: Windows file sharing (SMBv1) flaw',
      );
      expect(escalation?.text).toContain(
        'Camden Health Centre (F83001): was due Thursday 14 May 2026 at 10:00 UK time',
      );
      const regional = hook.calls.find((c) => c.event === 'alert.escalation');
      expect(regional?.status).toBe(200);
      expect(regional?.body).toMatchObject({
        to: 'soc@london-region.example',
        organisation: { code: 'Y56' },
      });
      const listed = await json(['notify', 'list', '--kind', 'escalation']);
      expect(listed.map((m: { org: string; status: string }) => [m.org, m.status])).toEqual([
        ['QMJ', 'delivered'],
        ['Y56', 'delivered'],
      ]);
      expect((await json(['notify', 'run'])).queued.escalations).toBe(0);
      const list = await json(['alert', 'list', '--open']);
      expect(list).toEqual([
        expect.objectContaining({ reference: 'WA-2026-0001', targets: 4, overdue: 1, acknowledged: 3 }),
      ]);
      delete env.WARD_NOW;
    }, 180_000);
  });
}
