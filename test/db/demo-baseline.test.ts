/**
 * The demo's baselines, made through the real services on a small federation in the network's shape:
 * organisations in every state, the counts the summary gives, claims that Ward's own figures do not
 * contradict, reviews with a challenge where a claim is below profile, and nothing done twice.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { fixedClock } from '../../src/domain/alerts/clock.js';
import { issueAlert } from '../../src/services/alerts/index.js';
import { showAssessment } from '../../src/services/baseline/assessment.service.js';
import { baselineSummary } from '../../src/services/baseline/summary.service.js';
import { type DemoBaselines, seedDemoBaselines } from '../../src/services/demo/demo-baseline.service.js';
import { loadFederation } from '../../src/services/federation/federation-load.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const NOW = new Date('2026-12-04T09:30:00Z');

describeEachEngine('demo baselines', (db) => {
  let result: DemoBaselines | null;
  let states: Map<string, string>;
  beforeAll(async () => {
    await loadShippedIntel(db());
    await loadFederation(db(), {
      orgs: 300,
      devices: 3000,
      componentsPerDevice: 30,
      seed: 1,
      regions: 7,
      icbs: 42,
    });
    await issueAlert(
      db(),
      { actor: SYSTEM_ACTOR, clock: fixedClock(NOW), render: { publicUrl: null } },
      {
        title: 'SMBv1',
        severity: 'high',
        action: 'Patch',
        cves: ['CVE-2017-0144'],
        advisory: null,
        targets: [],
      },
    );
    result = await seedDemoBaselines(db(), NOW, { share: 0.2 });
    const rows = await sql<{ code: string; state: string }>`
      SELECT o.code, a.state FROM baseline_assessments a JOIN organisations o ON o.id = a.org_id`.execute(
      db().db,
    );
    states = new Map(rows.rows.map((r) => [r.code, r.state]));
  }, 300_000);

  it('leaves organisations in every state, as stored and as the summary counts them', async () => {
    expect(result).not.toBeNull();
    const r = result as DemoBaselines;
    expect(r.year).toBe(2026);
    for (const state of ['draft', 'submitted', 'reviewed', 'published', 'not_started'] as const)
      expect(r.organisations[state], state).toBeGreaterThan(0);
    for (const state of ['draft', 'submitted', 'reviewed', 'published'] as const)
      expect([...states.values()].filter((s) => s === state).length).toBe(r.organisations[state]);
    const summary = await baselineSummary(db(), ADMIN_CLI, null, r.year, { now: NOW });
    expect(summary.submission).toMatchObject(r.organisations);
    expect(summary.organisations).toBe(Object.values(r.organisations).reduce((a, b) => a + b, 0));
    expect(summary.children.length).toBeGreaterThan(1);
  });

  it("claims no level that Ward's own figures contradict, and challenges a claim below profile in review", async () => {
    let withEvidence = 0;
    for (const [code, state] of states) {
      const view = await showAssessment(db(), ADMIN_CLI, code, 2026);
      expect(view.state).toBe(state);
      for (const o of view.outcomes) {
        if (o.level !== null) expect(o.levels).toContain(o.level);
        expect(o.evidence.filter((e) => e.contradicted)).toEqual([]);
        if (o.level !== null && o.evidence.some((e) => e.suggestedLevel !== null)) withEvidence++;
        if (o.level !== null && o.standing !== 'meets') expect(o.action).not.toBeNull();
      }
      if (state === 'reviewed' || state === 'published') {
        expect(view.outcomes.every((o) => o.review !== null)).toBe(true);
        const below = view.outcomes.find((o) => o.standing !== 'meets');
        expect(view.outcomes.filter((o) => o.review?.verdict === 'challenge').map((o) => o.id)).toEqual(
          below ? [below.id] : [],
        );
      }
      if (state === 'draft') expect(view.outcomes.some((o) => o.level !== null)).toBe(true);
    }
    expect(withEvidence).toBeGreaterThan(0);
  });

  it('does nothing when the database already has assessments', async () => {
    expect(await seedDemoBaselines(db(), NOW)).toBeNull();
  });
});
