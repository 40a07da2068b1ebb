/**
 * Importing STIX 2.1: a bundle from a file or an upload, or a list of objects from a TAXII POST or
 * pull. All or nothing: every object is checked first (its shape, `spec_version` 2.1, its
 * `type--uuid` id, an indicator's pattern against the STIX pattern grammar, its markings) and, if
 * any is refused, nothing is written and every problem is reported by object id.
 *
 * What becomes of each object:
 * - `indicator` with a STIX pattern of single values (`[ipv4-addr:value = '…']`, several joined by
 *   OR): one Ward indicator per value, for the importing organisation, under the object's marking,
 *   keeping its source (`stix:<file>`, a feed URL) and, when `created_by_ref` names an identity in
 *   the bundle, that producer's name in the description.
 * - richer indicators (AND, FOLLOWEDBY, qualifiers, object paths Ward does not hold) and indicators
 *   in other pattern languages (Sigma, YARA, Snort…): not imported, reported by id.
 * - `identity` and `marking-definition`: read to resolve producers and markings.
 * - every other type (sightings included — Ward records sightings by its own organisations): not
 *   imported, reported by id.
 *
 * Markings: TLP 2.0 and TLP 1.0 marking ids, or a marking-definition in the bundle carrying a TLP
 * (the TLP 2.0 extension, or STIX's `definition_type: tlp`). A marking that is none of these
 * refuses the object: Ward never guesses a marking. An object with no TLP marking at all is held
 * as `unmarked` says (AMBER+STRICT unless told: the importing organisation alone sees it).
 */
import type { Insertable } from 'kysely';
import type { Database } from '../../db/connect.js';
import { listAncestors } from '../../db/repositories/organisation.repository.js';
import { loadAddressTable } from '../../db/repositories/outside/address.repository.js';
import { indicatorsByStixId, upsertIndicatorsInBulk } from '../../db/repositories/sharing/stix.repository.js';
import type { IndicatorTable } from '../../db/schema.js';
import type { Actor } from '../../domain/access/actor.js';
import { WARD_STIX_NAMESPACE } from '../../domain/sharing/stix/objects.js';
import {
  isObject,
  type ReadIndicator,
  readStixObjects,
  type StixObjectProblem,
  UUID,
} from '../../domain/sharing/stix/read-objects.js';
import { uuidv5 } from '../../domain/sharing/stix/uuid5.js';
import type { Tlp } from '../../domain/sharing/tlp.js';
import { entityOf } from '../../domain/sharing/tlp-audience.js';
import { unstorableText } from '../../domain/text/storable-text.js';
import { type InputProblem, InvalidInputError } from '../../errors.js';
import { FeedFormatError } from '../../feeds/feed-format.error.js';
import { streamJsonArray } from '../../feeds/json/json-array-stream.js';
import { JsonSyntaxError, parseJsonAt } from '../../feeds/json/json-syntax.error.js';
import { GzipError, openBytes } from '../../feeds/source-bytes.js';
import { requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type Incoming, receive } from '../incoming.js';
import { indicatorWarnings } from './indicator.service.js';
import { flagImported } from './indicator-match.service.js';

export interface StixImportOptions {
  /** Where the objects came from, kept on every indicator: `stix:<file>`, a feed's URL. */
  source: string;
  /** The organisation the intelligence is imported for (ODS code); the caller's own when it has one. */
  producerCode?: string;
  /** The file's name, for messages. */
  file?: string;
  /** The marking for objects that carry no TLP marking (default AMBER+STRICT). */
  unmarked?: Tlp;
  /** The time flags to the organisations an indicator names are told (default: now). */
  now?: Date;
}

export type { StixObjectProblem } from '../../domain/sharing/stix/read-objects.js';

export interface StixImportResult {
  file: string;
  source: string;
  producer: string;
  /** Objects read. */
  objects: number;
  indicators: { created: number; updated: number };
  /** Objects read but not imported, by id, and why. */
  skipped: { id: string; type: string; reason: string }[];
}

/** Refused: nothing was written; every object's problem, by id. */
export class StixImportError extends InvalidInputError {
  constructor(
    message: string,
    problems: InputProblem[],
    readonly objectProblems: StixObjectProblem[],
  ) {
    super(message, problems);
  }
}

/** Why a bundle as a whole is refused. */
class BundleRefused extends Error {}

/** Reads a bundle (JSON text or bytes, streamed object by object; or already parsed) and imports its objects. */
export async function importStixBundle(
  database: Database,
  actor: Actor,
  bundle: unknown,
  options: StixImportOptions,
): Promise<StixImportResult> {
  const file = options.file ?? 'request';
  const refuse = (reason: string): never => {
    throw new StixImportError(
      `${file}: nothing imported: ${reason}`,
      [{ file, line: 0, reason }],
      [{ id: 'bundle', index: 0, reason }],
    );
  };
  const header: Record<string, unknown> = {};
  const checkHeader = () => {
    if (header.type !== 'bundle')
      throw new BundleRefused(`"type" is ${JSON.stringify(header.type ?? null)}, not "bundle"`);
    if (typeof header.id !== 'string' || !new RegExp(`^bundle--${UUID}$`).test(header.id))
      throw new BundleRefused(`the bundle's "id" ${JSON.stringify(header.id ?? null)} is not bundle--<uuid>`);
  };
  let objects: Iterable<unknown> | AsyncIterable<unknown>;
  if (typeof bundle === 'string' || bundle instanceof Uint8Array) {
    const bytes = typeof bundle === 'string' ? Buffer.from(bundle, 'utf8') : bundle;
    objects = (async function* () {
      for await (const item of streamJsonArray(openBytes(bytes, { name: file }), {
        arrayKey: 'objects',
        source: file,
      }))
        if (item.kind === 'field') header[item.key] = item.value;
        else yield parseJsonAt(item.text, item.byteOffset, file);
      checkHeader();
    })();
  } else {
    if (!isObject(bundle)) return refuse('a STIX bundle is a JSON object with "type": "bundle"');
    Object.assign(header, { type: bundle.type, id: bundle.id });
    try {
      checkHeader();
    } catch (e) {
      return refuse((e as Error).message);
    }
    if (bundle.objects !== undefined && !Array.isArray(bundle.objects)) refuse('"objects" is not a list');
    objects = (bundle.objects as unknown[] | undefined) ?? [];
  }
  try {
    return await importStixObjects(database, actor, objects, options);
  } catch (e) {
    if (e instanceof BundleRefused) return refuse(e.message);
    if (e instanceof JsonSyntaxError) return refuse(`not JSON (${e.message})`);
    if (e instanceof FeedFormatError) return refuse(`not a STIX bundle (${e.message})`);
    if (e instanceof GzipError) return refuse(e.message);
    throw e;
  }
}

/** A bundle as it arrives: a file's bytes (already gunzipped) or a parsed JSON body. */
export type StixFile = { name: string; bytes: Uint8Array } | { name: string; bundle: unknown };

/**
 * Imports uploaded bundles, each all or nothing, for an organisation the caller may write for:
 * checked before anything uploaded is read. Each file's indicators keep `stix:<file name>` as
 * their source unless one is given.
 */
export async function importStixFiles(
  database: Database,
  actor: Actor,
  incoming: Incoming<StixFile[]>,
  options: Omit<StixImportOptions, 'source' | 'file'> & { source?: string },
): Promise<StixImportResult[]> {
  const producer = await importingOrganisation(database, actor, options.producerCode);
  const files = await receive(incoming);
  const out: StixImportResult[] = [];
  for (const f of files)
    out.push(
      await importStixBundle(database, actor, 'bytes' in f ? f.bytes : f.bundle, {
        ...options,
        producerCode: producer.code,
        source: options.source ?? `stix:${f.name}`,
        file: f.name,
      }),
    );
  return out;
}

/**
 * Imports STIX 2.1 objects (a bundle's, a TAXII envelope's), read one at a time: all or nothing,
 * every problem reported by object id, in the objects' order.
 */
export async function importStixObjects(
  database: Database,
  actor: Actor,
  objects: Iterable<unknown> | AsyncIterable<unknown>,
  options: StixImportOptions,
): Promise<StixImportResult> {
  const file = options.file ?? 'request';
  const unstorableSource = unstorableText(options.source);
  if (unstorableSource)
    throw new InvalidInputError(`source ${unstorableSource}`, [
      { file, line: 0, field: 'source', reason: unstorableSource },
    ]);
  const producer = await importingOrganisation(database, actor, options.producerCode);
  const {
    count,
    problems,
    skipped,
    indicators: candidates,
    names,
  } = await readStixObjects(objects, {
    unmarked: options.unmarked ?? 'AMBER+STRICT',
    signedIn: actor.userId !== null,
  });
  if (problems.length > 0) {
    const n = problems.length;
    throw new StixImportError(
      `${file}: nothing imported (${n} problem${n > 1 ? 's' : ''})`,
      problems.map((p) => ({ file, line: p.index, reason: `${p.id}: ${p.reason}` })),
      problems,
    );
  }

  // One row per value: the latest version of an object wins, and the last object for a value.
  const own = await loadAddressTable(database.db);
  const latest = new Map<string, ReadIndicator>();
  for (const c of candidates) {
    const seen = latest.get(c.id);
    if (!seen || seen.modified <= c.modified) latest.set(c.id, c);
  }
  const byKey = new Map<string, Insertable<IndicatorTable> & { modified: string }>();
  for (const c of latest.values()) {
    const by = c.createdBy ? names.get(c.createdBy) : undefined;
    const description = by ? (c.description ? `${c.description} (from ${by})` : `From ${by}`) : c.description;
    for (const v of c.values) {
      const key = `${v.type}\u0000${v.value}`;
      const prior = byKey.get(key);
      if (prior && prior.modified > c.modified) continue;
      byKey.set(key, {
        modified: c.modified,
        stix_id:
          c.values.length === 1
            ? c.id
            : `indicator--${uuidv5(`${c.id}|${v.type}|${v.value}`, WARD_STIX_NAMESPACE)}`,
        producer_org_id: producer.id,
        producer_entity_id: producer.entityId,
        type: v.type,
        value: v.value,
        tlp: c.tlp as Tlp,
        confidence: c.confidence,
        description,
        source: options.source,
        first_seen: c.validFrom,
        last_seen: null,
        valid_until: c.validUntil,
        warnings: indicatorWarnings(own, v as { type: never; value: string }).map((w) => w.id),
        created_by: actor.label,
        revoked: c.revoked,
      });
    }
  }
  const rows = [...byKey.values()].map(({ modified: _, ...row }) => row);

  return database.db.transaction().execute(async (trx) => {
    // A STIX id already held under another producer or source (the same bundle imported for a
    // second organisation, a Ward export read back) names a different Ward indicator: derive one.
    const held = await indicatorsByStixId(
      trx,
      rows.map((r) => r.stix_id),
    );
    const heldKey = new Map(
      held.map((h) => [h.stix_id, `${h.producer_entity_id}|${h.source}|${h.type}|${h.value}`]),
    );
    for (const r of rows) {
      const k = heldKey.get(r.stix_id);
      if (k !== undefined && k !== `${r.producer_entity_id}|${r.source}|${r.type}|${r.value}`)
        r.stix_id = `indicator--${uuidv5(`${r.stix_id}|${r.producer_entity_id}|${r.source}|${r.value}`, WARD_STIX_NAMESPACE)}`;
    }
    const counts = await upsertIndicatorsInBulk(trx, rows, (r) =>
      r.tlp === 'RED' && actor.userId ? [actor.userId] : [],
    );
    const flagged = await flagImported(trx, producer, options.source, rows, options.now ?? new Date());
    await audit(
      trx,
      actor,
      producer.id,
      'stix.import',
      null,
      { source: options.source, file, objects: count, ...counts, skipped: skipped.length, flagged },
      `${producer.code} ${counts.created + counts.updated} indicators from ${options.source}`,
    );
    return {
      file,
      source: options.source,
      producer: producer.code,
      objects: count,
      indicators: counts,
      skipped,
    };
  });
}

/** The organisation an import is for, which the caller must be able to write for. */
async function importingOrganisation(
  database: Database,
  actor: Actor,
  code: string | undefined,
): Promise<{ id: string; code: string; entityId: string }> {
  let wanted = code;
  if (wanted === undefined) {
    const orgs = [...new Set(actor.grants.map((g) => g.orgId))];
    if (orgs.length !== 1)
      throw new InvalidInputError('name the organisation the intelligence is imported for', [
        {
          file: '-',
          line: 0,
          field: 'org',
          reason: 'name the organisation the intelligence is imported for',
        },
      ]);
    const row = await database.db
      .selectFrom('organisations')
      .select('code')
      .where('id', '=', orgs[0] as string)
      .executeTakeFirstOrThrow();
    wanted = row.code;
  }
  const org = await requireOrgAccess(database, actor, 'write', wanted);
  const chain = new Map([org, ...(await listAncestors(database.db, org.id))].map((o) => [o.id, o]));
  const entityId = entityOf(
    org.id,
    (id) => chain.get(id)?.kind,
    (id) => chain.get(id)?.parentId,
  );
  return { id: org.id, code: org.code, entityId };
}
