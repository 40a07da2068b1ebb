/**
 * Indicators shared under TLP 2.0: the list (filters and a cursor), adding one or many, a CSV or
 * JSON file import, one indicator, its sightings and "we saw this too", revoking (its producer),
 * counts by marking and kind, and the flags of an organisation's own things. What each caller sees
 * is the TLP rule's (src/db/tlp.ts), applied by the services.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INDICATOR_CSV_COLUMNS } from '../../domain/sharing/indicator-file.js';
import {
  addIndicators,
  indicatorSightings,
  indicatorSummary,
  listIndicators,
  revokeIndicator,
  showIndicator,
  sightIndicator,
} from '../../services/sharing/indicator.service.js';
import { importIndicators } from '../../services/sharing/indicator-import.service.js';
import { listIndicatorFlags } from '../../services/sharing/indicator-match.service.js';
import { actorOf } from '../plugins/auth.js';
import { uploadedText } from '../plugins/uploaded-files.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, pageOf } from '../schemas/common.schemas.js';
import {
  AddedIndicators,
  AddIndicatorsBody,
  FlagQuery,
  Indicator,
  IndicatorDetail,
  IndicatorFlag,
  IndicatorImportQuery,
  IndicatorImportResult,
  IndicatorQuery,
  IndicatorRef,
  IndicatorSightings,
  IndicatorSummary,
  presentAdded,
  presentFlag,
  presentImport,
  presentIndicator,
  presentIndicatorDetail,
  presentSightings,
  presentSummary,
  RevokeResult,
  SightingBody,
  SightingResult,
  toIndicatorInput,
} from '../schemas/indicator.schemas.js';

const tags = ['sharing'];
const Ref = z.object({ ref: IndicatorRef });

export function indicatorRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/indicators',
      {
        schema: {
          tags,
          summary: 'Indicators you may see under TLP, oldest change first',
          querystring: IndicatorQuery,
          response: { 200: pageOf(Indicator), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, type, value, tlp, since } = request.query;
        const binding = ['indicators', actor.userId, type ?? null, value ?? null, tlp ?? null, since ?? null];
        const after = cursor ? ctx.cursors.decode<{ modifiedAt: string; id: string }>(binding, cursor) : null;
        const list = await listIndicators(ctx.database, actor, {
          type,
          value,
          tlp,
          since: since ? new Date(since) : undefined,
          after: after ?? undefined,
          limit,
          peek: true,
        });
        const items = page(ctx, binding, list, limit, (last) => ({ modifiedAt: last.position, id: last.id }));
        return { items: items.items.map(presentIndicator), nextCursor: items.nextCursor };
      },
    );
    app.post(
      '/indicators',
      {
        schema: {
          tags,
          summary: 'Add indicators for a producing organisation (write on it): all or nothing',
          body: AddIndicatorsBody,
          response: { 201: AddedIndicators, ...ERRORS },
        },
      },
      async (request, reply) => {
        const { org, indicators } = request.body;
        const added = await addIndicators(
          ctx.database,
          actorOf(request),
          org,
          indicators.map(toIndicatorInput),
        );
        return reply.status(201).send({ items: added.map(presentAdded) });
      },
    );
    app.post(
      '/indicators/import',
      {
        schema: {
          tags,
          summary: `Import a CSV (header ${INDICATOR_CSV_COLUMNS.join(',')}) or JSON file of indicators for an organisation (multipart, one file): all or nothing, every problem with its line`,
          consumes: ['multipart/form-data'],
          querystring: IndicatorImportQuery,
          response: { 201: IndicatorImportResult, 413: ERRORS[400], ...ERRORS },
        },
      },
      async (request, reply) => {
        const receive = () => uploadedText(request, ctx.uploadLimitBytes);
        const { org, format, source } = request.query;
        const result = await importIndicators(ctx.database, actorOf(request), org, receive, {
          format,
          source,
        });
        return reply.status(201).send(presentImport(result));
      },
    );
    app.get(
      '/indicators/summary',
      {
        schema: {
          tags,
          summary: 'Counts of the indicators you may see, by marking and kind',
          response: { 200: IndicatorSummary, ...ERRORS },
        },
      },
      async (request) => presentSummary(await indicatorSummary(ctx.database, actorOf(request))),
    );
    app.get(
      '/indicators/flags',
      {
        schema: {
          tags,
          summary:
            "Indicators shared in Ward that name an organisation's own address, range, domain or service (the indicator itself only where its marking lets you see it)",
          querystring: FlagQuery,
          response: { 200: z.object({ items: z.array(IndicatorFlag) }), ...ERRORS },
        },
      },
      async (request) => {
        const { org, limit } = request.query;
        const flags = await listIndicatorFlags(ctx.database, actorOf(request), org, { limit });
        return { items: flags.map(presentFlag) };
      },
    );
    app.get(
      '/indicators/:ref',
      {
        schema: {
          tags,
          summary: 'One indicator you may see: marking, audience (producer side), sightings, other reports',
          params: Ref,
          response: { 200: IndicatorDetail, ...ERRORS },
        },
      },
      async (request) =>
        presentIndicatorDetail(await showIndicator(ctx.database, actorOf(request), request.params.ref)),
    );
    app.get(
      '/indicators/:ref/sightings',
      {
        schema: {
          tags,
          summary:
            'Its sightings: how many organisations; which ones for its producer and the national centre',
          params: Ref,
          response: { 200: IndicatorSightings, ...ERRORS },
        },
      },
      async (request) =>
        presentSightings(await indicatorSightings(ctx.database, actorOf(request), request.params.ref)),
    );
    app.post(
      '/indicators/:ref/sightings',
      {
        schema: {
          tags,
          summary:
            '"We saw this too": record that your organisation (write on it) saw an indicator you may see',
          params: Ref,
          body: SightingBody,
          response: { 201: SightingResult, ...ERRORS },
        },
      },
      async (request, reply) => {
        const { org, count, at } = request.body;
        const r = await sightIndicator(ctx.database, actorOf(request), request.params.ref, org, {
          count,
          at: at ? new Date(at) : undefined,
        });
        return reply.status(201).send(r);
      },
    );
    app.post(
      '/indicators/:ref/revoke',
      {
        schema: {
          tags,
          summary: "Withdraw an indicator (its producer's side: write on the producing organisation)",
          params: Ref,
          response: { 200: RevokeResult, ...ERRORS },
        },
      },
      async (request) => revokeIndicator(ctx.database, actorOf(request), request.params.ref),
    );
  };
}
