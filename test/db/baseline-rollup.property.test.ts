/**
 * The maintained baseline roll-up equals counting organisations one by one, after random edits:
 * random organisations answer random outcomes with random levels (refused levels included), then
 * for every organisation of the tree the summary's per-outcome counts are compared with the
 * standings read from each assessment in its subtree (subtrees from the CSV's parent links).
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { rebuildRollup } from '../../src/db/repositories/baseline-rollup.repository.js';
import { levelsShort } from '../../src/domain/baseline/assessment-status.js';
import { LEVELS } from '../../src/domain/baseline/level.js';
import { setOutcome, showAssessment } from '../../src/services/baseline/assessment.service.js';
import { baselineSummary } from '../../src/services/baseline/summary.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { BASELINE_YEAR, loadShippedBaseline } from '../factories/baseline.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv, SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const Y = BASELINE_YEAR;
const PARENT = new Map(SMALL_FEDERATION.map((l) => [l[0], l[3]]));
const KIND = new Map(SMALL_FEDERATION.map((l) => [l[0], l[2]]));
const ASSESSED = SMALL_FEDERATION.map((l) => l[0]).filter((c) =>
  ['trust', 'icb', 'gp_practice', 'pharmacy'].includes(KIND.get(c) as string),
);
const under = (root: string, code: string) => {
  for (let x: string | undefined = code; x; x = PARENT.get(x)) if (x === root) return true;
  return false;
};

describeEachEngine('baseline roll-up', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedBaseline(db());
  });

  it('equals counting organisations one by one after random edits', async () => {
    const outcomesOf = new Map<string, string[]>();
    for (const code of ASSESSED)
      outcomesOf.set(
        code,
        (await showAssessment(db(), ADMIN_CLI, code, Y)).outcomes.map((o) => o.id),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            org: fc.constantFrom(...ASSESSED),
            outcome: fc.nat(100),
            level: fc.constantFrom(...LEVELS),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (edits) => {
          for (const e of edits) {
            const ids = outcomesOf.get(e.org) as string[];
            const outcome = ids[e.outcome % ids.length] as string;
            await setOutcome(db(), ADMIN_CLI, e.org, Y, outcome, { level: e.level }).catch((error) => {
              // A level the outcome does not allow is refused and changes nothing.
              if (error.code !== 'invalid_input') throw error;
            });
          }
          const views = await Promise.all(ASSESSED.map((c) => showAssessment(db(), ADMIN_CLI, c, Y)));
          for (const [root] of SMALL_FEDERATION) {
            // Organisations not started count for every outcome of their profile as not started.
            const expected = new Map<
              string,
              { meets: number; oneShort: number; misses: number; notStarted: number }
            >();
            let notStarted = 0;
            for (const v of views) {
              if (!under(root, v.org.code)) continue;
              if (v.state === 'not_started') notStarted++;
              for (const o of v.outcomes) {
                const c = expected.get(o.id) ?? { meets: 0, oneShort: 0, misses: 0, notStarted: 0 };
                if (v.state === 'not_started') c.notStarted++;
                else if (o.standing === 'meets') c.meets++;
                else if (o.standing === 'one_short') c.oneShort++;
                else c.misses++;
                expected.set(o.id, c);
              }
            }
            // Before the deadline, so organisations not started count as such (not as overdue).
            const summary = await baselineSummary(db(), ADMIN_CLI, root, Y, { deadline: '2099-06-30' });
            const actual = new Map(
              summary.outcomes.map((o) => [
                o.outcomeId,
                { meets: o.meets, oneShort: o.oneShort, misses: o.misses, notStarted: o.notStarted },
              ]),
            );
            expect(actual, `roll-up of ${root}`).toEqual(expected);
            // The furthest from profile, from the gap kept on each assessment, equal counting it.
            const gaps = views
              .filter((v) => under(root, v.org.code) && v.state !== 'not_started')
              .map((v) => ({
                code: v.org.code,
                // An unanswered outcome counts two levels short, whatever is expected.
                levelsShort: v.outcomes.reduce(
                  (n, o) => n + (o.level === null ? 2 : levelsShort(o.expected, o.level)),
                  0,
                ),
                outcomesBelow: v.outcomes.filter((o) => o.standing !== 'meets').length,
              }))
              .filter((g) => g.levelsShort > 0)
              .sort((a, b) => b.levelsShort - a.levelsShort || a.code.localeCompare(b.code))
              .slice(0, 10);
            expect(
              summary.furthest.map((f) => ({
                code: f.code,
                levelsShort: f.levelsShort,
                outcomesBelow: f.outcomesBelow,
              })),
              `furthest under ${root}`,
            ).toEqual(gaps);
            expect(summary.submission.not_started, `not started under ${root}`).toBe(notStarted);
            // Every child with an organisation expected to assess has a heat-map row, started or not.
            expect(summary.children.map((c) => c.code)).toEqual(
              SMALL_FEDERATION.filter((l) => l[3] === root && ASSESSED.some((code) => under(l[0], code)))
                .map((l) => l[0])
                .sort(),
            );
            // The heat-map row of each child is that child's own roll-up.
            for (const child of summary.children) {
              const own = await baselineSummary(db(), ADMIN_CLI, child.code, Y, { deadline: '2099-06-30' });
              expect(child.notStarted).toBe(own.submission.not_started);
              expect(child.outcomes).toEqual(
                own.outcomes.map(({ outcomeId, meets, oneShort, misses, notStarted }) => ({
                  outcomeId,
                  meets,
                  oneShort,
                  misses,
                  notStarted,
                })),
              );
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('recounted from the results, equals the counts maintained by deltas', async () => {
    const read = async () =>
      (
        await db()
          .db.selectFrom('baseline_rollup')
          .select(['org_id', 'framework_id', 'outcome_id', 'meets', 'one_short', 'misses'])
          .where('year', '=', Y)
          .where((eb) => eb(eb('meets', '+', eb('one_short', '+', eb.ref('misses'))), '>', 0))
          .orderBy('org_id')
          .orderBy('framework_id')
          .orderBy('outcome_id')
          .execute()
      ).map((r) => JSON.stringify(r));
    const maintained = await read();
    expect(maintained.length).toBeGreaterThan(0);
    const written = await rebuildRollup(db().db, Y);
    expect(written).toBe(maintained.length);
    expect(await read()).toEqual(maintained);
  });
});
