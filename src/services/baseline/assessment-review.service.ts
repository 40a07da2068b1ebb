/**
 * Reviewing and publishing a submitted baseline. Reviewers are the administrators of the parent
 * organisation (and above) and the national roles: an organisation does not review itself. Each
 * outcome gets agree or challenge (a challenge needs a comment); when every outcome has a verdict
 * the assessment is reviewed. Publication is by the organisation's administrators or national roles.
 */
import type { Database } from '../../db/connect.js';
import {
  findAssessment,
  resultRows,
  updateAssessment,
  updateResult,
} from '../../db/repositories/baseline-assessment.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import type { ReviewVerdict } from '../../domain/baseline/assessment.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../errors.js';
import { permittedOrgIds, requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type AssessmentView, buildView, refuseChange } from './assessment.service.js';

export interface OutcomeVerdict {
  outcome: string;
  verdict: ReviewVerdict;
  comment?: string | null;
}

async function mayReview(database: Database, actor: Actor, parentId: string | null): Promise<boolean> {
  if (scopeFor(actor, 'national').all) return true;
  if (parentId === null) return false;
  return (await permittedOrgIds(database.db, actor, 'admin', new Set([parentId]))).has(parentId);
}

/** Records verdicts on outcomes of a submitted assessment; reviewed once every outcome has one. */
export async function reviewAssessment(
  database: Database,
  actor: Actor,
  code: string,
  year: number,
  verdicts: readonly OutcomeVerdict[],
): Promise<AssessmentView> {
  const org = await requireOrgAccess(database, actor, 'read', code);
  if (!(await mayReview(database, actor, org.parentId)))
    throw new ForbiddenError(
      `${actor.label} may not review the baseline of ${org.code} (reviewers: administrators of its parent organisation, national roles)`,
    );
  if (verdicts.length === 0) throw new InvalidInputError('no verdicts given');
  for (const v of verdicts)
    if (v.verdict === 'challenge' && !v.comment?.trim())
      throw new InvalidInputError(`a challenge of outcome ${v.outcome} needs a comment`);
  return database.db.transaction().execute(async (trx) => {
    const assessment = await findAssessment(trx, org.id, year, { lock: true });
    if (!assessment) throw new NotFoundError(`${org.code} has no ${year} baseline`);
    if (assessment.state !== 'submitted')
      refuseChange(org, year, assessment.state === 'draft' ? 'a draft, not submitted' : assessment.state);
    const rows = await resultRows(trx, org.id, assessment.id);
    const ids = new Set(rows.map((r) => r.outcome_id));
    const unknown = verdicts.filter((v) => !ids.has(v.outcome)).map((v) => v.outcome);
    if (unknown.length > 0)
      throw new NotFoundError(`not in the ${year} baseline of ${org.code}: ${unknown.join(', ')}`);
    const now = new Date();
    for (const v of verdicts)
      await updateResult(trx, org.id, assessment.id, v.outcome, {
        review_verdict: v.verdict,
        review_comment: v.comment?.trim() || null,
        reviewed_by: actor.label,
        reviewed_at: now,
      });
    const given = new Set([
      ...rows.filter((r) => r.review_verdict !== null).map((r) => r.outcome_id),
      ...verdicts.map((v) => v.outcome),
    ]);
    const complete = given.size === ids.size;
    if (complete)
      await updateAssessment(trx, org.id, assessment.id, {
        state: 'reviewed',
        reviewed_at: now,
        reviewed_by: actor.label,
      });
    await audit(
      trx,
      actor,
      org.id,
      'baseline.review',
      null,
      { verdicts, reviewed: complete },
      `${org.code}/${year}`,
    );
    return buildView(trx, org, year, await findAssessment(trx, org.id, year));
  });
}

/** Publishes a reviewed assessment: the organisation's administrators (or above) and national roles. */
export async function publishAssessment(
  database: Database,
  actor: Actor,
  code: string,
  year: number,
): Promise<AssessmentView> {
  const org = await requireOrgAccess(database, actor, 'read', code);
  const national = scopeFor(actor, 'national').all;
  if (!national && !(await permittedOrgIds(database.db, actor, 'admin', new Set([org.id]))).has(org.id))
    throw new ForbiddenError(
      `${actor.label} may not publish the baseline of ${org.code} (its administrators or national roles)`,
    );
  return database.db.transaction().execute(async (trx) => {
    const assessment = await findAssessment(trx, org.id, year, { lock: true });
    if (!assessment) throw new NotFoundError(`${org.code} has no ${year} baseline`);
    if (assessment.state !== 'reviewed')
      refuseChange(
        org,
        year,
        assessment.state === 'published' ? 'published' : `${assessment.state}, not reviewed`,
      );
    await updateAssessment(trx, org.id, assessment.id, {
      state: 'published',
      published_at: new Date(),
      published_by: actor.label,
    });
    await audit(
      trx,
      actor,
      org.id,
      'baseline.publish',
      { state: 'reviewed' },
      { state: 'published', hash: assessment.snapshot_hash },
      `${org.code}/${year}`,
    );
    return buildView(trx, org, year, await findAssessment(trx, org.id, year));
  });
}
