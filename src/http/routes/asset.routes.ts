/**
 * Assets: a page of a subtree's assets and one asset with its installed components.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ASSET_TYPES } from '../../domain/inventory/asset.js';
import { listAssetPage, showAsset } from '../../services/inventory/asset.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { Asset, AssetDetail, presentAsset, presentAssetDetail } from '../schemas/asset.schemas.js';
import { ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

export function assetRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/assets',
      {
        config: { cache: true },
        schema: {
          tags: ['assets'],
          summary: 'Assets you can see, by organisation and asset id',
          querystring: z.object({
            org: OrgCode.optional().describe('an organisation and its subtree'),
            type: z.enum(ASSET_TYPES).optional().describe('only this asset type'),
            retired: z.stringbool().optional().describe('retired assets instead of current ones'),
            ...PageQuery,
          }),
          response: { 200: pageOf(Asset), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, ...filters } = request.query;
        const binding = ['assets', actor.userId, filters];
        const after = cursor ? ctx.cursors.decode<[string, string]>(binding, cursor) : null;
        const assets = await listAssetPage(ctx.database, actor, { ...filters, after, limit: limit + 1 });
        return page(ctx, binding, assets.map(presentAsset), limit, (a) => [a.org, a.assetId]);
      },
    );
    app.get(
      '/assets/:id',
      {
        schema: {
          tags: ['assets'],
          summary: 'One asset and its installed components',
          params: z.object({
            id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('Ward asset id'),
          }),
          response: { 200: AssetDetail, ...ERRORS },
        },
      },
      async (request) =>
        presentAssetDetail(await showAsset(ctx.database, actorOf(request), request.params.id)),
    );
  };
}
