/**
 * Ward's TAXII 2.1 server, apart from HTTP: the collections a caller may read, their objects (the
 * indicators as STIX 2.1), manifests, versions, and the status of envelopes posted.
 *
 * Collections, one per sharing scope the caller reads (see README, "TAXII 2.1"):
 * - the federation: every TLP:CLEAR and TLP:GREEN indicator (one fixed id);
 * - per legal entity the caller belongs to (a site counts as its trust): its own indicators, every
 *   marking (RED only where the caller is named) — its id is the entity's; writable by the
 *   entity's responders;
 * - per legal entity: "shared with" it — other producers' AMBER naming it (alone, or an ancestor
 *   with its subtree) and RED naming the caller;
 * - per sharing group covering one of the caller's entities: the AMBER shared with that group.
 * Every read is the collection's scope AND the TLP rule, both in SQL.
 *
 * Ward keeps one version of an indicator (its last change): its date added is that change, so an
 * updated indicator is added again, and `versions` lists one version.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../db/connect.js';
import { readerOf } from '../../db/repositories/sharing/reader.repository.js';
import {
  type CollectionObjectRow,
  type CollectionScope,
  findStatus,
  groupsCovering,
  insertStatus,
  listCollectionObjects,
  type StatusRow,
} from '../../db/repositories/sharing/taxii.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { indicatorToStix, type StixObject } from '../../domain/sharing/stix/objects.js';
import type { Reader } from '../../domain/sharing/tlp-audience.js';
import { ForbiddenError, invalidFields, NotFoundError } from '../../errors.js';
import { permittedOrgIds } from '../access/access.service.js';
import { importStixObjects, StixImportError } from './stix-import.service.js';

/** STIX objects' media type as TAXII 2.1 names it. */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
/** The most objects a page carries (a larger `limit` is served as this). */
export const MAX_PAGE = 1000;

export interface TaxiiCollection {
  id: string;
  title: string;
  description: string;
  can_read: boolean;
  can_write: boolean;
  media_types: string[];
}

interface Resolved {
  collection: TaxiiCollection;
  scope: CollectionScope;
  /** The organisation objects posted here are produced by (writable collections only). */
  producerCode: string | null;
}

/** A name-based UUID (version 5 layout) for collections that have no row of their own. */
export function collectionUuid(name: string): string {
  const h = createHash('sha1').update(`ward-taxii:${name}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export const FEDERATION_COLLECTION = collectionUuid('federation');

async function resolveAll(database: Database, actor: Actor, reader: Reader): Promise<Resolved[]> {
  const entityIds = [...reader.entityIds];
  const entities =
    entityIds.length === 0
      ? []
      : await database.db
          .selectFrom('organisations')
          .select(['id', 'code', 'name'])
          .where('id', 'in', entityIds)
          .orderBy('code')
          .execute();
  const writable = await permittedOrgIds(database.db, actor, 'write', new Set(entityIds));
  const groups = await groupsCovering(database.db, entityIds);
  const out: Resolved[] = [
    {
      collection: collection(
        FEDERATION_COLLECTION,
        'Federation: TLP:CLEAR and TLP:GREEN',
        'Every TLP:CLEAR and TLP:GREEN indicator shared in Ward, from any organisation.',
        false,
      ),
      scope: { kind: 'federation' },
      producerCode: null,
    },
  ];
  for (const e of entities) {
    out.push({
      collection: collection(
        e.id,
        `${e.code}: own indicators`,
        `Indicators ${e.name} produced, under every marking (TLP:RED only where you are named). Objects posted here are added as ${e.code}'s.`,
        writable.has(e.id),
      ),
      scope: { kind: 'entity', entityId: e.id },
      producerCode: e.code,
    });
    out.push({
      collection: collection(
        collectionUuid(`shared:${e.id}`),
        `${e.code}: shared with us`,
        `Other organisations' TLP:AMBER indicators naming ${e.name} (or an organisation above it with its subtree), and TLP:RED naming you.`,
        false,
      ),
      scope: { kind: 'shared', entityId: e.id },
      producerCode: null,
    });
  }
  for (const g of groups)
    out.push({
      collection: collection(
        g.id,
        `Sharing group: ${g.name}`,
        g.description || `TLP:AMBER indicators shared with the sharing group ${g.name}.`,
        false,
      ),
      scope: { kind: 'group', groupId: g.id },
      producerCode: null,
    });
  return out;
}

function collection(id: string, title: string, description: string, canWrite: boolean): TaxiiCollection {
  return { id, title, description, can_read: true, can_write: canWrite, media_types: [STIX_MEDIA_TYPE] };
}

export async function listCollections(database: Database, actor: Actor): Promise<TaxiiCollection[]> {
  const reader = await readerOf(database.db, actor);
  return (await resolveAll(database, actor, reader)).map((r) => r.collection);
}

/** One collection the caller may read; not found otherwise (a collection out of reach does not exist). */
export async function resolveCollection(
  database: Database,
  actor: Actor,
  id: string,
): Promise<Resolved & { reader: Reader }> {
  const reader = await readerOf(database.db, actor);
  const found = (await resolveAll(database, actor, reader)).find((r) => r.collection.id === id.toLowerCase());
  if (!found) throw new NotFoundError(`no collection ${id}`);
  return { ...found, reader };
}

/** The filters of a TAXII request (query parameters, as sent). */
export interface TaxiiFilter {
  added_after?: string;
  limit?: string;
  next?: string;
  'match[type]'?: string;
  'match[id]'?: string;
  'match[version]'?: string;
  'match[spec_version]'?: string;
}

/** TAXII timestamps: RFC 3339 in UTC, `Z`, any fraction. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export interface ParsedFilter {
  addedAfter?: string;
  limit: number;
  /** False when the types or spec versions asked for exclude every indicator. */
  any: boolean;
  stixIds?: string[];
  versions?: string[];
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** Validates a request's filters (400 naming each bad one). */
export function parseFilter(f: TaxiiFilter): ParsedFilter {
  const problems: Record<string, string> = {};
  if (
    f.added_after !== undefined &&
    (!TIMESTAMP.test(f.added_after) || Number.isNaN(Date.parse(f.added_after)))
  )
    problems.added_after = 'give a timestamp like 2026-01-31T12:00:00.000Z';
  let limit = MAX_PAGE;
  if (f.limit !== undefined) {
    limit = Number(f.limit);
    if (!/^\d+$/.test(f.limit) || limit < 1) problems.limit = 'give a whole number of at least 1';
    limit = Math.min(limit, MAX_PAGE);
  }
  const types = list(f['match[type]']);
  const specs = list(f['match[spec_version]']);
  const versions = list(f['match[version]']);
  const timestamps = versions?.filter((v) => !['last', 'first', 'all'].includes(v));
  for (const v of timestamps ?? [])
    if (!TIMESTAMP.test(v) || Number.isNaN(Date.parse(v)))
      problems['match[version]'] = `"${v}" is not last, first, all or a timestamp`;
  if (Object.keys(problems).length > 0) throw invalidFields(problems);
  const keywordOnly = versions !== undefined && timestamps?.length === 0;
  return {
    addedAfter: f.added_after,
    limit,
    any:
      (types === undefined || types.includes('indicator')) && (specs === undefined || specs.includes('2.1')),
    stixIds: list(f['match[id]']),
    versions: keywordOnly || versions === undefined ? undefined : timestamps,
  };
}

export interface ObjectsPage {
  rows: CollectionObjectRow[];
  more: boolean;
  /** Position of the page's last row, for `next`. */
  last: { added: string; id: string } | null;
}

/** A page of a collection's objects the caller may see, `limit` at most, after `after`. */
export async function collectionPage(
  database: Database,
  target: { scope: CollectionScope; reader: Reader },
  filter: ParsedFilter,
  after?: { added: string; id: string },
): Promise<ObjectsPage> {
  if (!filter.any) return { rows: [], more: false, last: null };
  const rows = await listCollectionObjects(database.db, target.reader, target.scope, {
    addedAfter: filter.addedAfter,
    after,
    stixIds: filter.stixIds,
    versions: filter.versions,
    limit: filter.limit + 1,
  });
  const more = rows.length > filter.limit;
  const page = more ? rows.slice(0, filter.limit) : rows;
  const tail = page[page.length - 1];
  return { rows: page, more, last: tail ? { added: tail.added, id: tail.id } : null };
}

/** An indicator's version: its last change, as its STIX `modified`. */
export const versionOf = (row: CollectionObjectRow): string => row.modified_at.toISOString();

/** The STIX 2.1 object a collection serves for an indicator row. */
export function stixObjectOf(row: CollectionObjectRow): StixObject {
  return indicatorToStix(row, { code: row.producer_code, name: row.producer_name });
}

export interface TaxiiStatus {
  id: string;
  status: string;
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: unknown[];
  failure_count: number;
  failures: unknown[];
  pending_count: number;
  pendings: unknown[];
}

export function presentStatus(row: StatusRow): TaxiiStatus {
  return {
    id: row.id,
    status: row.status,
    request_timestamp: row.request_timestamp.toISOString(),
    total_count: row.total_count,
    success_count: row.success_count,
    successes: row.successes as unknown[],
    failure_count: row.failure_count,
    failures: row.failures as unknown[],
    pending_count: row.pending_count,
    pendings: [],
  };
}

/** The status of an envelope the caller posted. */
export async function showStatus(database: Database, actor: Actor, id: string): Promise<TaxiiStatus> {
  const row = await findStatus(database.db, id, { userId: actor.userId, label: actor.label });
  if (!row) throw new NotFoundError(`no status ${id}`);
  return presentStatus(row);
}

type StatusDetail = { id: string; version?: string; message?: string };

/**
 * Adds a POSTed envelope's objects to a writable collection (the caller's entity's own): imported
 * all or nothing as that entity's indicators, keeping their markings, with the pusher (`taxii:token:…`) as their
 * source. Ward imports at once, so the status is final: each object a success (indicators, and the
 * identities and marking definitions read with them) or a failure with the reason — when any object
 * is refused, nothing is added and the others fail with "not added".
 */
export async function addToCollection(
  database: Database,
  actor: Actor,
  collectionId: string,
  objects: readonly unknown[],
): Promise<TaxiiStatus> {
  const target = await resolveCollection(database, actor, collectionId);
  if (!target.collection.can_write || !target.producerCode)
    throw new ForbiddenError(
      `${actor.label} may not add objects to the collection "${target.collection.title}"`,
    );
  const idOf = (o: unknown, i: number) =>
    typeof o === 'object' && o !== null && typeof (o as { id?: unknown }).id === 'string'
      ? (o as { id: string }).id
      : `object ${i + 1}`;
  const versionOf = (o: unknown) => {
    const m = typeof o === 'object' && o !== null ? (o as { modified?: unknown }).modified : undefined;
    return typeof m === 'string' ? { version: m } : {};
  };
  const successes: StatusDetail[] = [];
  const failures: StatusDetail[] = [];
  try {
    const result = await importStixObjects(database, actor, objects, {
      // Who pushed them: a token or a user, as the audit log names it.
      source: `taxii:${actor.label}`,
      producerCode: target.producerCode,
      file: 'envelope',
    });
    const skipped = new Map(result.skipped.map((s) => [s.id, s.reason]));
    objects.forEach((o, i) => {
      const id = idOf(o, i);
      const reason = skipped.get(id);
      if (reason) failures.push({ id, ...versionOf(o), message: reason });
      else successes.push({ id, ...versionOf(o) });
    });
  } catch (error) {
    if (!(error instanceof StixImportError)) throw error;
    const refused = new Map(error.objectProblems.map((p) => [p.index, p.reason]));
    objects.forEach((o, i) => {
      const reason = refused.get(i + 1);
      failures.push({
        id: idOf(o, i),
        ...versionOf(o),
        message: reason ?? 'not added: another object of the envelope was refused (all or nothing)',
      });
    });
  }
  const row = await insertStatus(database.db, {
    collectionId: target.collection.id,
    requestedBy: actor.label,
    userId: actor.userId,
    successes,
    failures,
  });
  return presentStatus(row);
}
