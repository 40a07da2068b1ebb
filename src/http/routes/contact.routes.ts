/**
 * Contacts who receive alerts for an organisation: a page of those in your subtree, and a CSV
 * import (organisation admins and above, for organisations in their subtree; others are unknown).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTACT_CSV_COLUMNS } from '../../domain/alerts/contact-csv.js';
import { contactList, importContacts } from '../../services/contacts/contact.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';
import {
  Contact,
  ContactImportResult,
  presentContact,
  presentContactImport,
} from '../schemas/contact.schemas.js';

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
        const all = await contactList(ctx.database, actor, org ?? null);
        const items = all.slice(offset, offset + limit + 1).map(presentContact);
        return page(ctx, binding, items, limit, () => offset + limit);
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
            201: ContactImportResult,
            ...ERRORS,
          },
        },
      },
      async (request, reply) => {
        // Organisations outside the caller's admin scope read as unknown: no row can reach them.
        const result = await importContacts(ctx.database, actorOf(request), 'contacts.csv', request.body);
        return reply.status(201).send(presentContactImport(result));
      },
    );
  };
}
