/**
 * Ward's TAXII 2.1 routes under /taxii2/: discovery, the API root `ward`, its collections, their
 * objects (GET with filters and `next`, POST an envelope), one object, its versions, the manifest,
 * and the status of a POST. Validate → call the service → present, as the API does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { config } from '../../config.js';
import type { CollectionObjectRow } from '../../db/repositories/sharing/taxii.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { NotFoundError } from '../../errors.js';
import {
  addToCollection,
  collectionPage,
  listCollections,
  parseFilter,
  resolveCollection,
  STIX_MEDIA_TYPE,
  showStatus,
  stixObjectOf,
  type TaxiiFilter,
  versionOf,
} from '../../services/sharing/taxii.service.js';
import type { RouteContext } from '../route-context.js';
import { sendTaxii, sendTaxiiError, TAXII_MEDIA_TYPE } from './media.js';

export const API_ROOT = 'ward';
/** Largest envelope accepted by POST (the API root's max_content_length). */
export const TAXII_BODY_LIMIT = 10 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    taxiiActor: Actor | null;
  }
}

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: TaxiiFilter }>;

const actorOf = (request: FastifyRequest): Actor => request.taxiiActor as Actor;
const send = sendTaxii;

/** Where clients reach Ward: WARD_PUBLIC_URL behind a proxy, else the request's own host. */
function baseUrl(request: FastifyRequest): string {
  const configured = config().notifications.publicUrl;
  return configured ? configured.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
}

export function taxiiRoutes(ctx: RouteContext) {
  const { database, cursors } = ctx;

  /** The query a `next` belongs to: route, collection, filters (all but limit and next), caller. */
  const binding = (route: string, collection: string, actor: Actor, q: TaxiiFilter) => {
    const { limit: _l, next: _n, ...filters } = q;
    return { taxii: route, collection, filters, caller: actor.label };
  };

  /** A page of the collection's objects with its `next` (signed, bound to this query and caller). */
  async function page(
    request: Req,
    route: string,
    reply: FastifyReply,
  ): Promise<{ rows: CollectionObjectRow[]; more: boolean; next: { next?: string } }> {
    const actor = actorOf(request);
    const filter = parseFilter(request.query);
    const target = await resolveCollection(database, actor, request.params.id as string);
    const bound = binding(route, target.collection.id, actor, request.query);
    const after = request.query.next
      ? cursors.decode<{ added: string; id: string }>(bound, request.query.next)
      : undefined;
    const p = await collectionPage(database, target, filter, after);
    dateHeaders(reply, p.rows);
    return {
      rows: p.rows,
      more: p.more,
      next: p.more && p.last ? { next: cursors.encode(bound, p.last) } : {},
    };
  }

  return async (app: FastifyInstance) => {
    app.get('/', async (request, reply) =>
      send(reply, {
        title: 'Ward TAXII 2.1 server',
        description:
          'Threat intelligence shared in Ward under TLP 2.0: one collection per sharing scope you may read. Authenticate with a Ward API token (Bearer, or HTTP Basic with the token as password).',
        default: `${baseUrl(request)}/taxii2/${API_ROOT}/`,
        api_roots: [`${baseUrl(request)}/taxii2/${API_ROOT}/`],
      }),
    );

    app.get(`/${API_ROOT}/`, async (_request, reply) =>
      send(reply, {
        title: 'Ward',
        description: "Indicators shared in Ward's federation, as STIX 2.1, under the TLP rule.",
        versions: [TAXII_MEDIA_TYPE],
        max_content_length: TAXII_BODY_LIMIT,
      }),
    );

    app.get(`/${API_ROOT}/collections/`, async (request, reply) => {
      const collections = await listCollections(database, actorOf(request));
      return send(reply, { collections });
    });

    app.get(`/${API_ROOT}/collections/:id/`, async (request: Req, reply) => {
      const target = await resolveCollection(database, actorOf(request), request.params.id as string);
      return send(reply, target.collection);
    });

    app.get(`/${API_ROOT}/collections/:id/objects/`, async (request: Req, reply) => {
      const p = await page(request, 'objects', reply);
      return send(reply, envelope(p.rows, p.more, p.next));
    });

    app.post(`/${API_ROOT}/collections/:id/objects/`, async (request: Req, reply) => {
      const body = request.body as { objects?: unknown } | null;
      if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray(body.objects))
        return sendTaxiiError(
          reply,
          422,
          'Not an envelope',
          'send a TAXII envelope: {"objects": [ … STIX 2.1 objects … ]}',
        );
      const status = await addToCollection(
        database,
        actorOf(request),
        request.params.id as string,
        body.objects,
      );
      return send(reply, status, 202);
    });

    app.get(`/${API_ROOT}/collections/:id/manifest/`, async (request: Req, reply) => {
      const p = await page(request, 'manifest', reply);
      const objects = p.rows.map((r) => ({
        id: r.stix_id,
        date_added: r.added,
        version: versionOf(r),
        media_type: STIX_MEDIA_TYPE,
      }));
      return send(reply, {
        more: p.more,
        ...p.next,
        ...(objects.length > 0 ? { objects } : {}),
      });
    });

    app.get(`/${API_ROOT}/collections/:id/objects/:objectId/`, async (request: Req, reply) => {
      const rows = await oneObject(request);
      dateHeaders(reply, rows);
      return send(reply, envelope(rows, false, {}));
    });

    app.get(`/${API_ROOT}/collections/:id/objects/:objectId/versions/`, async (request: Req, reply) => {
      const rows = await oneObject(request, false);
      dateHeaders(reply, rows);
      return send(reply, { more: false, ...(rows.length > 0 ? { versions: rows.map(versionOf) } : {}) });
    });

    const status = async (request: Req, reply: FastifyReply) =>
      send(reply, await showStatus(database, actorOf(request), request.params.statusId as string));
    app.get(`/${API_ROOT}/status/:statusId/`, status);
    // taxii2-client builds the status URL without the trailing slash.
    app.get(`/${API_ROOT}/status/:statusId`, status);
  };

  /** The object with this id in the collection, as the filters select it; 404 when there is none. */
  async function oneObject(request: Req, honourVersion = true): Promise<CollectionObjectRow[]> {
    const actor = actorOf(request);
    const query = honourVersion ? request.query : { ...request.query, 'match[version]': undefined };
    const filter = parseFilter({ ...query, 'match[id]': request.params.objectId, next: undefined });
    const target = await resolveCollection(database, actor, request.params.id as string);
    const exists = await collectionPage(database, target, { ...filter, versions: undefined, any: true });
    if (exists.rows.length === 0)
      throw new NotFoundError(`no object ${request.params.objectId} in this collection`);
    return (await collectionPage(database, target, filter)).rows;
  }
}

function envelope(rows: CollectionObjectRow[], more: boolean, next: { next?: string }) {
  return { more, ...next, ...(rows.length > 0 ? { objects: rows.map(stixObjectOf) } : {}) };
}

function dateHeaders(reply: FastifyReply, rows: CollectionObjectRow[]): void {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return;
  reply.header('X-TAXII-Date-Added-First', first.added);
  reply.header('X-TAXII-Date-Added-Last', last.added);
}
