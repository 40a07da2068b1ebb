/**
 * Registered public addresses: a page of the ranges and domains in your subtree, a CSV import
 * (organisation admins and above, for organisations in their subtree) and one address's owner.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADDRESS_CSV_COLUMNS } from '../../domain/outside/address-csv.js';
import { addressList, importAddresses, lookupAddress } from '../../services/outside/address.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import {
  AddressImportQuery,
  AddressImportResult,
  AddressLookup,
  presentAddress,
  presentAddressImport,
  presentAddressLookup,
  RegisteredAddress,
} from '../schemas/address.schemas.js';
import { ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

export function addressRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.get(
      '/addresses',
      {
        schema: {
          tags: ['outside-in'],
          summary: 'Registered public IP ranges and domains of organisations in your subtree',
          querystring: z.object({ org: OrgCode.optional().describe('only this subtree'), ...PageQuery }),
          response: { 200: pageOf(RegisteredAddress), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, org } = request.query;
        const binding = ['addresses', actor.userId, org ?? null];
        const offset = cursor ? ctx.cursors.decode<number>(binding, cursor) : 0;
        const all = await addressList(ctx.database, actor, org ?? null);
        const items = all.slice(offset, offset + limit + 1).map(presentAddress);
        return page(ctx, binding, items, limit, () => offset + limit);
      },
    );
    app.get(
      '/addresses/lookup',
      {
        schema: {
          tags: ['outside-in'],
          summary: 'The organisation an address is attributed to (the most specific registered range)',
          querystring: z.object({ ip: z.string().min(1).max(64).describe('an IPv4 or IPv6 address') }),
          response: { 200: AddressLookup, ...ERRORS },
        },
      },
      async (request) =>
        presentAddressLookup(await lookupAddress(ctx.database, actorOf(request), request.query.ip)),
    );
    app.post(
      '/addresses/import',
      {
        schema: {
          tags: ['outside-in'],
          summary: `Import registered addresses from CSV (text/csv; header ${ADDRESS_CSV_COLUMNS.join(',')}); the file is each named organisation's whole list unless add=true; all or nothing`,
          consumes: ['text/csv'],
          querystring: AddressImportQuery,
          body: z.string().min(1).describe('the CSV text'),
          response: { 201: AddressImportResult, ...ERRORS },
        },
      },
      async (request, reply) => {
        // Read by the service only once it has found the caller may register addresses somewhere.
        const receive = async () => ({ name: 'addresses.csv', text: request.body });
        const result = await importAddresses(ctx.database, actorOf(request), receive, {
          add: request.query.add === 'true',
        });
        return reply.status(201).send(presentAddressImport(result));
      },
    );
  };
}
