/**
 * The baseline summary's year-on-year trend and its organisations not started: a practice
 * publishes 2025 meeting its profile, starts 2026 from it and falls short on one outcome; its ICB's
 * summary compares 2026 with 2025, counts the practices that have not started per outcome and shows
 * a heat-map row for a child where nobody has started.
 */
import { beforeAll, expect, it } from 'vitest';
import { setOutcome, submitAssessment } from '../../src/services/baseline/assessment.service.js';
import {
  publishAssessment,
  reviewAssessment,
} from '../../src/services/baseline/assessment-review.service.js';
import { baselineSummary } from '../../src/services/baseline/summary.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { answerAll, loadShippedBaseline } from '../factories/baseline.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const BEFORE_DEADLINE = { deadline: '2099-06-30' };

describeEachEngine('baseline summary: trend and organisations not started', (db) => {
  let outcomes: string[] = [];
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedBaseline(db());
    const view = await answerAll(db(), 'H85001', ADMIN_CLI, 2025);
    outcomes = view.outcomes.map((o) => o.id);
    await submitAssessment(db(), ADMIN_CLI, 'H85001', 2025);
    await reviewAssessment(
      db(),
      ADMIN_CLI,
      'H85001',
      2025,
      outcomes.map((outcome) => ({ outcome, verdict: 'agree' as const, comment: null })),
    );
    await publishAssessment(db(), ADMIN_CLI, 'H85001', 2025);
    // 2026 starts from the published 2025 answers; B4.d falls to Not achieved.
    await setOutcome(db(), ADMIN_CLI, 'H85001', 2026, 'B4.d', { level: 'Not achieved' });
  });

  it('compares the share meeting profile with the last published year, per outcome and overall', async () => {
    const s = await baselineSummary(db(), ADMIN_CLI, 'QWE', 2026, BEFORE_DEADLINE);
    const n2026 = s.outcomes.reduce((n, o) => n + o.meets + o.oneShort + o.misses, 0);
    expect(s.trend.year).toBe(2026);
    expect(s.trend.previousYear).toBe(2025);
    expect(s.trend.overall.previousShare).toBe(100);
    expect(s.trend.overall.share).toBe(Math.round((1000 * (n2026 - 1)) / n2026) / 10);
    const b4d = s.trend.outcomes.find((o) => o.outcomeId === 'B4.d');
    expect(b4d).toEqual({ outcomeId: 'B4.d', share: 0, previousShare: 100, change: -100 });
    const a = s.trend.outcomes.find((o) => o.outcomeId !== 'B4.d' && o.share !== null);
    expect(a).toMatchObject({ share: 100, previousShare: 100, change: 0 });
    // 2025 has nothing published before it.
    const first = await baselineSummary(db(), ADMIN_CLI, 'QWE', 2025, BEFORE_DEADLINE);
    expect(first.trend).toMatchObject({ previousYear: null, overall: { share: 100, previousShare: null } });
  });

  it('counts organisations not started, per outcome and in the heat-map, not as answers', async () => {
    const s = await baselineSummary(db(), ADMIN_CLI, 'QWE', 2026, BEFORE_DEADLINE);
    // Under QWE: itself (ICB), RJ7 (trust), H85002 (practice) and FA123 (pharmacy) have not started.
    expect(s.submission).toMatchObject({ not_started: 4, draft: 1 });
    const b4d = s.outcomes.find((o) => o.outcomeId === 'B4.d');
    expect(b4d).toMatchObject({ frameworkId: 'caf-4.0-e', meets: 0, oneShort: 1, misses: 0, notStarted: 4 });
    const rows = new Map(s.children.map((c) => [c.code, c]));
    expect([...rows.keys()]).toEqual(['FA123', 'H85001', 'H85002', 'RJ7']);
    expect(rows.get('RJ7')).toMatchObject({ organisations: 1, notStarted: 1 });
    expect(rows.get('RJ7')?.outcomes).toHaveLength(49); // CAF 4.0 + objective E in 2026
    expect(
      rows.get('RJ7')?.outcomes.every((o) => o.notStarted === 1 && o.meets + o.oneShort + o.misses === 0),
    ).toBe(true);
    expect(rows.get('H85001')).toMatchObject({ organisations: 1, notStarted: 0 });
    expect(rows.get('H85001')?.outcomes).toHaveLength(outcomes.length);
    // After the deadline, not started counts as overdue.
    const late = await baselineSummary(db(), ADMIN_CLI, 'QWE', 2026, {
      deadline: '2026-06-30',
      now: new Date('2027-07-01'),
    });
    expect(late.submission).toMatchObject({ not_started: 0, draft: 0, overdue: 5 });
  });

  it('gives the national heat-map by ICB: every ICB of the subtree a row, its subtree counted', async () => {
    const byChildren = await baselineSummary(db(), ADMIN_CLI, null, 2026, BEFORE_DEADLINE);
    expect(byChildren.children.map((c) => c.code)).toEqual(['Y56', 'Y63']);
    const byIcb = await baselineSummary(db(), ADMIN_CLI, null, 2026, {
      ...BEFORE_DEADLINE,
      heatMapRows: { kind: 'icb' },
    });
    expect(byIcb.children.map((c) => c.code)).toEqual(['QHM', 'QMJ', 'QWE']);
    const qwe = byIcb.children.find((c) => c.code === 'QWE');
    const direct = await baselineSummary(db(), ADMIN_CLI, 'QWE', 2026, BEFORE_DEADLINE);
    // The ICB's row is its whole subtree: the same counts as its own summary.
    expect(qwe?.organisations).toBe(direct.organisations);
    expect(qwe?.notStarted).toBe(direct.submission.not_started);
    expect(qwe?.outcomes.find((o) => o.outcomeId === 'B4.d')).toMatchObject({ oneShort: 1, notStarted: 4 });
    // Below an ICB there are no ICBs: an empty heat-map, not the children.
    const under = await baselineSummary(db(), ADMIN_CLI, 'RJ7', 2026, {
      ...BEFORE_DEADLINE,
      heatMapRows: { kind: 'icb' },
    });
    expect(under.children).toEqual([]);
  });
});
