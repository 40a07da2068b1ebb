/**
 * The products register: everyone signed in reads it; national admins import it (CSV, all or
 * nothing). And the findings of product policy it gives an organisation's inventory.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PRODUCT_STATUSES } from '../../domain/outside/product.js';
import { PRODUCT_CSV_COLUMNS } from '../../domain/outside/product-csv.js';
import { importProducts, listRegister, showProduct } from '../../services/outside/product.service.js';
import { listPolicyFindings } from '../../services/outside/product-policy.service.js';
import { actorOf } from '../plugins/auth.js';
import { uploadedText } from '../plugins/uploaded-files.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';
import {
  PolicyFinding,
  Product,
  ProductsImported,
  presentPolicyFinding,
  presentProduct,
  presentProductsImport,
} from '../schemas/product.schemas.js';

const tags = ['products'];

export function productRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/products',
      {
        schema: {
          tags,
          summary:
            'The products register (approved, certified, not approved, end of life), by category and name',
          querystring: z.object({
            status: z.enum(PRODUCT_STATUSES).optional().describe('only products with this status'),
            category: z
              .string()
              .max(60)
              .optional()
              .describe('only this category (messaging, remote-access, …)'),
            search: z
              .string()
              .max(200)
              .optional()
              .describe('words each found in the key, name, vendor or category'),
            ...PageQuery,
          }),
          response: { 200: pageOf(Product), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, ...filters } = request.query;
        const binding = ['products', actor.userId, filters];
        const offset = cursor ? ctx.cursors.decode<number>(binding, cursor) : 0;
        const all = await listRegister(ctx.database, actor, filters);
        const items = all.slice(offset, offset + limit + 1).map(presentProduct);
        return page(ctx, binding, items, limit, () => offset + limit);
      },
    );
    app.get(
      '/products/:key',
      {
        schema: {
          tags,
          summary:
            'One product of the register by its match key (a:vendor:product), CPE 2.3 name or package URL',
          params: z.object({ key: z.string().min(1).max(500).describe('the key, URL-encoded') }),
          response: { 200: Product, ...ERRORS },
        },
      },
      async (request) =>
        presentProduct(await showProduct(ctx.database, actorOf(request), request.params.key)),
    );
    app.get(
      '/product-findings',
      {
        schema: {
          tags,
          summary:
            'Findings of product policy: products the register rules out (not approved, end of life) on the devices of an organisation and everything under it; high first',
          querystring: z.object({
            org: OrgCode.optional().describe(
              'an organisation and everything under it (default: your whole scope)',
            ),
          }),
          response: { 200: z.object({ items: z.array(PolicyFinding) }), ...ERRORS },
        },
      },
      async (request) => ({
        items: (await listPolicyFindings(ctx.database, actorOf(request), { org: request.query.org })).map(
          presentPolicyFinding,
        ),
      }),
    );
    app.post(
      '/products/import',
      {
        schema: {
          tags,
          summary: `Import the register from CSV (national admins; header ${PRODUCT_CSV_COLUMNS.join(',')}): each product named takes exactly the statuses given. All or nothing`,
          consumes: ['multipart/form-data'],
          response: { 201: ProductsImported, 413: ERRORS[400], ...ERRORS },
        },
      },
      async (request, reply) => {
        const receive = () => uploadedText(request, ctx.uploadLimitBytes);
        return reply
          .status(201)
          .send(presentProductsImport(await importProducts(ctx.database, actorOf(request), receive)));
      },
    );
  };
}
