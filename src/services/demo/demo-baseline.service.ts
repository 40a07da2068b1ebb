/**
 * The demo federation's baselines for the current year, made through the real services: Ward's
 * shipped frameworks and default profiles, auto-evidence computed from the demo inventories, and a
 * sample of organisations answering — each claiming the level its own figures support where Ward
 * has figures, otherwise mostly its expected level — left in every state (draft, submitted,
 * reviewed, published), the rest not started.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { cliActor } from '../../domain/access/actor.js';
import { type AssessmentState, currentBaselineYear } from '../../domain/baseline/assessment.js';
import { type Level, levelRank } from '../../domain/baseline/level.js';
import {
  type AssessmentView,
  type OutcomeResultView,
  setOutcome,
  showAssessment,
  submitAssessment,
} from '../baseline/assessment.service.js';
import { publishAssessment, reviewAssessment } from '../baseline/assessment-review.service.js';
import { refreshAllEvidence } from '../baseline/evidence.service.js';
import { importShippedBaseline } from '../baseline/framework.service.js';

const DEMO_ACTOR = cliActor('demo');

/** The states the sample is spread over, in turn (the organisations outside the sample have not started). */
const STARTED: readonly AssessmentState[] = ['draft', 'submitted', 'reviewed', 'published'];

export interface DemoBaselines {
  year: number;
  organisations: Record<AssessmentState, number>;
  outcomes: number;
  seconds: number;
}

/** A number in [0, 1) fixed by the text: the demo is the same on every start. */
function draw(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/** The level an organisation claims: the lowest its own figures support, else mostly what is expected. */
export function demoClaim(o: OutcomeResultView, seed: string): Level {
  const supported = o.evidence
    .map((e) => e.suggestedLevel)
    .filter((l): l is Level => l !== null && o.levels.includes(l))
    .sort((a, b) => levelRank(a) - levelRank(b));
  if (supported[0]) return supported[0];
  const at = o.levels.indexOf(o.expected);
  const r = draw(`${seed}/${o.id}`);
  const steps = r < 0.7 ? 0 : r < 0.92 ? 1 : 2;
  return o.levels[Math.max(0, at - steps)] as Level;
}

async function answer(database: Database, code: string, year: number, share: number): Promise<number> {
  const view = await showAssessment(database, DEMO_ACTOR, code, year);
  let n = 0;
  for (const o of view.outcomes) {
    if (draw(`${code}/answered/${o.id}`) >= share) continue;
    const level = demoClaim(o, code);
    const below = levelRank(level) < levelRank(o.expected);
    await setOutcome(database, DEMO_ACTOR, code, year, o.id, {
      level,
      justification: below
        ? `Not there yet for ${o.title.toLowerCase()}; see the improvement action.`
        : `Checked by the IT lead against Ward's figures and our own records.`,
      owner: 'IT lead',
      action: below
        ? { what: `Close the gap on ${o.title.toLowerCase()}`, owner: 'IT lead', due: `${year + 1}-03-31` }
        : null,
    });
    n++;
  }
  return n;
}

/** Agrees with every outcome but challenges the weakest claim (the first below profile, if any). */
async function review(database: Database, view: AssessmentView): Promise<void> {
  const challenged = view.outcomes.find((o) => o.standing !== 'meets')?.id;
  await reviewAssessment(
    database,
    DEMO_ACTOR,
    view.org.code,
    view.year,
    view.outcomes.map((o) =>
      o.id === challenged
        ? {
            outcome: o.id,
            verdict: 'challenge',
            comment: 'Please attach the plan and the date it was agreed.',
          }
        : { outcome: o.id, verdict: 'agree' },
    ),
  );
}

/**
 * When the database has no assessment yet: loads the shipped frameworks and profiles if missing,
 * computes auto-evidence, and answers for about `share` of the organisations with a profile.
 */
export async function seedDemoBaselines(
  database: Database,
  now: Date,
  options: { share?: number } = {},
): Promise<DemoBaselines | null> {
  const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM baseline_assessments`.execute(
    database.db,
  );
  if ((existing.rows[0]?.n ?? 0) > 0) return null;
  const started = performance.now();
  const frameworks = await sql<{ n: number }>`SELECT count(*)::int AS n FROM baseline_frameworks`.execute(
    database.db,
  );
  if ((frameworks.rows[0]?.n ?? 0) === 0) await importShippedBaseline(database, DEMO_ACTOR);
  await refreshAllEvidence(database, DEMO_ACTOR, now);
  const year = currentBaselineYear(now);
  const orgs = await sql<{ code: string }>`
    SELECT DISTINCT o.code FROM organisations o
    JOIN baseline_profiles p ON p.kind = o.kind AND p.year = ${year}
    ORDER BY o.code`.execute(database.db);
  const share = options.share ?? 0.08;
  const sample = orgs.rows.map((r) => r.code).filter((code) => draw(`${code}/sample`) < share);
  const result: DemoBaselines = {
    year,
    organisations: {
      not_started: orgs.rows.length - sample.length,
      draft: 0,
      submitted: 0,
      reviewed: 0,
      published: 0,
    },
    outcomes: 0,
    seconds: 0,
  };
  for (const [i, code] of sample.entries()) {
    const state = STARTED[i % STARTED.length] as AssessmentState;
    result.outcomes += await answer(database, code, year, state === 'draft' ? 0.6 : 1);
    if (state !== 'draft') {
      const submitted = await submitAssessment(database, DEMO_ACTOR, code, year);
      if (state !== 'submitted') await review(database, submitted);
      if (state === 'published') await publishAssessment(database, DEMO_ACTOR, code, year);
    }
    result.organisations[state]++;
  }
  result.seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  return result;
}
