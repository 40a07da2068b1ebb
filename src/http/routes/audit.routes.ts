/**
 * The audit log, scoped: records of organisations in your audit scope (org admins and national
 * roles); records without an organisation (intel loads, sign-ins) only for national roles.
 * Verifying the whole chain (as `ward audit verify`) is for national roles with audit.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireNational, requireOrgAccess } from '../../services/access.service.js';
import { listAuditRecords, verifyAudit } from '../../services/audit.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, named, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

const AuditRecord = z.object({
  seq: z.number().int().describe('position in the chain'),
  at: z.string(),
  actor: z.string().describe('user:NAME, token:NAME/TOKEN, cli:OSUSER or system'),
  org: z.string().nullable().describe('ODS code of the organisation concerned'),
  action: z.string().describe('e.g. inventory.import, exception.add, membership.grant'),
  target: z.string().nullable(),
  before: z.unknown().describe('summary before the write'),
  after: z.unknown().describe('summary after the write'),
  hash: z.string().describe('sha256 chain hash'),
});
named(AuditRecord, 'AuditRecord');

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
        const under = org ? await requireOrgAccess(ctx.database, actor, 'audit', org) : null;
        const rows = await listAuditRecords(ctx.database, actor, {
          ...filters,
          orgId: under?.id ?? null,
          beforeSeq,
          limit: limit + 1,
        });
        return page(ctx, binding, rows, limit, (r) => r.seq);
      },
    );
    app.get(
      '/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary:
            'Check the hash chain of the whole audit log (national roles): the first edited or deleted record',
          response: {
            200: z.object({
              records: z.number().int(),
              ok: z.boolean(),
              problem: z
                .union([
                  z.object({ kind: z.literal('edited'), seq: z.number().int() }),
                  z.object({
                    kind: z.literal('deleted'),
                    afterSeq: z.number().int().nullable(),
                    beforeSeq: z.number().int(),
                  }),
                ])
                .nullable(),
              message: z.string(),
            }),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        requireNational(actorOf(request), 'audit', 'verify the whole audit log');
        return verifyAudit(ctx.database);
      },
    );
  };
}
