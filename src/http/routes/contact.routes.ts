/**
 * Contacts who receive alerts for an organisation: a page of those in your subtree, and a CSV
 * import (organisation admins and above, for organisations in their subtree; others are unknown).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeFor } from '../../domain/access/actor.js';
import { CONTACT_CSV_COLUMNS } from '../../domain/alerts/contact-csv.js';
import { contactList, importContacts } from '../../services/contacts/contact.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, named, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

const Contact = z.object({
  org: z.string().describe('ODS code'),
  orgName: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  channel: z.string().describe('email or webhook'),
  digest: z.boolean().describe('daily digest instead of one message per alert'),
  webhookUrl: z
    .string()
    .nullable()
    .describe(
      "a webhook contact's own endpoint; null: the configured WARD_WEBHOOK_URL (or an e-mail contact)",
    ),
  ownSecret: z
    .boolean()
    .describe('webhooks to it are signed with its own secret rather than the configured one'),
});
named(Contact, 'Contact');

export function contactRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.get(
      '/contacts',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Contacts of organisations in your subtree',
          querystring: z.object({ org: OrgCode.optional().describe('only this subtree'), ...PageQuery }),
          response: { 200: pageOf(Contact), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, org } = request.query;
        const binding = ['contacts', actor.userId, org ?? null];
        const offset = cursor ? ctx.cursors.decode<number>(binding, cursor) : 0;
        const all = await contactList(ctx.database, scopeFor(actor, 'read'), org ?? null);
        return page(ctx, binding, all.slice(offset, offset + limit + 1), limit, () => offset + limit);
      },
    );
    app.post(
      '/contacts/imports',
      {
        schema: {
          tags: ['alerts'],
          summary: `Import contacts from CSV (text/csv; header ${CONTACT_CSV_COLUMNS.join(',')}); all or nothing`,
          consumes: ['text/csv'],
          body: z.string().min(1).describe('the CSV text'),
          response: {
            201: z.object({
              file: z.string(),
              rows: z.number().int(),
              created: z.number().int(),
              updated: z.number().int(),
              unchanged: z.number().int(),
            }),
            ...ERRORS,
          },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        // Organisations outside the caller's admin scope read as unknown: no row can reach them.
        const result = await importContacts(
          ctx.database,
          scopeFor(actor, 'admin'),
          'contacts.csv',
          request.body,
          actor,
        );
        return reply.status(201).send(result);
      },
    );
  };
}
