/**
 * The B4 auto-evidence rules on hand-built organisations with known figures: how fast known-exploited
 * findings are fixed, how long "act" findings wait, and devices on products past their end of support.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { setOutcome, showAssessment } from '../../src/services/baseline/assessment.service.js';
import { computeEvidence } from '../../src/services/baseline/evidence.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { BASELINE_YEAR, loadShippedBaseline } from '../factories/baseline.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import {
  importCsv,
  inventoryCsv,
  SERVER_2008_R2_SP1,
  SMB1,
  WIN7_SP1,
} from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const NOW = new Date();
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

async function evidence(database: Database, org: string, outcome: string, rule: string) {
  const view = await showAssessment(database, ADMIN_CLI, org, BASELINE_YEAR);
  return view.outcomes.find((o) => o.id === outcome)?.evidence.find((e) => e.rule === rule);
}

/** The organisation's open confirmed KEV findings, in a fixed order. */
async function kevFindings(database: Database, org: string) {
  const { rows } = await sql<{ component_id: number; cve_id: string }>`
    SELECT f.component_id, f.cve_id FROM findings f
    JOIN organisations o ON o.id = f.org_id JOIN kev_entries k ON k.cve_id = f.cve_id
    WHERE o.code = ${org} AND f.status = 'open' AND f.certainty = 'confirmed'
    ORDER BY f.cve_id, f.component_id`.execute(database.db);
  return rows;
}

/** Sets one finding's dates (and fixes it when `fixedAt` is given). */
async function setFinding(
  database: Database,
  org: string,
  f: { component_id: number; cve_id: string },
  firstSeen: Date,
  fixedAt: Date | null,
) {
  await sql`
    UPDATE findings SET first_seen = ${firstSeen}, fixed_at = ${fixedAt},
      status = ${fixedAt ? 'fixed' : 'open'}
    WHERE org_id = (SELECT id FROM organisations WHERE code = ${org})
      AND component_id = ${f.component_id} AND cve_id = ${f.cve_id}`.execute(database.db);
}

describeEachEngine('baseline auto-evidence: B4.d fixing, B4.b end of life', (db) => {
  let rj7Kev = 0;
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await loadShippedBaseline(db());
    // RJ7: two Windows 7 PCs (one internet-facing, so its known-exploited findings are "act"),
    // a Server 2008 R2 file server and a PC running only an in-house application.
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'PC-1', components: [WIN7_SP1, SMB1] },
        { id: 'PC-2', components: [WIN7_SP1, SMB1], internetFacing: true },
        { id: 'FS-1', components: [SERVER_2008_R2_SP1] },
        { id: 'PC-3', components: ['example-vendor,in-house-portal,1.0'] },
      ]),
    );
    // RAL: one device on nothing the end-of-life table names.
    await importCsv(
      db(),
      'RAL',
      inventoryCsv([{ id: 'PC-9', components: ['example-vendor,in-house-portal,1.0'] }]),
    );
    // H85001: one internet-facing Windows 7 PC whose known-exploited findings are fixed at known speeds.
    await importCsv(
      db(),
      'H85001',
      inventoryCsv([{ id: 'GP-1', components: [WIN7_SP1, SMB1], internetFacing: true }]),
    );

    const gp = await kevFindings(db(), 'H85001');
    expect(gp.length).toBeGreaterThanOrEqual(5);
    const [a, b, c, d, ...open] = gp as [(typeof gp)[0], (typeof gp)[0], (typeof gp)[0], (typeof gp)[0]];
    // Fixed in the last year after 5, 9 and 30 days (median 9); one fixed 400 days ago after 100 days (outside).
    await setFinding(db(), 'H85001', a, daysAgo(65), daysAgo(60));
    await setFinding(db(), 'H85001', b, daysAgo(29), daysAgo(20));
    await setFinding(db(), 'H85001', c, daysAgo(40), daysAgo(10));
    await setFinding(db(), 'H85001', d, daysAgo(500), daysAgo(400));
    // Its device is internet-facing, so every open KEV finding is "act": all but one first seen 20 days ago.
    for (const [i, f] of open.entries()) await setFinding(db(), 'H85001', f, daysAgo(i === 0 ? 3 : 20), null);

    // RJ7: a finding is per component, so PC-2 (internet-facing) makes every Windows 7 and SMBv1
    // known-exploited finding "act"; all were first seen today.
    rj7Kev = (await kevFindings(db(), 'RJ7')).length;
    await computeEvidence(db().db, { all: true }, NOW);
  });

  it('B4.d: median days from a KEV finding opening to its fix, over fixes in the last 12 months', async () => {
    expect(await evidence(db(), 'H85001', 'B4.d', 'kev_fix_days')).toMatchObject({
      figure: 9,
      unit: 'days',
      suggestedLevel: 'Achieved',
      details: { fixedInLast12Months: 3, medianDays: 9 },
    });
    // Nothing fixed: nothing to measure.
    expect(await evidence(db(), 'RJ7', 'B4.d', 'kev_fix_days')).toMatchObject({
      figure: null,
      suggestedLevel: null,
      details: { fixedInLast12Months: 0 },
    });
  });

  it('B4.d: share of open "act" findings older than 14 days', async () => {
    const gpOpen = (await kevFindings(db(), 'H85001')).length;
    const older = gpOpen - 1;
    expect(await evidence(db(), 'H85001', 'B4.d', 'act_older_14d')).toMatchObject({
      figure: Math.round((1000 * older) / gpOpen) / 10,
      suggestedLevel: 'Not achieved',
      details: { openAct: gpOpen, olderThan14Days: older },
    });
    // RJ7's "act" findings (those on PC-2, internet-facing) were all first seen today.
    const rj7 = await evidence(db(), 'RJ7', 'B4.d', 'act_older_14d');
    expect(rj7).toMatchObject({ figure: 0, suggestedLevel: 'Achieved', details: { olderThan14Days: 0 } });
    const openAct = (rj7?.details as { openAct?: number } | undefined)?.openAct ?? 0;
    expect(openAct).toBeGreaterThan(0);
    expect(openAct).toBeLessThanOrEqual(rj7Kev);
    // No "act" finding at all: nothing to measure.
    expect(await evidence(db(), 'RAL', 'B4.d', 'act_older_14d')).toMatchObject({
      figure: null,
      details: { openAct: 0 },
    });
  });

  it('B4.b: share of devices on products past their end of support, by product with date and source', async () => {
    expect(await evidence(db(), 'RJ7', 'B4.b', 'unsupported_products')).toMatchObject({
      figure: 75,
      suggestedLevel: 'Not achieved',
      details: {
        devices: 4,
        onUnsupportedProducts: 3,
        byProduct: [
          {
            key: 'o:microsoft:windows_7',
            product: 'Windows 7',
            endOfSupport: '2020-01-14',
            devices: 2,
            source: expect.stringMatching(/^https:\/\//),
          },
          { key: 'o:microsoft:windows_server_2008', endOfSupport: '2020-01-14', devices: 1 },
        ],
      },
    });
    expect(await evidence(db(), 'RAL', 'B4.b', 'unsupported_products')).toMatchObject({
      figure: 0,
      suggestedLevel: 'Achieved',
      details: { devices: 1, onUnsupportedProducts: 0, byProduct: [] },
    });
    // No devices: nothing to measure.
    expect(await evidence(db(), 'QWE', 'B4.b', 'unsupported_products')).toMatchObject({ figure: null });
  });

  it('flags an Achieved claim on B4.b that the end-of-life figure contradicts', async () => {
    const view = await setOutcome(db(), ADMIN_CLI, 'RAL', BASELINE_YEAR, 'B4.b', { level: 'Achieved' });
    const ral = view.outcomes
      .find((o) => o.id === 'B4.b')
      ?.evidence.find((e) => e.rule === 'unsupported_products');
    expect(ral?.contradicted).toBe(false);
    const claimed = await setOutcome(db(), ADMIN_CLI, 'RJ7', BASELINE_YEAR, 'B4.b', { level: 'Achieved' });
    const rj7 = claimed.outcomes
      .find((o) => o.id === 'B4.b')
      ?.evidence.find((e) => e.rule === 'unsupported_products');
    expect(rj7).toMatchObject({ suggestedLevel: 'Not achieved', contradicted: true });
  });
});
