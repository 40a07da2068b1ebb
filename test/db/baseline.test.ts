import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { userActor } from '../../src/domain/access/actor.js';
import { loadGrants } from '../../src/services/access/access.service.js';
import { addUser } from '../../src/services/access/user.service.js';
import { listAuditRecords, verifyAudit } from '../../src/services/audit/audit.service.js';
import {
  setOutcome,
  showAssessment,
  submitAssessment,
} from '../../src/services/baseline/assessment.service.js';
import {
  publishAssessment,
  reviewAssessment,
} from '../../src/services/baseline/assessment-review.service.js';
import {
  importFramework,
  importProfiles,
  listFrameworks,
  showProfiles,
} from '../../src/services/baseline/framework.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { answerAll, BASELINE_YEAR, loadShippedBaseline } from '../factories/baseline.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const Y = BASELINE_YEAR;

/** Every baseline row, to show that a refused write changed nothing. */
async function baselineRows(database: Database) {
  const tables = [
    'baseline_frameworks',
    'baseline_outcomes',
    'baseline_profiles',
    'baseline_assessments',
    'baseline_results',
  ];
  const out: Record<string, unknown[]> = {};
  for (const t of tables)
    out[t] = (await sql`SELECT * FROM ${sql.table(t)} ORDER BY 1, 2, 3`.execute(database.db)).rows;
  return out;
}

async function actorFor(database: Database, username: string, org: string, role: string) {
  const added = await addUser(database, ADMIN_CLI, {
    username,
    password: 'correct horse battery staple',
    org,
    role,
  });
  return userActor(added.user.id, username, await loadGrants(database.db, added.user.id));
}

describeEachEngine('baseline', (db) => {
  const actors = {} as Record<
    'rj7Responder' | 'rj7Admin' | 'qweAdmin' | 'qmjAdmin' | 'analyst' | 'viewer',
    Awaited<ReturnType<typeof actorFor>>
  >;
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedBaseline(db());
    actors.rj7Responder = await actorFor(db(), 'rj7r', 'RJ7', 'responder');
    actors.rj7Admin = await actorFor(db(), 'rj7a', 'RJ7', 'org_admin');
    actors.qweAdmin = await actorFor(db(), 'qwea', 'QWE', 'org_admin');
    actors.qmjAdmin = await actorFor(db(), 'qmja', 'QMJ', 'org_admin');
    actors.analyst = await actorFor(db(), 'nat', 'X26', 'national_analyst');
    actors.viewer = await actorFor(db(), 'qwev', 'QWE', 'viewer');
  });

  describe('frameworks and profiles', () => {
    it('ships CAF v3.2 and v4.0 with objective E', async () => {
      expect((await listFrameworks(db(), ADMIN_CLI)).map((f) => [f.id, f.outcomes])).toEqual([
        ['caf-3.2-e', 47],
        ['caf-4.0-e', 49],
      ]);
    });

    it('gives a trust every outcome and a GP practice its short, plainly worded set', async () => {
      const trust = await showAssessment(db(), ADMIN_CLI, 'RJ7', Y);
      expect(trust.outcomes).toHaveLength(47);
      expect(trust.state).toBe('not_started');
      const gp = await showAssessment(db(), ADMIN_CLI, 'H85001', Y);
      expect(gp.outcomes.length).toBeGreaterThanOrEqual(10);
      expect(gp.outcomes.length).toBeLessThanOrEqual(15);
      const b2a = gp.outcomes.find((o) => o.id === 'B2.a');
      expect(b2a?.question).toMatch(/second factor/);
      expect(trust.outcomes.find((o) => o.id === 'B2.a')?.question).not.toBe(b2a?.question);
      const profile = await showProfiles(db(), ADMIN_CLI, { year: Y, kind: 'gp_practice' });
      expect(profile.every((p) => p.source === 'default')).toBe(true);
    });

    it('refuses a bad framework file with every problem and writes nothing', async () => {
      const before = await baselineRows(db());
      const bad = JSON.stringify(
        {
          id: 'caf-3.2-e',
          title: 'x',
          version: '1',
          levels: ['Not achieved', 'Achieved'],
          objectives: [{ id: 'A', title: 'A', principles: [{ id: 'A1', title: 'P', outcomes: [] }] }],
        },
        null,
        2,
      );
      await expect(importFramework(db(), ADMIN_CLI, 'bad.json', bad)).rejects.toMatchObject({
        code: 'invalid_input',
        problems: [{ file: 'bad.json', line: 14, reason: 'principle A1 has no outcomes' }],
      });
      expect(await baselineRows(db())).toEqual(before);
    });

    it('refuses a profile file with a bad line and writes nothing, not even its good lines', async () => {
      const before = await baselineRows(db());
      const csv =
        'framework,year,kind,outcome,expected_level\ncaf-3.2-e,2025,trust,B4.d,Achieved\ncaf-3.2-e,2025,trust,A1.a,Partially achieved\n';
      await expect(importProfiles(db(), ADMIN_CLI, 'p.csv', csv)).rejects.toMatchObject({
        problems: [
          {
            file: 'p.csv',
            line: 3,
            reason: 'outcome A1.a does not allow "Partially achieved" (allowed: Not achieved, Achieved)',
          },
        ],
      });
      expect(await baselineRows(db())).toEqual(before);
    });

    it('lets only national roles import', async () => {
      const csv = 'framework,year,kind,outcome,expected_level\ncaf-3.2-e,2030,trust,B4.d,Achieved\n';
      await expect(importProfiles(db(), actors.rj7Admin, 'p.csv', csv)).rejects.toMatchObject({
        code: 'forbidden',
      });
    });
  });

  describe('an assessment through its lifecycle', () => {
    it('refuses a level the outcome does not allow, and writes nothing', async () => {
      const before = await baselineRows(db());
      await expect(
        setOutcome(db(), actors.rj7Responder, 'RJ7', Y, 'A3.a', { level: 'Partially achieved' }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
      expect(await baselineRows(db())).toEqual(before);
    });

    it('keeps viewers and other trusts out', async () => {
      await expect(
        setOutcome(db(), actors.viewer, 'RJ7', Y, 'B4.d', { level: 'Achieved' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        setOutcome(db(), actors.qmjAdmin, 'RJ7', Y, 'B4.d', { level: 'Achieved' }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });

    it('saves as it goes; cannot submit until every outcome is answered and shortfalls have actions', async () => {
      const r = actors.rj7Responder;
      let view = await setOutcome(db(), r, 'RJ7', Y, 'B4.d', {
        level: 'Not achieved',
        justification: '12 KEV findings past due',
      });
      expect(view.state).toBe('draft');
      expect(view.outcomes.find((o) => o.id === 'B4.d')).toMatchObject({
        level: 'Not achieved',
        standing: 'one_short',
      });
      await expect(submitAssessment(db(), r, 'RJ7', Y)).rejects.toMatchObject({ code: 'invalid_input' });
      view = await answerAll(db(), 'RJ7', r);
      view = await setOutcome(db(), r, 'RJ7', Y, 'B4.d', { level: 'Not achieved' });
      await expect(submitAssessment(db(), r, 'RJ7', Y)).rejects.toMatchObject({
        withoutAction: ['B4.d'],
        unanswered: [],
      });
      view = await setOutcome(db(), r, 'RJ7', Y, 'B4.d', {
        action: { what: 'patch the KEV list', owner: 'IT manager', due: '2026-03-31' },
      });
      expect(view.status).toBe('approaching');
      view = await submitAssessment(db(), r, 'RJ7', Y);
      expect(view.state).toBe('submitted');
      expect(view.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
      const records = await listAuditRecords(db(), ADMIN_CLI, { action: 'baseline.submit', limit: 5 });
      expect(records[0]?.after).toMatchObject({ hash: view.snapshotHash, status: 'approaching' });
      expect((await verifyAudit(db(), ADMIN_CLI)).ok).toBe(true);
    });

    it('refuses any edit after submission (conflict) and writes nothing', async () => {
      const before = await baselineRows(db());
      await expect(
        setOutcome(db(), actors.rj7Admin, 'RJ7', Y, 'A1.a', { justification: 'changed my mind' }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await expect(submitAssessment(db(), actors.rj7Admin, 'RJ7', Y)).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(await baselineRows(db())).toEqual(before);
    });

    it('is reviewed by the parent organisation or national roles only', async () => {
      const agree = [{ outcome: 'A1.a', verdict: 'agree' as const }];
      await expect(reviewAssessment(db(), actors.rj7Admin, 'RJ7', Y, agree)).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(reviewAssessment(db(), actors.qmjAdmin, 'RJ7', Y, agree)).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(
        reviewAssessment(db(), actors.qweAdmin, 'RJ7', Y, [{ outcome: 'B4.d', verdict: 'challenge' }]),
      ).rejects.toMatchObject({ code: 'invalid_input' });
      const all = (await showAssessment(db(), ADMIN_CLI, 'RJ7', Y)).outcomes.map((o) => o.id);
      let view = await reviewAssessment(db(), actors.qweAdmin, 'RJ7', Y, [
        { outcome: 'B4.d', verdict: 'challenge', comment: 'evidence shows KEV findings overdue since March' },
      ]);
      expect(view.state).toBe('submitted');
      expect(view.outcomes.find((o) => o.id === 'B4.d')?.review).toMatchObject({
        verdict: 'challenge',
        by: 'user:qwea',
      });
      view = await reviewAssessment(
        db(),
        actors.analyst,
        'RJ7',
        Y,
        all.filter((id) => id !== 'B4.d').map((outcome) => ({ outcome, verdict: 'agree' as const })),
      );
      expect(view.state).toBe('reviewed');
    });

    it('is published by its administrators, not its responders', async () => {
      await expect(publishAssessment(db(), actors.rj7Responder, 'RJ7', Y)).rejects.toMatchObject({
        code: 'forbidden',
      });
      const view = await publishAssessment(db(), actors.rj7Admin, 'RJ7', Y);
      expect(view.state).toBe('published');
      await expect(publishAssessment(db(), actors.rj7Admin, 'RJ7', Y)).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    it("starts next year's draft from the published assessment", async () => {
      const next = await setOutcome(db(), actors.rj7Responder, 'RJ7', Y + 1, 'B2.a', {
        level: 'Achieved',
      });
      expect(next.framework).toBe('caf-4.0-e');
      expect(next.outcomes).toHaveLength(49);
      expect(next.outcomes.find((o) => o.id === 'A1.a')).toMatchObject({
        level: 'Achieved',
        justification: 'we meet A1.a',
      });
      expect(next.outcomes.find((o) => o.id === 'B4.d')).toMatchObject({
        level: 'Not achieved',
        action: { what: 'patch the KEV list', owner: 'IT manager', due: '2026-03-31' },
        review: null,
      });
      expect(next.outcomes.find((o) => o.id === 'C1.f')?.level).toBeNull();
    });
  });
});
