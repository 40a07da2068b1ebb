/**
 * External scan reports uploaded by national callers (multipart, one or more files, gzip or not);
 * the service decides access before anything uploaded is read.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { importObservations } from '../../services/outside/observe.service.js';
import { actorOf } from '../plugins/auth.js';
import { withUploadedFiles } from '../plugins/uploaded-files.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS } from '../schemas/common.schemas.js';
import {
  ObservationImportQuery,
  ObservationImportResult,
  presentObservationImport,
} from '../schemas/external.schemas.js';

export function observationRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/observations/import',
      {
        schema: {
          tags: ['external'],
          summary:
            'Import external scan reports (Shadowserver CSV, plain CSV, JSON lines; gzip detected), national roles; all or nothing',
          consumes: ['multipart/form-data'],
          querystring: ObservationImportQuery,
          response: { 201: ObservationImportResult, 413: ERRORS[400], ...ERRORS },
        },
      },
      async (request, reply) => {
        const receive = () =>
          withUploadedFiles(request, ctx.uploadLimitBytes, async (files) =>
            Promise.all(files.map(async (f) => ({ name: f.name, bytes: await readFile(f.path) }))),
          );
        const result = await importObservations(ctx.database, actorOf(request), receive, request.query);
        return reply.status(201).send(presentObservationImport(result));
      },
    );
  };
}
