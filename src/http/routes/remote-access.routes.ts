/**
 * The remote-working watch over the caller's subtree (or one organisation's within it).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { remoteWorkingView } from '../../services/outside/remote-working.service.js';
import { actorOf } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS, OrgCode } from '../schemas/common.schemas.js';
import { RemoteAccessView } from '../schemas/remote-access.schemas.js';

export function remoteAccessRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/remote-access',
      {
        schema: {
          tags: ['outside-in'],
          summary:
            'Remote-access and remote-working products in use over your subtree: organisations, devices, internet-facing, open KEV flaws',
          querystring: z.object({
            org: OrgCode.optional().describe(
              'this organisation and everything under it (default: your subtree)',
            ),
          }),
          response: { 200: RemoteAccessView, ...ERRORS },
        },
      },
      async (request) => remoteWorkingView(ctx.database, actorOf(request), request.query.org ?? null),
    );
  };
}
