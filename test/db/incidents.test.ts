/**
 * Incidents through the services on both engines: a practice reports a phishing incident with its
 * own assets and a sender address; bad reports write nothing; the hierarchy and explicit sharing
 * decide who reads it; the lifecycle refuses wrong moves and wrong sides; reporting deadlines move
 * with an injected clock; an indicator is shared as GREEN, sighted, matched against a second
 * incident; an alert raised from the incident reaches exactly the organisations it should.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.js';
import { fixedClock, HOUR_MS } from '../../src/domain/alerts/clock.js';
import { InvalidInputError } from '../../src/errors.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  type IncidentReportInput,
  listIncidents,
  reportIncident,
  showIncident,
} from '../../src/services/incident/incident.service.js';
import {
  triageIncident,
  updateIncidentTimeline,
} from '../../src/services/incident/incident-lifecycle.service.js';
import {
  alertFromIncident,
  shareIncidentIndicator,
} from '../../src/services/incident/incident-share.service.js';
import { sightIndicator } from '../../src/services/sharing/indicator.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, peopleActors } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const TABLES = [
  'incidents',
  'incident_counters',
  'incident_assets',
  'incident_indicators',
  'incident_updates',
  'marked_orgs',
  'indicators',
  'audit_log',
];
const DETECTED = new Date('2026-05-04T08:00:00Z');
const hours = (h: number) => new Date(DETECTED.getTime() + h * HOUR_MS);

function phishing(org = 'H85001'): IncidentReportInput {
  return {
    org,
    title: 'Staff clicked a fake invoice link',
    summary: 'Two receptionists entered their passwords on a fake sign-in page from an invoice e-mail.',
    category: 'Phishing',
    startedAt: '2026-05-04T07:30:00Z',
    detectedAt: DETECTED.toISOString(),
    assets: [`${org}-PC1`, `${org.toLowerCase()}-pc2`],
    patientImpact: { delayed: 4 },
    personalData: false,
    indicators: [
      { value: 'invoices@evil-supplier[.]example', note: 'sender' },
      { value: 'hxxps://evil-supplier[.]example/login', type: 'url' },
      { value: '203.0.113.9' },
    ],
    helpRequested: 'Tell us whether others got the same e-mail.',
  };
}

describeEachEngine('incidents', (db) => {
  const at = new Map<string, Actor>();
  const who = (name: string) => at.get(name) as Actor;
  const readers = async (reference: string) => {
    const out: string[] = [];
    for (const name of at.keys())
      if ((await listIncidents(db(), who(name))).some((i) => i.reference === reference)) out.push(name);
    return out;
  };
  let ref = '';

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    for (const org of ['H85001', 'H85002'])
      await importCsv(
        db(),
        org,
        inventoryCsv([
          { id: `${org}-PC1`, components: [WIN7_SP1] },
          { id: `${org}-PC2`, components: [WIN7_SP1] },
        ]),
      );
    const people = [
      ['pm1', 'H85001', 'responder'],
      ['pm1_viewer', 'H85001', 'viewer'],
      ['pm2', 'H85002', 'responder'],
      ['icb', 'QWE', 'responder'],
      ['other_icb', 'QMJ', 'viewer'],
      ['other_region', 'A84001', 'responder'],
      ['centre', 'X26', 'national_analyst'],
    ] as const;
    for (const [name, actor] of await peopleActors(db(), people)) at.set(name, actor);
  });

  it('refuses a bad report with every problem and writes nothing', async () => {
    const before = await snapshotTables(db(), TABLES);
    const bad = {
      ...phishing(),
      category: 'burglary',
      startedAt: 'yesterday',
      detectedAt: '2027-01-01T00:00:00Z',
      assets: ['H85001-PC1', 'H85002-PC1', 'no-such-pc'],
      patientImpact: { cancelled: -1 },
      indicators: [{ value: 'not an indicator' }, { value: '203.0.113.9' }],
      shareWith: { orgs: ['NOPE'] },
    };
    const error = await reportIncident(db(), who('pm1'), bad, { now: hours(1) }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => p.field)).toEqual([
      'category',
      'startedAt',
      'detectedAt',
      'patientImpact.cancelled',
      'indicators[0]',
      'assets',
      'shareWith',
    ]);
    expect((error as InvalidInputError).problems.find((p) => p.field === 'assets')?.reason).toBe(
      "not in H85001's inventory: H85002-PC1, no-such-pc (name its own assets by id, host name or asset key)",
    );
    // A viewer may not report, nor may anyone for an organisation outside their scope.
    await expect(reportIncident(db(), who('pm1_viewer'), phishing(), { now: hours(1) })).rejects.toThrow(
      /may not write on H85001/,
    );
    await expect(reportIncident(db(), who('pm2'), phishing(), { now: hours(1) })).rejects.toThrow(
      /no organisation H85001/,
    );
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('reports an incident with its own assets and indicators in canonical form', async () => {
    const reported = await reportIncident(db(), who('pm1'), phishing(), { now: hours(30) });
    ref = reported.reference;
    expect(reported).toMatchObject({
      reference: 'INC-2026-000001',
      org: 'H85001',
      status: 'reported',
      assets: 2,
    });
    expect(reported.indicators.map((i) => [i.type, i.value])).toEqual([
      ['email', 'invoices@evil-supplier.example'],
      ['url', 'https://evil-supplier.example/login'],
      ['ipv4', '203.0.113.9'],
    ]);
    const shown = await showIncident(db(), who('pm1'), ref.toLowerCase(), hours(31));
    expect(shown).toMatchObject({
      category: 'phishing',
      patientImpact: { delayed: 4, cancelled: 0, diverted: 0, summary: 'delayed 4' },
      sides: ['reporter'],
      sharedWith: { orgs: [], groups: [] },
    });
    expect(shown.assets.map((a) => a.assetKey)).toEqual(['H85001-PC1', 'H85001-PC2']);
    expect(shown.timeline).toEqual([
      expect.objectContaining({ kind: 'report', org: 'H85001', author: 'user:pm1', toStatus: 'reported' }),
    ]);
  });

  it('is read up its line of hierarchy and by those it is shared with, not by siblings', async () => {
    expect(await readers(ref)).toEqual(['pm1', 'pm1_viewer', 'icb', 'centre']);
    await expect(showIncident(db(), who('pm2'), ref)).rejects.toThrow(/no incident INC-2026-000001/);
    await expect(showIncident(db(), who('other_region'), ref)).rejects.toThrow(/no incident/);
    // The centre shares it with the North Central London ICB's subtree on triage.
    await triageIncident(
      db(),
      who('centre'),
      ref,
      { severity: 'high', leadAnalyst: 'centre', significant: true, shareWith: { orgs: ['under:QMJ'] } },
      hours(32),
    );
    expect(await readers(ref)).toEqual(['pm1', 'pm1_viewer', 'icb', 'other_icb', 'centre']);
    const shared = await showIncident(db(), who('other_icb'), ref, hours(33));
    expect(shared.sides).toEqual([]);
    expect(shared.sharedWith).toBeNull();
    await expect(
      updateIncidentTimeline(db(), who('other_icb'), ref, { text: 'we saw it too' }, hours(33)),
    ).rejects.toThrow(/may read INC-2026-000001 but not write to it/);
  });

  it('moves through its lifecycle on the right side only, with a timeline from both sides', async () => {
    // Triaged above: the reporter cannot triage, nor skip ahead, nor reopen.
    await expect(
      triageIncident(db(), who('pm1'), ref, { severity: 'low', leadAnalyst: 'me', significant: false }),
    ).rejects.toThrow(/only the national centre triages/);
    await updateIncidentTimeline(
      db(),
      who('pm1'),
      ref,
      { text: 'Passwords reset.', status: 'contained' },
      hours(40),
    );
    await expect(
      updateIncidentTimeline(db(), who('pm1'), ref, { status: 'triaged' }, hours(41)),
    ).rejects.toThrow(/triage it instead/);
    await updateIncidentTimeline(db(), who('icb'), ref, { status: 'closed' }, hours(41));
    await expect(
      updateIncidentTimeline(db(), who('pm1'), ref, { status: 'triaged' }, hours(42)),
    ).rejects.toThrow(/only the national centre reopens a closed incident/);
    await expect(
      updateIncidentTimeline(db(), who('pm1'), ref, { status: 'contained' }, hours(42)),
    ).rejects.toThrow(/a closed incident cannot become contained \(it can become triaged\)/);
    const reopened = await updateIncidentTimeline(
      db(),
      who('centre'),
      ref,
      { text: 'The same sender is back.', status: 'triaged' },
      hours(43),
    );
    expect(reopened).toMatchObject({ status: 'triaged', fromStatus: 'closed', toStatus: 'triaged' });
    const shown = await showIncident(db(), who('pm1'), ref, hours(44));
    expect(shown.timeline.map((t) => [t.kind, t.org, t.fromStatus, t.toStatus])).toEqual([
      ['report', 'H85001', null, 'reported'],
      ['triage', 'X26', 'reported', 'triaged'],
      ['note', 'H85001', 'triaged', 'contained'],
      // The ICB closes it speaking for the reporting side.
      ['status', 'H85001', 'contained', 'closed'],
      ['note', 'X26', 'closed', 'triaged'],
    ]);
    expect(shown).toMatchObject({
      status: 'triaged',
      severity: 'high',
      significant: true,
      leadAnalyst: 'centre',
    });
  });

  it('shows reporting deadlines as due, overdue and met from the injected clock', async () => {
    const before = (await listIncidents(db(), who('pm1'), {}, hours(71))).find((i) => i.reference === ref);
    // Reported 30 hours after detection: the 24-hour initial report was late; the full report is due at 72 hours.
    expect(before?.deadlines.map((d) => [d.id, d.state, d.dueAt])).toEqual([
      ['initial-report', 'met_late', hours(24).toISOString()],
      ['full-report', 'due', hours(72).toISOString()],
    ]);
    expect(before?.overdue).toBe(false);
    const late = (await listIncidents(db(), who('pm1'), { status: 'triaged' }, hours(72))).find(
      (i) => i.reference === ref,
    );
    expect(late?.deadlines[1]?.state).toBe('overdue');
    expect(late?.overdue).toBe(true);
    await updateIncidentTimeline(
      db(),
      who('pm1'),
      ref,
      { kind: 'full report', text: 'Root cause: no MFA on webmail.' },
      hours(70),
    );
    const met = await showIncident(db(), who('pm1'), ref, hours(100));
    expect(met.deadlines[1]).toMatchObject({ state: 'met', metAt: hours(70).toISOString() });
    expect(met.overdue).toBe(false);
  });

  it('shares an indicator as GREEN, counts its sightings and matches it on a later incident', async () => {
    await expect(
      shareIncidentIndicator(db(), who('other_icb'), ref, {
        indicator: 'invoices@evil-supplier.example',
        tlp: 'GREEN',
      }),
    ).rejects.toThrow(/may read .* but not write/);
    const shared = await shareIncidentIndicator(
      db(),
      who('centre'),
      ref,
      { indicator: 'invoices@evil-supplier[.]example', tlp: 'TLP:GREEN' },
      hours(50),
    );
    expect(shared.indicator).toMatchObject({ type: 'email', tlp: 'GREEN', producer: 'X26' });
    const row = await db()
      .db.selectFrom('indicators')
      .select(['source', 'producer_org_id'])
      .where('id', '=', shared.indicator.id)
      .executeTakeFirstOrThrow();
    expect(row.source).toBe('incident:INC-2026-000001');
    // The reporter shares the address AMBER+STRICT: its own; the centre does not see it.
    await shareIncidentIndicator(
      db(),
      who('pm1'),
      ref,
      { indicator: '203.0.113.9', tlp: 'AMBER+STRICT' },
      hours(51),
    );

    await sightIndicator(db(), who('pm2'), shared.indicator.id, 'H85002');
    await sightIndicator(db(), who('other_region'), shared.indicator.id, 'A84001', { count: 2 });
    await sightIndicator(db(), who('pm1'), shared.indicator.id, 'H85001');
    const page = await showIncident(db(), who('pm1'), ref, hours(52));
    expect(page.indicators.map((i) => [i.value, i.shared?.tlp ?? null, i.shared?.sightedBy ?? null])).toEqual(
      [
        ['invoices@evil-supplier.example', 'GREEN', 3],
        ['203.0.113.9', 'AMBER+STRICT', 0],
        ['https://evil-supplier.example/login', null, null],
      ],
    );
    const centre = await showIncident(db(), who('centre'), ref, hours(52));
    expect(centre.indicators[1]?.shared).toBeNull();
    expect(centre.timeline.filter((t) => t.kind === 'share').map((t) => t.org)).toEqual(['X26', 'H85001']);

    // A second practice reports the same sender: it sees the GREEN indicator; the centre sees both incidents.
    const second = await reportIncident(
      db(),
      who('pm2'),
      {
        ...phishing('H85002'),
        indicators: [{ value: 'INVOICES@evil-supplier.example' }, { value: '203.0.113.9' }],
      },
      { now: hours(60) },
    );
    expect(second.indicators.map((i) => i.matches)).toEqual([
      { shared: [{ id: shared.indicator.id, producer: 'X26', tlp: 'GREEN' }], incidents: [] },
      { shared: [], incidents: [] },
    ]);
    const seen = await showIncident(db(), who('centre'), second.reference, hours(61));
    expect(seen.indicators.map((i) => i.matches.incidents)).toEqual([
      [{ reference: ref, org: 'H85001' }],
      [{ reference: ref, org: 'H85001' }],
    ]);
  });

  describe('an alert raised from the incident', () => {
    const ctx = (a: Actor) => ({ actor: a, clock: fixedClock(hours(80)), render: { publicUrl: null } });
    const targetsOf = async (reference: string) =>
      (
        await db()
          .db.selectFrom('alert_targets as t')
          .innerJoin('alerts as a', 'a.id', 't.alert_id')
          .innerJoin('organisations as o', 'o.id', 't.org_id')
          .select('o.code')
          .where('a.reference', '=', reference)
          .orderBy('o.code')
          .execute()
      ).map((r) => r.code);

    it('is national work, and needs targets when it names no CVE', async () => {
      await expect(alertFromIncident(db(), ctx(who('pm1')), ref, { action: 'Block it' })).rejects.toThrow(
        /may not raise alerts/,
      );
      await expect(alertFromIncident(db(), ctx(who('centre')), ref, { action: 'Block it' })).rejects.toThrow(
        /cves: name the vulnerabilities/,
      );
    });

    it('reaches the organisations targeted plus those that sighted its shared indicators', async () => {
      const raised = await alertFromIncident(db(), ctx(who('centre')), ref, {
        action: 'Block the sender and reset passwords of anyone who clicked.',
        targets: ['org:RAL'],
        sighters: true,
      });
      expect(raised.targets).toEqual(['org:RAL', 'org:A84001', 'org:H85001', 'org:H85002']);
      expect(raised.attached).toEqual([
        { type: 'email', value: 'invoices@evil-supplier.example', tlp: 'GREEN' },
      ]);
      expect(raised.leftOut.map((l) => l.value)).toEqual([
        '203.0.113.9',
        'https://evil-supplier.example/login',
      ]);
      const reference = raised.alert?.reference as string;
      expect(await targetsOf(reference)).toEqual(['A84001', 'H85001', 'H85002', 'RAL']);
      const alert = await db()
        .db.selectFrom('alerts')
        .select(['title', 'severity', 'action', 'cves'])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(alert).toMatchObject({ title: `Phishing incident ${ref}`, severity: 'high', cves: [] });
      expect(alert.action).toContain('- email invoices@evil-supplier.example (TLP:GREEN)');
      expect(alert.action).not.toContain('203.0.113.9');
      const page = await showIncident(db(), who('pm1'), ref, hours(81));
      expect(page.timeline.at(-1)).toMatchObject({
        kind: 'alert',
        org: 'X26',
        text: `Alert ${reference} issued to 4 organisations`,
      });

      const onlyKind = await alertFromIncident(db(), ctx(who('centre')), ref, {
        action: 'Check your mail logs.',
        targets: ['kind:gp_practice+under:QWE'],
      });
      expect(await targetsOf(onlyKind.alert?.reference as string)).toEqual(['H85001', 'H85002']);
    });

    it('makes a draft for review instead, once per incident', async () => {
      const drafted = await alertFromIncident(db(), ctx(who('centre')), ref, {
        action: 'Block the sender.',
        targets: ['all'],
        draft: true,
      });
      expect(drafted).toMatchObject({ alert: null, draft: { id: expect.any(String) }, targets: ['all'] });
      const row = await db()
        .db.selectFrom('alert_drafts')
        .select(['trigger', 'trigger_key', 'targets', 'cves'])
        .where('id', '=', drafted.draft?.id as string)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ trigger: 'incident', trigger_key: ref, targets: ['all'], cves: [] });
      await expect(
        alertFromIncident(db(), ctx(who('centre')), ref, { action: 'again', targets: ['all'], draft: true }),
      ).rejects.toThrow(/already has an alert draft/);
    });
  });
});
