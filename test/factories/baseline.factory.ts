/**
 * Baseline helpers for tests: the shipped frameworks and default profiles, loaded through the
 * real services, and answering every outcome of an organisation's draft.
 */
import type { Database } from '../../src/db/connect.js';
import type { Actor } from '../../src/domain/access/actor.js';
import {
  type AssessmentView,
  setOutcome,
  showAssessment,
} from '../../src/services/baseline/assessment.service.js';
import { importShippedBaseline } from '../../src/services/baseline/framework.service.js';
import { ADMIN_CLI } from './identity.factory.js';

export const BASELINE_YEAR = 2025;

export async function loadShippedBaseline(database: Database): Promise<void> {
  await importShippedBaseline(database, ADMIN_CLI);
}

/** Answers every outcome at its expected level (or `level` of each, when given), so the draft can be submitted. */
export async function answerAll(
  database: Database,
  org: string,
  actor: Actor = ADMIN_CLI,
  year = BASELINE_YEAR,
): Promise<AssessmentView> {
  let view = await showAssessment(database, actor, org, year);
  for (const o of view.outcomes)
    view = await setOutcome(database, actor, org, year, o.id, {
      level: o.expected,
      justification: `we meet ${o.id}`,
    });
  return view;
}
