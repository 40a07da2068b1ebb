import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { HOUR_MS, manualClock } from '../../src/domain/alerts/clock.js';
import { issueAlert, respondToAlert } from '../../src/services/alerts/index.js';
import {
  setOutcome,
  showAssessment,
  submitAssessment,
} from '../../src/services/baseline/assessment.service.js';
import { computeEvidence, storedEvidence } from '../../src/services/baseline/evidence.service.js';
import { importTraining } from '../../src/services/baseline/training.service.js';
import { addException } from '../../src/services/exposure/exception.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { answerAll, BASELINE_YEAR, loadShippedBaseline } from '../factories/baseline.factory.js';
import { alertContext } from '../factories/contact.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const Y = BASELINE_YEAR;
const NOW = new Date();

/** The evidence item of a rule on an outcome of the organisation's assessment view. */
async function evidence(
  db: Parameters<typeof showAssessment>[0],
  org: string,
  outcome: string,
  rule: string,
) {
  const view = await showAssessment(db, ADMIN_CLI, org, Y);
  return view.outcomes.find((o) => o.id === outcome)?.evidence.find((e) => e.rule === rule);
}

describeEachEngine('baseline auto-evidence', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await loadShippedBaseline(db());
    // RJ7: two Windows 7 PCs with SMBv1 (WannaCry, in KEV with a due date long past) and one
    // internet-facing appliance running only software no CVE names; the inventory CSV gives no
    // operating system column, so OS is unknown for all.
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'PC-1', components: [WIN7_SP1, SMB1] },
        { id: 'PC-2', components: [WIN7_SP1, SMB1], internetFacing: true },
        { id: 'PC-3', components: ['example-vendor,in-house-portal,1.0'], internetFacing: true },
      ]),
    );
    // RAL: the same flaw, accepted under an exception with compensating controls.
    await importCsv(db(), 'RAL', inventoryCsv([{ id: 'PC-9', components: [WIN7_SP1, SMB1] }]));
    await addException(db(), SYSTEM_ACTOR, {
      org: 'RAL',
      cve: 'CVE-2017-0144',
      reason: 'cannot patch the imaging workstation',
      controls: 'port 445 blocked, isolated VLAN',
      expires: '2099-01-01',
    });
    // A critical alert 5 days ago: RJ7 acknowledges after 2 hours, RAL never does.
    const clock = manualClock(new Date(NOW.getTime() - 5 * 24 * HOUR_MS));
    const ctx = alertContext(clock);
    const issued = await issueAlert(db(), ctx, {
      title: 'WannaCry',
      severity: 'critical',
      action: 'Patch MS17-010',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['org:RJ7', 'org:RAL'],
    });
    clock.advance(2 * HOUR_MS);
    await respondToAlert(db(), ctx, { reference: issued.reference, orgs: ['RJ7'], status: 'acknowledged' });
    await computeEvidence(db().db, { all: true }, NOW);
  });

  it('B4.d: counts open KEV findings past due; an exception counts as mitigated, not past due', async () => {
    const rj7 = await evidence(db(), 'RJ7', 'B4.d', 'kev_past_due');
    const ral = await evidence(db(), 'RAL', 'B4.d', 'kev_past_due');
    expect(rj7?.figure).toBeGreaterThan(0);
    expect(rj7?.details).toMatchObject({ mitigatedByException: 0 });
    expect(ral?.details).toMatchObject({ mitigatedByException: 1 });
    expect(ral?.figure).toBe((rj7?.figure ?? 0) - 1);
    expect(rj7?.link).toBe('/api/v1/findings?org=RJ7&kev=true');
    expect(rj7?.computedAt).toBe(NOW.toISOString());
  });

  it('B4.d: share of high and critical alerts acknowledged within the deadline, and alerts overdue now', async () => {
    expect(await evidence(db(), 'RJ7', 'B4.d', 'alert_ack_48h')).toMatchObject({
      figure: 100,
      suggestedLevel: 'Achieved',
    });
    expect(await evidence(db(), 'RJ7', 'B4.d', 'alerts_overdue')).toMatchObject({ figure: 0 });
    expect(await evidence(db(), 'RAL', 'B4.d', 'alert_ack_48h')).toMatchObject({
      figure: 0,
      suggestedLevel: 'Not achieved',
    });
    expect(await evidence(db(), 'RAL', 'B4.d', 'alerts_overdue')).toMatchObject({
      figure: 1,
      suggestedLevel: 'Partially achieved',
    });
    // Never targeted: nothing to measure, no suggestion.
    expect(await evidence(db(), 'QWE', 'B4.d', 'alert_ack_48h')).toMatchObject({
      figure: null,
      suggestedLevel: null,
    });
  });

  it('A3.a: devices seen within 30 days, and devices with unknown OS or model', async () => {
    expect(await evidence(db(), 'RJ7', 'A3.a', 'inventory_fresh')).toMatchObject({
      figure: 100,
      suggestedLevel: 'Achieved',
      details: { devices: 3, seenWithin30Days: 3 },
    });
    expect(await evidence(db(), 'RJ7', 'A3.a', 'inventory_unknown')).toMatchObject({
      figure: 100,
      suggestedLevel: 'Not achieved',
      details: { unknownOsOrModel: 3 },
    });
  });

  it('B4.b and B4.c: devices with SMBv1, and internet-facing devices with an open KEV finding', async () => {
    expect(await evidence(db(), 'RJ7', 'B4.b', 'smbv1')).toMatchObject({
      figure: 66.7,
      suggestedLevel: 'Not achieved',
      details: { devices: 3, withSmbv1: 2 },
    });
    // PC-2 is exposed to WannaCry; PC-3 faces the internet but has no KEV finding.
    expect(await evidence(db(), 'RJ7', 'B4.c', 'internet_facing_kev')).toMatchObject({
      figure: 1,
      suggestedLevel: 'Not achieved',
    });
    expect(await evidence(db(), 'RAL', 'B4.c', 'internet_facing_kev')).toMatchObject({
      figure: 0,
      suggestedLevel: 'Achieved',
    });
  });

  it('flags a claim the data contradicts', async () => {
    const view = await setOutcome(db(), ADMIN_CLI, 'RJ7', Y, 'B4.d', { level: 'Achieved' });
    const b4d = view.outcomes.find((o) => o.id === 'B4.d');
    expect(b4d?.evidence.find((e) => e.rule === 'kev_past_due')?.contradicted).toBe(true);
    expect(b4d?.evidence.find((e) => e.rule === 'alert_ack_48h')?.contradicted).toBe(false);
  });

  describe('B6.b training records', () => {
    it('rejects a bad file with every problem by line and writes nothing', async () => {
      const before = await snapshotTables(db(), ['training_records', 'baseline_evidence']);
      const csv = [
        'org_code,staff,trained_last_12_months,as_of',
        'RJ7,200,180,2026-03-31',
        'RJ7,0,0,2026-03-31',
        'H85001,10,12,2026-03-31',
        'NOPE1,10,5,2026-03-31',
        'H85002,10,5,31/03/2026',
      ].join('\n');
      await expect(importTraining(db(), ADMIN_CLI, 'training.csv', csv, NOW)).rejects.toMatchObject({
        problems: [
          { line: 3, reason: 'staff "0" is not a whole number above 0' },
          { line: 4, reason: 'trained_last_12_months 12 is more than staff 10' },
          { line: 5, reason: 'unknown organisation NOPE1' },
          { line: 6, reason: 'as_of "31/03/2026" is not a date (YYYY-MM-DD)' },
        ],
      });
      await expect(
        importTraining(
          db(),
          ADMIN_CLI,
          'training.csv',
          'org_code,staff,trained_last_12_months,as_of\nNOPE1,10,5,2026-03-31\n',
          NOW,
        ),
      ).rejects.toMatchObject({ problems: [{ line: 2, reason: 'unknown organisation NOPE1' }] });
      expect(await snapshotTables(db(), ['training_records', 'baseline_evidence'])).toEqual(before);
    });

    it('imports records and recomputes the share trained against 95 %', async () => {
      const csv =
        'org_code,staff,trained_last_12_months,as_of\nRJ7,200,150,2025-03-31\nRJ7,200,180,2026-03-31\nH85001,12,12,2026-03-31\n';
      expect(await importTraining(db(), ADMIN_CLI, 'training.csv', csv, NOW)).toMatchObject({
        rows: 3,
        organisations: 2,
      });
      expect(await evidence(db(), 'RJ7', 'B6.b', 'training')).toMatchObject({
        figure: 90,
        suggestedLevel: 'Partially achieved',
        details: { staff: 200, trained: 180, asOf: '2026-03-31' },
      });
      expect(await evidence(db(), 'H85001', 'B6.b', 'training')).toMatchObject({
        figure: 100,
        suggestedLevel: 'Achieved',
      });
    });
  });

  it('keeps the figures as of submission once submitted', async () => {
    await answerAll(db(), 'H85001');
    const submitted = await submitAssessment(db(), ADMIN_CLI, 'H85001', Y);
    expect(submitted.outcomes.find((o) => o.id === 'B6.b')?.evidence[0]).toMatchObject({ figure: 100 });
    await importTraining(
      db(),
      ADMIN_CLI,
      'later.csv',
      'org_code,staff,trained_last_12_months,as_of\nH85001,12,6,2026-04-30\n',
      new Date(NOW.getTime() + 1000),
    );
    expect(await evidence(db(), 'H85001', 'B6.b', 'training')).toMatchObject({ figure: 100 });
    const { rows } = await sql<{ id: string }>`SELECT id FROM organisations WHERE code = 'H85001'`.execute(
      db().db,
    );
    const live = await storedEvidence(db().db, rows[0]?.id as string, 'H85001');
    expect(live.find((e) => e.rule === 'training')?.figure).toBe(50);
  });
});
