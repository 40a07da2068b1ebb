/**
 * An organisation's baseline assessment for a year: reading it, answering outcomes in the draft
 * (started on first save, from the last published assessment), submitting it as an immutable,
 * hashed snapshot. Review and publication are in `assessment-review.service.ts`.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/connect.js';
import {
  type AssessmentRow,
  findAssessment,
  insertAssessment,
  insertResults,
  lastPublishedBefore,
  type ResultRow,
  resultRows,
  updateAssessment,
  updateResult,
} from '../../db/repositories/baseline-assessment.repository.js';
import {
  carryEvidenceFiles,
  evidenceFilesOf,
  toEvidenceFile,
} from '../../db/repositories/baseline-evidence-file.repository.js';
import { outcomeRows, profileRows } from '../../db/repositories/baseline-framework.repository.js';
import { applyRollupDeltas } from '../../db/repositories/baseline-rollup.repository.js';
import type { OrgRow } from '../../db/repositories/organisation.repository.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/access/actor.js';
import { canonicalJson } from '../../domain/audit/audit-chain.js';
import {
  type AssessmentState,
  type ImprovementAction,
  isEditable,
  type OutcomeAnswer,
  type ReviewVerdict,
  SMALL_ORG_KINDS,
  submitBlockers,
} from '../../domain/baseline/assessment.js';
import {
  type OutcomeStanding,
  type OverallStatus,
  outcomeStanding,
  overallStatus,
  STATUS_RULE,
} from '../../domain/baseline/assessment-status.js';
import { type EvidenceFile, fileFingerprint } from '../../domain/baseline/evidence-file.js';
import { contradicts } from '../../domain/baseline/evidence-rules.js';
import type { Level } from '../../domain/baseline/level.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { computeEvidence, type EvidenceItem, storedEvidence } from './evidence.service.js';

export interface OutcomeResultView {
  id: string;
  objective: { id: string; title: string };
  principle: { id: string; title: string };
  title: string;
  /** The question as this organisation is asked it (the plain wording for practices, pharmacies and care homes). */
  question: string;
  guidance: string;
  levels: Level[];
  expected: Level;
  level: Level | null;
  standing: OutcomeStanding;
  justification: string;
  evidenceNotes: string;
  owner: string | null;
  action: ImprovementAction | null;
  review: { verdict: ReviewVerdict; comment: string | null; by: string; at: string } | null;
  /** Ward's own figures for this outcome; `contradicted` when the claimed level is above the level the figure supports. */
  evidence: (EvidenceItem & { contradicted: boolean })[];
  /** Files uploaded as evidence on this outcome. */
  files: EvidenceFile[];
}

export interface AssessmentView {
  org: { code: string; name: string; kind: string };
  year: number;
  framework: string;
  state: AssessmentState;
  status: OverallStatus;
  statusRule: string;
  submittedAt: string | null;
  submittedBy: string | null;
  snapshotHash: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  outcomes: OutcomeResultView[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The one framework whose profile applies to this kind of organisation in this year. */
export async function profileFor(
  db: Database['db'] | Transaction<DB>,
  org: OrgRow,
  year: number,
  framework?: string,
) {
  const rows = await profileRows(db, { year, kind: org.kind, framework });
  if (rows.length === 0)
    throw new NotFoundError(
      `no baseline profile for ${org.kind} organisations in ${year}${framework ? ` under ${framework}` : ''}`,
    );
  const frameworks = [...new Set(rows.map((r) => r.framework_id))];
  if (frameworks.length > 1)
    throw new InvalidInputError(
      `${year} has profiles for ${org.kind} under several frameworks (${frameworks.join(', ')}): name the framework`,
    );
  return { framework: frameworks[0] as string, rows };
}

function answerOf(r: ResultRow): OutcomeAnswer {
  return {
    outcomeId: r.outcome_id,
    expected: r.expected_level as Level,
    level: r.level as Level | null,
    justification: r.justification,
    evidenceNotes: r.evidence_notes,
    owner: r.owner,
    action:
      r.action_what !== null
        ? { what: r.action_what, owner: r.action_owner ?? '', due: r.action_due ?? '' }
        : null,
  };
}

/** The view of an assessment (or of the profile, when not started). */
export async function buildView(
  db: Database['db'] | Transaction<DB>,
  org: OrgRow,
  year: number,
  assessment: AssessmentRow | undefined,
): Promise<AssessmentView> {
  let framework: string;
  let results: Map<string, ResultRow>;
  let expected: Map<string, Level>;
  if (assessment) {
    framework = assessment.framework_id;
    const rows = await resultRows(db, org.id, assessment.id);
    results = new Map(rows.map((r) => [r.outcome_id, r]));
    expected = new Map(rows.map((r) => [r.outcome_id, r.expected_level as Level]));
  } else {
    const profile = await profileFor(db, org, year);
    framework = profile.framework;
    results = new Map();
    expected = new Map(profile.rows.map((r) => [r.outcome_id, r.expected_level as Level]));
  }
  const plain = SMALL_ORG_KINDS.has(assessment?.kind ?? org.kind);
  // A submitted assessment keeps the figures as of submission.
  const frozen = (assessment?.snapshot as { evidence?: EvidenceItem[] } | null)?.evidence;
  const evidence = frozen ?? (await storedEvidence(db, org.id, org.code));
  const files = assessment ? (await evidenceFilesOf(db, org.id, assessment.id)).map(toEvidenceFile) : [];
  const outcomes: OutcomeResultView[] = [];
  for (const o of await outcomeRows(db, framework)) {
    const exp = expected.get(o.outcome_id);
    if (!exp) continue;
    const r = results.get(o.outcome_id);
    const answer = r ? answerOf(r) : null;
    const level = answer?.level ?? null;
    outcomes.push({
      id: o.outcome_id,
      objective: { id: o.objective_id, title: o.objective_title },
      principle: { id: o.principle_id, title: o.principle_title },
      title: o.title,
      question: plain && o.plain_question ? o.plain_question : o.question,
      guidance: o.guidance,
      levels: o.levels as Level[],
      expected: exp,
      level,
      standing: outcomeStanding(exp, level),
      justification: answer?.justification ?? '',
      evidenceNotes: answer?.evidenceNotes ?? '',
      owner: answer?.owner ?? null,
      action: answer?.action ?? null,
      review:
        r?.review_verdict && r.reviewed_by && r.reviewed_at
          ? {
              verdict: r.review_verdict as ReviewVerdict,
              comment: r.review_comment,
              by: r.reviewed_by,
              at: iso(r.reviewed_at) as string,
            }
          : null,
      evidence: evidence
        .filter((e) => e.outcome === o.outcome_id)
        .map((e) => ({ ...e, contradicted: contradicts(level, e.suggestedLevel) })),
      files: files.filter((f) => f.outcome === o.outcome_id),
    });
  }
  const status = overallStatus(
    outcomes.map((o) => ({ expected: o.expected, claimed: o.level, hasAction: o.action !== null })),
  );
  return {
    org: { code: org.code, name: org.name, kind: org.kind },
    year,
    framework,
    state: (assessment?.state ?? 'not_started') as AssessmentState,
    status,
    statusRule: STATUS_RULE,
    submittedAt: iso(assessment?.submitted_at ?? null),
    submittedBy: assessment?.submitted_by ?? null,
    snapshotHash: assessment?.snapshot_hash ?? null,
    reviewedAt: iso(assessment?.reviewed_at ?? null),
    reviewedBy: assessment?.reviewed_by ?? null,
    publishedAt: iso(assessment?.published_at ?? null),
    publishedBy: assessment?.published_by ?? null,
    outcomes,
  };
}

/** The organisation's assessment for the year as the actor may read it (not started: the profile's outcomes, unanswered). */
export async function showAssessment(
  database: Database,
  actor: Actor,
  code: string,
  year: number,
): Promise<AssessmentView> {
  const org = await requireOrgAccess(database, actor, 'read', code);
  return buildView(database.db, org, year, await findAssessment(database.db, org.id, year));
}

/**
 * Creates the draft for the year, carrying answers over from the last published assessment, and
 * the evidence files of the outcomes carried over (marked with the year they came from).
 */
export async function startDraft(
  trx: Transaction<DB>,
  actor: Actor,
  org: OrgRow,
  year: number,
  framework?: string,
): Promise<AssessmentRow> {
  const profile = await profileFor(trx, org, year, framework);
  const previous = await lastPublishedBefore(trx, org.id, year);
  const carried = new Map(
    previous ? (await resultRows(trx, org.id, previous.id)).map((r) => [r.outcome_id, r]) : [],
  );
  const levels = new Map((await outcomeRows(trx, profile.framework)).map((o) => [o.outcome_id, o.levels]));
  const assessment = await insertAssessment(trx, {
    org_id: org.id,
    year,
    framework_id: profile.framework,
    kind: org.kind,
    state: 'draft',
    started_from: previous?.id ?? null,
    created_by: actor.label,
  });
  await insertResults(
    trx,
    profile.rows.map((p) => {
      const c = carried.get(p.outcome_id);
      const level = c?.level && levels.get(p.outcome_id)?.includes(c.level) ? c.level : null;
      return {
        org_id: org.id,
        assessment_id: assessment.id,
        outcome_id: p.outcome_id,
        expected_level: p.expected_level,
        level,
        justification: c?.justification ?? '',
        evidence_notes: c?.evidence_notes ?? '',
        owner: c?.owner ?? null,
        action_what: c?.action_what ?? null,
        action_owner: c?.action_owner ?? null,
        action_due: c?.action_due ?? null,
        updated_by: actor.label,
      };
    }),
  );
  const carriedFiles = previous ? await carryEvidenceFiles(trx, org.id, previous, assessment.id) : 0;
  const initial = await resultRows(trx, org.id, assessment.id);
  await applyRollupDeltas(
    trx,
    org.id,
    year,
    profile.framework,
    initial.map((r) => ({
      outcomeId: r.outcome_id,
      from: null,
      to: outcomeStanding(r.expected_level as Level, r.level as Level | null),
    })),
  );
  await audit(
    trx,
    actor,
    org.id,
    'baseline.draft',
    null,
    { year, framework: profile.framework, startedFrom: previous?.year ?? null, carriedFiles },
    `${org.code}/${year}`,
  );
  return assessment;
}

export interface OutcomeInput {
  level?: Level;
  justification?: string;
  evidenceNotes?: string;
  owner?: string | null;
  /** An improvement action; null removes it. */
  action?: ImprovementAction | null;
}

export function refuseChange(org: OrgRow, year: number, state: string): never {
  throw new ConflictError(`the ${year} baseline of ${org.code} is ${state}: it can no longer change`);
}

/** Saves one outcome's answer in the year's draft (starting the draft on first save). */
export async function setOutcome(
  database: Database,
  actor: Actor,
  code: string,
  year: number,
  outcomeId: string,
  input: OutcomeInput,
  options: { framework?: string } = {},
): Promise<AssessmentView> {
  const org = await requireOrgAccess(database, actor, 'write', code);
  return database.db.transaction().execute(async (trx) => {
    const assessment =
      (await findAssessment(trx, org.id, year, { lock: true })) ??
      (await startDraft(trx, actor, org, year, options.framework));
    if (!isEditable(assessment.state as AssessmentState)) refuseChange(org, year, assessment.state);
    const current = (await resultRows(trx, org.id, assessment.id)).find((r) => r.outcome_id === outcomeId);
    if (!current)
      throw new NotFoundError(
        `outcome ${outcomeId} is not in the ${year} profile of ${org.code} (${assessment.framework_id})`,
      );
    const outcome = (await outcomeRows(trx, assessment.framework_id)).find((o) => o.outcome_id === outcomeId);
    if (input.level !== undefined && !outcome?.levels.includes(input.level))
      throw new InvalidInputError(
        `outcome ${outcomeId} does not allow "${input.level}" (allowed: ${outcome?.levels.join(', ')})`,
      );
    if (input.action) {
      if (!input.action.what.trim())
        throw new InvalidInputError('an improvement action needs to say what will be done');
      if (!input.action.owner.trim()) throw new InvalidInputError('an improvement action needs an owner');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.action.due) || Number.isNaN(Date.parse(input.action.due)))
        throw new InvalidInputError(
          `improvement action due date "${input.action.due}" is not a date (YYYY-MM-DD)`,
        );
    }
    const before = answerOf(current);
    const patch = {
      ...(input.level !== undefined ? { level: input.level } : {}),
      ...(input.justification !== undefined ? { justification: input.justification } : {}),
      ...(input.evidenceNotes !== undefined ? { evidence_notes: input.evidenceNotes } : {}),
      ...(input.owner !== undefined ? { owner: input.owner } : {}),
      ...(input.action !== undefined
        ? {
            action_what: input.action?.what ?? null,
            action_owner: input.action?.owner ?? null,
            action_due: input.action?.due ?? null,
          }
        : {}),
      updated_by: actor.label,
    };
    await updateResult(trx, org.id, assessment.id, outcomeId, patch);
    await updateAssessment(trx, org.id, assessment.id, {});
    const after = answerOf(
      (await resultRows(trx, org.id, assessment.id)).find((r) => r.outcome_id === outcomeId) as ResultRow,
    );
    await applyRollupDeltas(trx, org.id, year, assessment.framework_id, [
      {
        outcomeId,
        from: outcomeStanding(before.expected, before.level),
        to: outcomeStanding(after.expected, after.level),
      },
    ]);
    await audit(
      trx,
      actor,
      org.id,
      'baseline.outcome.set',
      before,
      after,
      `${org.code}/${year}/${outcomeId}`,
    );
    return buildView(trx, org, year, { ...assessment });
  });
}

/** The blockers, as facts, when a draft cannot be submitted yet. */
export class SubmitBlockedError extends InvalidInputError {
  constructor(
    message: string,
    readonly unanswered: string[],
    readonly withoutAction: string[],
  ) {
    super(message);
  }
}

/** Submits the draft: every outcome answered, every one below profile with an action; stores the snapshot and its hash. */
export async function submitAssessment(
  database: Database,
  actor: Actor,
  code: string,
  year: number,
): Promise<AssessmentView> {
  const org = await requireOrgAccess(database, actor, 'write', code);
  return database.db.transaction().execute(async (trx) => {
    const assessment = await findAssessment(trx, org.id, year, { lock: true });
    if (!assessment) throw new NotFoundError(`${org.code} has no ${year} baseline to submit`);
    if (assessment.state !== 'draft') refuseChange(org, year, assessment.state);
    const answers = (await resultRows(trx, org.id, assessment.id)).map(answerOf);
    const blockers = submitBlockers(answers);
    if (blockers.unanswered.length + blockers.withoutAction.length > 0) {
      const parts = [
        blockers.unanswered.length ? `not answered: ${blockers.unanswered.join(', ')}` : '',
        blockers.withoutAction.length
          ? `below profile without an improvement action: ${blockers.withoutAction.join(', ')}`
          : '',
      ].filter(Boolean);
      throw new SubmitBlockedError(
        `the ${year} baseline of ${org.code} cannot be submitted yet (${parts.join('; ')})`,
        blockers.unanswered,
        blockers.withoutAction,
      );
    }
    const submittedAt = new Date();
    await computeEvidence(trx, { orgIds: [org.id] }, submittedAt);
    const view = await buildView(trx, org, year, assessment);
    const snapshot = {
      org: org.code,
      year,
      framework: assessment.framework_id,
      kind: assessment.kind,
      status: view.status,
      submittedAt: submittedAt.toISOString(),
      submittedBy: actor.label,
      outcomes: answers,
      evidence: await storedEvidence(trx, org.id, org.code),
      // The files' hashes, so the snapshot's hash covers every file as submitted.
      files: view.outcomes.flatMap((o) => o.files.map(fileFingerprint)),
    };
    const hash = createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
    await updateAssessment(trx, org.id, assessment.id, {
      state: 'submitted',
      submitted_at: submittedAt,
      submitted_by: actor.label,
      snapshot: JSON.stringify(snapshot),
      snapshot_hash: hash,
    });
    await audit(
      trx,
      actor,
      org.id,
      'baseline.submit',
      { state: 'draft' },
      { state: 'submitted', hash, status: view.status },
      `${org.code}/${year}`,
    );
    return buildView(trx, org, year, await findAssessment(trx, org.id, year));
  });
}
