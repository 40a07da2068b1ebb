/**
 * The audit log, scoped: records of organisations in your audit scope (org admins and national
 * roles); records without an organisation (intel loads, sign-ins) only for national roles.
 * Verifying the whole chain (as `ward audit verify`) is for national roles with audit. The
 * services decide who may read what.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditRecords, verifyAudit } from '../../services/audit/audit.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import {
  AuditRecord,
  AuditVerification,
  presentAuditRecord,
  presentAuditVerification,
} from '../schemas/audit.schemas.js';
import { ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

export function auditRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Audit records you may read, newest first',
          querystring: z.object({
            org: OrgCode.optional().describe('an organisation and its subtree'),
            action: z
              .string()
              .max(100)
              .optional()
              .describe('an action or action prefix (inventory, exception.add)'),
            actor: z.string().max(200).optional().describe('exact actor'),
            ...PageQuery,
          }),
          response: { 200: pageOf(AuditRecord), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, org, ...filters } = request.query;
        const binding = ['audit', actor.userId, org ?? null, filters];
        const beforeSeq = cursor ? ctx.cursors.decode<number>(binding, cursor) : null;
        const rows = await listAuditRecords(ctx.database, actor, {
          ...filters,
          org: org ?? null,
          beforeSeq,
          limit: limit + 1,
        });
        return page(ctx, binding, rows.map(presentAuditRecord), limit, (r) => r.seq);
      },
    );
    app.get(
      '/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary:
            'Check the hash chain of the whole audit log (national roles): the first edited or deleted record',
          response: { 200: AuditVerification, ...ERRORS },
        },
      },
      async (request) => presentAuditVerification(await verifyAudit(ctx.database, actorOf(request))),
    );
  };
}
