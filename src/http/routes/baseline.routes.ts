/**
 * The baseline self-assessment: frameworks and profiles (readable by anyone signed in), and each
 * organisation's assessment — read by viewers, answered by responders and admins of the
 * organisation, reviewed by its parent's admins and national roles, published by its admins. The
 * services decide access; routes validate, call and present.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentBaselineYear } from '../../domain/baseline/assessment.js';
import { ORG_KINDS } from '../../domain/org/organisation.js';
import { setOutcome, showAssessment, submitAssessment } from '../../services/baseline/assessment.service.js';
import { publishAssessment, reviewAssessment } from '../../services/baseline/assessment-review.service.js';
import {
  frameworkOutcomes,
  importFrameworkFile,
  importProfileFile,
  listFrameworks,
  showProfiles,
} from '../../services/baseline/framework.service.js';
import { baselineSummary } from '../../services/baseline/summary.service.js';
import { actorOf } from '../plugins/auth.js';
import { uploadedText } from '../plugins/uploaded-files.js';
import type { RouteContext } from '../route-context.js';
import {
  Assessment,
  Framework,
  FrameworkOutcome,
  OutcomeUpdate,
  ProfileEntry,
  presentAssessment,
  presentFramework,
  presentFrameworkOutcome,
  presentProfileEntry,
  presentSummary,
  ReviewRequest,
  Summary,
  Year,
} from '../schemas/baseline.schemas.js';
import { ERRORS, OrgCode, Problem } from '../schemas/common.schemas.js';

const FrameworkImported = z.object({
  file: z.string().describe('the file as uploaded'),
  framework: z.string().describe('framework id'),
  outcomes: z.number().int().describe('contributing outcomes imported'),
});
const ProfilesImported = z.object({
  file: z.string().describe('the file as uploaded'),
  rows: z.number().int().describe('expected levels imported'),
  profiles: z.number().int().describe('profiles (framework, year, kind) replaced'),
  source: z.string().describe('the source name the profiles carry'),
});

import { evidenceFileRoutes } from './baseline-evidence-file.routes.js';

const WRITE_ERRORS = { ...ERRORS, 409: Problem } as const;
const YearQuery = z.object({ year: Year.optional() });
const yearOf = (q: { year?: number }) => q.year ?? currentBaselineYear(new Date());

export function baselineRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['baseline'];
    evidenceFileRoutes(app, ctx);
    app.get(
      '/baseline/frameworks',
      {
        schema: {
          tags,
          summary: 'Frameworks imported',
          response: { 200: z.object({ items: z.array(Framework) }), ...ERRORS },
        },
      },
      async (request) => ({
        items: (await listFrameworks(ctx.database, actorOf(request))).map(presentFramework),
      }),
    );
    app.post(
      '/baseline/frameworks',
      {
        schema: {
          tags,
          summary:
            'Import a framework file (JSON; national admins). All or nothing: every problem is listed with its line',
          consumes: ['multipart/form-data'],
          response: { 201: FrameworkImported, 409: Problem, 413: Problem, ...ERRORS },
        },
      },
      async (request, reply) => {
        const receive = () => uploadedText(request, ctx.uploadLimitBytes);
        return reply.status(201).send(await importFrameworkFile(ctx.database, actorOf(request), receive));
      },
    );
    app.post(
      '/baseline/profiles',
      {
        schema: {
          tags,
          summary:
            'Import profiles from CSV (framework,year,kind,outcome,expected_level; national admins); each (framework, year, kind) in the file replaces the stored one. All or nothing',
          consumes: ['multipart/form-data'],
          response: { 201: ProfilesImported, 413: Problem, ...ERRORS },
        },
      },
      async (request, reply) => {
        const receive = () => uploadedText(request, ctx.uploadLimitBytes);
        return reply.status(201).send(await importProfileFile(ctx.database, actorOf(request), receive));
      },
    );
    app.get(
      '/baseline/frameworks/:id/outcomes',
      {
        schema: {
          tags,
          summary: "A framework's outcomes with Ward's questions and guidance",
          params: z.object({ id: z.string().max(40).describe('framework id') }),
          response: { 200: z.object({ items: z.array(FrameworkOutcome) }), ...ERRORS },
        },
      },
      async (request) => ({
        items: (await frameworkOutcomes(ctx.database, actorOf(request), request.params.id)).map(
          presentFrameworkOutcome,
        ),
      }),
    );
    app.get(
      '/baseline/profiles',
      {
        schema: {
          tags,
          summary: 'Expected levels per outcome, by kind of organisation and year',
          querystring: z.object({
            year: Year.optional(),
            kind: z.string().max(40).optional().describe('kind of organisation'),
            framework: z.string().max(40).optional().describe('framework id'),
          }),
          response: { 200: z.object({ items: z.array(ProfileEntry) }), ...ERRORS },
        },
      },
      async (request) => ({
        items: (await showProfiles(ctx.database, actorOf(request), request.query)).map(presentProfileEntry),
      }),
    );
    app.get(
      '/baseline/summary',
      {
        schema: {
          tags,
          summary:
            'The picture for a subtree: outcomes met / one level short / missed, weakest outcomes, furthest organisations, submission status',
          querystring: z.object({
            org: OrgCode.optional().describe('root of the subtree (default: the root of your scope)'),
            year: Year.optional(),
            deadline: z.iso
              .date()
              .optional()
              .describe('national submission deadline (default: 30 June after the year)'),
            by: z
              .enum(ORG_KINDS)
              .optional()
              .describe(
                "the heat-map's rows: every organisation of this kind in the subtree (e.g. icb for the national picture by ICB); default: the subtree root's children",
              ),
          }),
          response: { 200: Summary, ...ERRORS },
        },
      },
      async (request) =>
        presentSummary(
          await baselineSummary(
            ctx.database,
            actorOf(request),
            request.query.org ?? null,
            yearOf(request.query),
            {
              deadline: request.query.deadline,
              heatMapRows: request.query.by ? { kind: request.query.by } : undefined,
            },
          ),
        ),
    );
    app.get(
      '/baseline/assessments/:code',
      {
        schema: {
          tags,
          summary: "An organisation's assessment for a year",
          params: z.object({ code: OrgCode }),
          querystring: YearQuery,
          response: { 200: Assessment, ...ERRORS },
        },
      },
      async (request) =>
        presentAssessment(
          await showAssessment(ctx.database, actorOf(request), request.params.code, yearOf(request.query)),
        ),
    );
    app.put(
      '/baseline/assessments/:code/outcomes/:outcome',
      {
        schema: {
          tags,
          summary: 'Answer one outcome in the draft (starts the draft on first save)',
          params: z.object({ code: OrgCode, outcome: z.string().max(10).describe('outcome id') }),
          querystring: YearQuery,
          body: OutcomeUpdate,
          response: { 200: Assessment, ...WRITE_ERRORS },
        },
      },
      async (request) =>
        presentAssessment(
          await setOutcome(
            ctx.database,
            actorOf(request),
            request.params.code,
            yearOf(request.query),
            request.params.outcome,
            request.body,
          ),
        ),
    );
    app.post(
      '/baseline/assessments/:code/submit',
      {
        schema: {
          tags,
          summary: 'Submit the draft: an immutable snapshot, its hash in the audit log',
          params: z.object({ code: OrgCode }),
          querystring: YearQuery,
          response: { 200: Assessment, ...WRITE_ERRORS },
        },
      },
      async (request) =>
        presentAssessment(
          await submitAssessment(ctx.database, actorOf(request), request.params.code, yearOf(request.query)),
        ),
    );
    app.post(
      '/baseline/assessments/:code/review',
      {
        schema: {
          tags,
          summary:
            'Agree with or challenge outcomes of a submitted assessment (parent admins, national roles)',
          params: z.object({ code: OrgCode }),
          querystring: YearQuery,
          body: ReviewRequest,
          response: { 200: Assessment, ...WRITE_ERRORS },
        },
      },
      async (request) =>
        presentAssessment(
          await reviewAssessment(
            ctx.database,
            actorOf(request),
            request.params.code,
            yearOf(request.query),
            request.body.verdicts,
          ),
        ),
    );
    app.post(
      '/baseline/assessments/:code/publish',
      {
        schema: {
          tags,
          summary: 'Publish a reviewed assessment (its admins, national roles)',
          params: z.object({ code: OrgCode }),
          querystring: YearQuery,
          response: { 200: Assessment, ...WRITE_ERRORS },
        },
      },
      async (request) =>
        presentAssessment(
          await publishAssessment(ctx.database, actorOf(request), request.params.code, yearOf(request.query)),
        ),
    );
  };
}
