/**
 * Evidence files on an assessment's outcomes: multipart upload (files only, each limited in size,
 * 413 beyond it), list, download as an attachment of the type recognised at upload, and delete
 * while the assessment is a draft. The service decides access and state; these routes validate,
 * call and present. Registered by `baseline.routes.ts`.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentBaselineYear } from '../../domain/baseline/assessment.js';
import { attachmentDisposition, EVIDENCE_FILE_MAX_BYTES } from '../../domain/baseline/evidence-file.js';
import {
  attachEvidenceFiles,
  deleteEvidenceFile,
  evidenceFileContent,
  listEvidenceFiles,
} from '../../services/baseline/evidence-file.service.js';
import { actorOf } from '../plugins/auth.js';
import { withUploadedFiles } from '../plugins/uploaded-files.js';
import type { RouteContext } from '../route-context.js';
import { EvidenceFile, presentEvidenceFile, Year } from '../schemas/baseline.schemas.js';
import { ERRORS, OrgCode, Problem, Uuid } from '../schemas/common.schemas.js';

const OutcomeId = z.string().max(10).describe('outcome id');
const YearQuery = z.object({ year: Year.optional() });
const yearOf = (q: { year?: number }) => q.year ?? currentBaselineYear(new Date());
const Files = z.object({ items: z.array(EvidenceFile).describe('evidence files') });

export function evidenceFileRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['baseline'];
  api.post(
    '/baseline/assessments/:code/outcomes/:outcome/files',
    {
      schema: {
        tags,
        summary: `Attach evidence files to an outcome of the draft (multipart, files only; PDF, PNG, JPEG, text, CSV, DOCX, XLSX up to ${EVIDENCE_FILE_MAX_BYTES / 1048576} MB each); all or nothing`,
        consumes: ['multipart/form-data'],
        params: z.object({ code: OrgCode, outcome: OutcomeId }),
        querystring: YearQuery,
        response: { 201: Files, 409: Problem, 413: Problem, ...ERRORS },
      },
    },
    async (request, reply) => {
      const limit = Math.min(ctx.uploadLimitBytes, EVIDENCE_FILE_MAX_BYTES);
      const files = await attachEvidenceFiles(
        ctx.database,
        actorOf(request),
        request.params.code,
        yearOf(request.query),
        request.params.outcome,
        () =>
          withUploadedFiles(request, limit, (saved) =>
            Promise.all(saved.map(async (f) => ({ name: f.name, content: await readFile(f.path) }))),
          ),
      );
      return reply.status(201).send({ items: files.map(presentEvidenceFile) });
    },
  );
  api.get(
    '/baseline/assessments/:code/files',
    {
      schema: {
        tags,
        summary: "The evidence files of an organisation's assessment for a year",
        params: z.object({ code: OrgCode }),
        querystring: YearQuery.extend({ outcome: OutcomeId.optional() }),
        response: { 200: Files, ...ERRORS },
      },
    },
    async (request) => ({
      items: (
        await listEvidenceFiles(
          ctx.database,
          actorOf(request),
          request.params.code,
          yearOf(request.query),
          request.query.outcome,
        )
      ).map(presentEvidenceFile),
    }),
  );
  api.get(
    '/baseline/assessments/:code/files/:id',
    {
      schema: {
        tags,
        summary: 'Download an evidence file (as an attachment, of the type recognised at upload)',
        params: z.object({ code: OrgCode, id: Uuid }),
        response: {
          200: z.unknown().describe('the file, of the media type recognised at upload (not JSON)'),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const file = await evidenceFileContent(
        ctx.database,
        actorOf(request),
        request.params.code,
        request.params.id,
      );
      return reply
        .header('content-type', file.type)
        .header('content-disposition', attachmentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-length', file.size)
        .send(file.content);
    },
  );
  api.delete(
    '/baseline/assessments/:code/files/:id',
    {
      schema: {
        tags,
        summary: 'Delete an evidence file while the assessment is a draft',
        params: z.object({ code: OrgCode, id: Uuid }),
        response: { 204: z.null(), 409: Problem, ...ERRORS },
      },
    },
    async (request, reply) => {
      await deleteEvidenceFile(ctx.database, actorOf(request), request.params.code, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
