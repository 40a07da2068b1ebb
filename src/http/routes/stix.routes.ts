/**
 * STIX 2.1 bundles over the API: the caller's export (streamed; what TLP lets it see) and imports
 * of bundles (a JSON body, or multipart files, gzip or not) for an organisation it may write for.
 * The service decides access before anything uploaded is read.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { parseTlp } from '../../domain/sharing/tlp.js';
import { readAllBytes } from '../../feeds/source-bytes.js';
import { exportStixBundle } from '../../services/sharing/stix-export.service.js';
import { importStixFiles } from '../../services/sharing/stix-import.service.js';
import { actorOf } from '../plugins/auth.js';
import { withUploadedFiles } from '../plugins/uploaded-files.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS } from '../schemas/common.schemas.js';
import {
  presentStixImport,
  StixBundle,
  StixBundleQuery,
  StixImportQuery,
  StixImportResult,
} from '../schemas/stix.schemas.js';

export function stixRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/stix/bundle',
      {
        schema: {
          tags: ['sharing'],
          summary:
            'The STIX 2.1 bundle of the indicators the caller may see under TLP, with producers, sightings, reports and markings (streamed)',
          querystring: StixBundleQuery,
          response: { 200: StixBundle, ...ERRORS },
        },
      },
      async (request, reply) => {
        const { since, tlp } = request.query;
        const pieces = await exportStixBundle(ctx.database, actorOf(request), {
          since: since ? new Date(since) : undefined,
          tlp,
        });
        return reply.type('application/stix+json;version=2.1').send(Readable.from(pieces) as never);
      },
    );

    app.post(
      '/stix/import',
      {
        bodyLimit: ctx.uploadLimitBytes,
        schema: {
          tags: ['sharing'],
          summary:
            'Import STIX 2.1 bundles (a JSON body, or multipart files, gzip detected) for an organisation the caller may write for; each all or nothing, problems by object id',
          consumes: ['application/json', 'multipart/form-data'],
          querystring: StixImportQuery,
          response: { 201: StixImportResult, 413: ERRORS[400], ...ERRORS },
        },
      },
      async (request, reply) => {
        const receive = request.isMultipart()
          ? () =>
              withUploadedFiles(request, ctx.uploadLimitBytes, async (files) =>
                Promise.all(
                  files.map(async (f) => ({
                    name: f.name,
                    bytes: await readAllBytes(await readFile(f.path), { name: f.name }),
                  })),
                ),
              )
          : async () => [{ name: 'request', bundle: request.body }];
        const { org, source, unmarked } = request.query;
        const result = await importStixFiles(ctx.database, actorOf(request), receive, {
          producerCode: org,
          source,
          unmarked: unmarked ? (parseTlp(unmarked) ?? undefined) : undefined,
        });
        return reply.status(201).send(presentStixImport(result));
      },
    );
  };
}
