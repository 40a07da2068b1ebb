/**
 * Services seen from the internet, within the caller's scope: the list and the summary by child
 * organisation (with unregistered addresses for national callers).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { externalSummary, listExternal } from '../../services/outside/external.service.js';
import { actorOf } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS } from '../schemas/common.schemas.js';
import {
  ExternalList,
  ExternalQuery,
  ExternalSummary,
  ExternalSummaryQuery,
  presentExternalList,
  presentExternalSummary,
} from '../schemas/external.schemas.js';

export function externalRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/external',
      {
        schema: {
          tags: ['external'],
          summary: 'Exposures seen from outside in your scope, most severe first (open ones unless all=true)',
          querystring: ExternalQuery,
          response: { 200: ExternalList, ...ERRORS },
        },
      },
      async (request) =>
        presentExternalList(await listExternal(ctx.database, actorOf(request), request.query)),
    );
    app.get(
      '/external/summary',
      {
        schema: {
          tags: ['external'],
          summary: 'Exposures seen from outside by child organisation, kind and severity, open and closed',
          querystring: ExternalSummaryQuery,
          response: { 200: ExternalSummary, ...ERRORS },
        },
      },
      async (request) =>
        presentExternalSummary(await externalSummary(ctx.database, actorOf(request), request.query)),
    );
  };
}
