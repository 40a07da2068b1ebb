/**
 * Baseline frameworks, profiles and assessments as the API shows them, and the presenters that
 * shape the services' values into them.
 */
import { z } from 'zod';
import { ASSESSMENT_STATES, REVIEW_VERDICTS } from '../../domain/baseline/assessment.js';
import { OVERALL_STATUSES } from '../../domain/baseline/assessment-status.js';
import {
  EVIDENCE_FILE_TYPES,
  type EvidenceFile as EvidenceFileValue,
} from '../../domain/baseline/evidence-file.js';
import { EVIDENCE_RULE_IDS, EVIDENCE_UNITS } from '../../domain/baseline/evidence-rules.js';
import { LEVELS } from '../../domain/baseline/level.js';
import type { AssessmentView } from '../../services/baseline/assessment.service.js';
import type {
  FrameworkOutcomeView,
  FrameworkSummary,
  ProfileLine,
} from '../../services/baseline/framework.service.js';
import { type BaselineSummary, SUBMISSION_STATES } from '../../services/baseline/summary.service.js';
import { named } from './common.schemas.js';

export const Level = z.enum(LEVELS).describe('Not achieved, Partially achieved or Achieved');
export const Year = z.coerce
  .number()
  .int()
  .min(2000)
  .max(2100)
  .describe('assessment year (April to March, named by the year it starts in); default: the current one');

export const Framework = z.object({
  id: z.string().describe('framework id, e.g. caf-3.2-e'),
  title: z.string().describe('title'),
  version: z.string().describe('version of the framework'),
  notes: z.string().nullable().describe('where the ids and wording come from'),
  outcomes: z.number().int().describe('number of contributing outcomes'),
  importedAt: z.string().describe('when it was imported'),
});

const Ref = z.object({ id: z.string().describe('id'), title: z.string().describe('title') });

export const FrameworkOutcome = z.object({
  id: z.string().describe('outcome id, e.g. B4.d'),
  objective: Ref.describe('the objective it belongs to'),
  principle: Ref.describe('the principle it belongs to'),
  title: z.string().describe('title'),
  levels: z.array(Level).describe('the levels this outcome allows'),
  question: z.string().describe("Ward's plain-English question"),
  plainQuestion: z.string().nullable().describe('the question for organisations with no security staff'),
  guidance: z.string().describe('what good evidence looks like'),
});

export const ProfileEntry = z.object({
  framework: z.string().describe('framework id'),
  year: z.number().int().describe('assessment year'),
  kind: z.string().describe('kind of organisation'),
  outcome: z.string().describe('outcome id'),
  title: z.string().describe('outcome title'),
  expectedLevel: Level.describe('level expected'),
  source: z.string().describe("`default` for Ward's shipped default profile, else the file it came from"),
});

export const ImprovementAction = z.object({
  what: z.string().min(1).max(2000).describe('what will be done'),
  owner: z.string().min(1).max(200).describe('who will do it'),
  due: z.iso.date().describe('by when (YYYY-MM-DD)'),
});

export const EvidenceItem = z.object({
  rule: z.enum(EVIDENCE_RULE_IDS).describe('auto-evidence rule'),
  outcome: z.string().describe('outcome it bears on'),
  title: z.string().describe('what is measured'),
  figure: z.number().nullable().describe('the figure (null: nothing to measure)'),
  unit: z.enum(EVIDENCE_UNITS).describe('count, percent or days'),
  threshold: z.string().describe('the rule and its thresholds, in words'),
  suggestedLevel: Level.nullable().describe('the level the figure supports'),
  computedAt: z.string().describe('when the figure was computed'),
  link: z.string().describe('the API list behind the figure'),
  details: z.unknown().describe('the counts behind the figure'),
  contradicted: z.boolean().describe('the claimed level is above the level the figure supports'),
});

export const EvidenceFile = z.object({
  id: z.uuid().describe('file id (download it at /api/v1/baseline/assessments/{code}/files/{id})'),
  outcome: z.string().describe('outcome id it is evidence for'),
  name: z.string().describe('file name as uploaded'),
  type: z.enum(EVIDENCE_FILE_TYPES).describe('media type recognised from the content'),
  size: z.number().int().describe('size in bytes'),
  sha256: z.string().describe('SHA-256 of the content (the submitted snapshot covers it)'),
  uploadedAt: z.string().describe('when it was uploaded'),
  uploadedBy: z.string().describe('who uploaded it'),
  carriedFrom: z
    .number()
    .int()
    .nullable()
    .describe(
      "the year it was carried from into this draft, to be rechecked; null: uploaded to this year's assessment",
    ),
});

export const OutcomeResult = FrameworkOutcome.omit({ plainQuestion: true }).extend({
  question: z.string().describe('the question as this organisation is asked it'),
  expected: Level.describe('level its profile expects'),
  level: Level.nullable().describe('level claimed (null: not answered)'),
  standing: z.enum(['meets', 'one_short', 'misses']).describe('against the profile'),
  justification: z.string().describe('why this level'),
  evidenceNotes: z.string().describe('evidence notes and links'),
  owner: z.string().nullable().describe('who owns the outcome'),
  action: ImprovementAction.nullable().describe('improvement action (needed when below profile)'),
  review: z
    .object({
      verdict: z.enum(REVIEW_VERDICTS).describe('agree or challenge'),
      comment: z.string().nullable().describe("the reviewer's comment"),
      by: z.string().describe('reviewer'),
      at: z.string().describe('when'),
    })
    .nullable()
    .describe("the reviewer's verdict"),
  evidence: z.array(EvidenceItem).describe("Ward's own figures for this outcome"),
  files: z.array(EvidenceFile).describe('files uploaded as evidence on this outcome'),
});

export const Assessment = z.object({
  org: z
    .object({
      code: z.string().describe('ODS code'),
      name: z.string().describe('name'),
      kind: z.string().describe('kind'),
    })
    .describe('the organisation'),
  year: z.number().int().describe('assessment year'),
  framework: z.string().describe('framework id'),
  state: z.enum(ASSESSMENT_STATES).describe('not_started, draft, submitted, reviewed or published'),
  status: z.enum(OVERALL_STATUSES).describe('met, approaching or not_met, by the rule in statusRule'),
  statusRule: z.string().describe('how status is derived, in words'),
  submittedAt: z.string().nullable().describe('when submitted'),
  submittedBy: z.string().nullable().describe('who submitted'),
  snapshotHash: z.string().nullable().describe('sha256 of the submitted snapshot (also in the audit log)'),
  reviewedAt: z.string().nullable().describe('when the review completed'),
  reviewedBy: z.string().nullable().describe('who completed it'),
  publishedAt: z.string().nullable().describe('when published'),
  publishedBy: z.string().nullable().describe('who published'),
  outcomes: z.array(OutcomeResult).describe('outcomes of its profile, in framework order'),
});

export const OutcomeUpdate = z
  .object({
    level: Level.optional(),
    justification: z.string().max(10_000).optional().describe('why this level'),
    evidenceNotes: z.string().max(20_000).optional().describe('evidence notes and links'),
    owner: z.string().max(200).nullable().optional().describe('who owns the outcome'),
    action: ImprovementAction.nullable().optional().describe('improvement action; null removes it'),
  })
  .describe('fields to change; those left out stay as they are');

export const ReviewRequest = z.object({
  verdicts: z
    .array(
      z.object({
        outcome: z.string().describe('outcome id'),
        verdict: z.enum(REVIEW_VERDICTS).describe('agree or challenge'),
        comment: z.string().max(5000).nullable().optional().describe('needed for a challenge'),
      }),
    )
    .min(1)
    .max(100)
    .describe('verdicts on outcomes'),
});

const OutcomeCounts = z.object({
  frameworkId: z.string().describe('framework id'),
  outcomeId: z.string().describe('outcome id'),
  title: z.string().describe('outcome title'),
  meets: z.number().int().describe('organisations at or above their expected level'),
  oneShort: z.number().int().describe('organisations one level below it'),
  misses: z.number().int().describe('organisations further below, or not answered'),
  notStarted: z
    .number()
    .int()
    .describe(
      'organisations expected to answer it that have not started their assessment (not in the counts above)',
    ),
});

const TrendFigures = {
  share: z.number().nullable().describe('percent of answers at or above the expected level this year'),
  previousShare: z.number().nullable().describe('the same in the previous published year'),
  change: z.number().nullable().describe('change in percentage points (null when either year has no figure)'),
};

export const Trend = z
  .object({
    year: z.number().int().describe('this year'),
    previousYear: z
      .number()
      .int()
      .nullable()
      .describe('the last earlier year with published assessments in the subtree (null: none)'),
    rule: z.string().describe('how the trend is computed, in words'),
    overall: z.object(TrendFigures).describe('over every outcome'),
    outcomes: z
      .array(z.object({ outcomeId: z.string().describe('outcome id'), ...TrendFigures }))
      .describe('per outcome'),
  })
  .describe('year-on-year trend of the share meeting profile');

export const Summary = z.object({
  org: z
    .object({
      code: z.string().describe('ODS code'),
      name: z.string().describe('name'),
      kind: z.string().describe('kind'),
    })
    .describe('the root of the subtree'),
  year: z.number().int().describe('assessment year'),
  deadline: z.string().describe('national submission deadline (YYYY-MM-DD)'),
  organisations: z
    .number()
    .int()
    .describe('organisations in the subtree expected to assess (their kind has a profile)'),
  outcomes: z.array(OutcomeCounts).describe('per outcome, over the assessments started in the subtree'),
  weakest: z
    .array(
      OutcomeCounts.extend({ shareBelow: z.number().describe('percent of organisations below profile') }),
    )
    .describe('outcomes with the largest share below profile'),
  furthest: z
    .array(
      z.object({
        code: z.string().describe('ODS code'),
        name: z.string().describe('name'),
        kind: z.string().describe('kind'),
        state: z.string().describe('assessment state'),
        levelsShort: z.number().int().describe('levels below profile summed over outcomes (unanswered: 2)'),
        outcomesBelow: z.number().int().describe('outcomes below profile'),
      }),
    )
    .describe('organisations furthest from their profile'),
  submission: z
    .object(
      Object.fromEntries(
        SUBMISSION_STATES.map((s) => [
          s,
          z
            .number()
            .int()
            .describe(`organisations ${s.replace('_', ' ')}`),
        ]),
      ) as Record<(typeof SUBMISSION_STATES)[number], z.ZodNumber>,
    )
    .describe('organisations by submission status; not started or draft after the deadline count as overdue'),
  children: z
    .array(
      z.object({
        code: z.string().describe('ODS code of the child organisation'),
        name: z.string().describe('name'),
        kind: z.string().describe('kind'),
        organisations: z.number().int().describe('organisations of its subtree expected to assess'),
        notStarted: z.number().int().describe('of those, how many have not started'),
        outcomes: z
          .array(OutcomeCounts.omit({ frameworkId: true, title: true }))
          .describe("the counts of the child's subtree per outcome"),
      }),
    )
    .describe(
      'the outcome × child organisation heat-map (every child with organisations expected to assess)',
    ),
  trend: Trend,
});

export const presentSummary = (s: BaselineSummary): z.infer<typeof Summary> => ({ ...s });

export const presentFramework = (f: FrameworkSummary): z.infer<typeof Framework> => ({ ...f });
export const presentFrameworkOutcome = (o: FrameworkOutcomeView): z.infer<typeof FrameworkOutcome> => ({
  ...o,
});
export const presentProfileEntry = (p: ProfileLine): z.infer<typeof ProfileEntry> => ({ ...p });
export const presentAssessment = (a: AssessmentView): z.infer<typeof Assessment> => ({
  ...a,
  outcomes: a.outcomes.map((o) => ({ ...o })),
});

export const presentEvidenceFile = (f: EvidenceFileValue): z.infer<typeof EvidenceFile> => ({ ...f });

named(Assessment, 'BaselineAssessment');
named(EvidenceFile, 'BaselineEvidenceFile');
named(Summary, 'BaselineSummary');
