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
import { stixPatternSyntaxError } from '../../domain/sharing/stix/pattern-parser.js';
import { uuidv5 } from '../../domain/sharing/stix/uuid5.js';
import { valuesOfPattern } from '../../domain/sharing/stix-pattern.js';
import {
  parseTlp,
  stricterTlp,
  TLP_2_EXTENSION,
  type Tlp,
  tlpOfMarkingId,
} from '../../domain/sharing/tlp.js';
import { entityOf } from '../../domain/sharing/tlp-audience.js';
import { unstorableText } from '../../domain/text/storable-text.js';
import { type InputProblem, InvalidInputError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type Incoming, receive } from '../incoming.js';
import { indicatorWarnings } from './indicator.service.js';

export interface StixImportOptions {
  /** Where the objects came from, kept on every indicator: `stix:<file>`, a feed's URL. */
  source: string;
  /** The organisation the intelligence is imported for (ODS code); the caller's own when it has one. */
  producerCode?: string;
  /** The file's name, for messages. */
  file?: string;
  /** The marking for objects that carry no TLP marking (default AMBER+STRICT). */
  unmarked?: Tlp;
}

/** One object's problem: which object (its id, its place in the list) and why. */
export interface StixObjectProblem {
  id: string;
  /** 1-based position in the bundle's `objects`; 0 for the bundle itself. */
  index: number;
  reason: string;
}

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

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
const ID = new RegExp(`^([a-z0-9][a-z0-9-]+[a-z0-9])--${UUID}$`);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const STATEMENT = 'statement';
/** STIX cyber-observable types: for these alone `spec_version` may be left out (it is then 2.1). */
const OBSERVABLES = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function time(v: unknown): Date | null | 'bad' {
  if (v === undefined) return null;
  if (typeof v !== 'string' || !TIMESTAMP.test(v)) return 'bad';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? 'bad' : d;
}

/** The marking a bundle's own marking-definition carries: a TLP, a statement (no TLP), or unknown. */
function markingOf(o: Json): Tlp | typeof STATEMENT | undefined {
  const known = tlpOfMarkingId(String(o.id));
  if (known) return known;
  const ext = isObject(o.extensions) ? o.extensions[TLP_2_EXTENSION] : undefined;
  if (isObject(ext) && typeof ext.tlp_2_0 === 'string') return parseTlp(ext.tlp_2_0) ?? undefined;
  if (o.definition_type === 'tlp' && isObject(o.definition) && typeof o.definition.tlp === 'string')
    return parseTlp(o.definition.tlp) ?? undefined;
  if (o.definition_type === 'statement' && isObject(o.definition)) return STATEMENT;
  return undefined;
}

interface Candidate {
  index: number;
  id: string;
  modified: string;
  tlp: Tlp;
  values: { type: string; value: string }[];
  o: Json;
}

/** Reads a bundle (JSON text, bytes or parsed) and imports its objects. */
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
  let parsed: unknown = bundle;
  if (typeof bundle === 'string' || bundle instanceof Uint8Array) {
    const text = typeof bundle === 'string' ? bundle : Buffer.from(bundle).toString('utf8');
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      refuse(`not JSON (${(e as Error).message})`);
    }
  }
  if (!isObject(parsed)) return refuse('a STIX bundle is a JSON object with "type": "bundle"');
  if (parsed.type !== 'bundle') return refuse(`"type" is ${JSON.stringify(parsed.type)}, not "bundle"`);
  if (typeof parsed.id !== 'string' || !new RegExp(`^bundle--${UUID}$`).test(parsed.id))
    refuse(`the bundle's "id" ${JSON.stringify(parsed.id)} is not bundle--<uuid>`);
  if (parsed.objects !== undefined && !Array.isArray(parsed.objects)) refuse('"objects" is not a list');
  return importStixObjects(database, actor, (parsed.objects as unknown[] | undefined) ?? [], options);
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

/** Imports a list of STIX 2.1 objects (a bundle's, a TAXII envelope's): all or nothing. */
export async function importStixObjects(
  database: Database,
  actor: Actor,
  objects: readonly unknown[],
  options: StixImportOptions,
): Promise<StixImportResult> {
  const file = options.file ?? 'request';
  const unstorableSource = unstorableText(options.source);
  if (unstorableSource)
    throw new InvalidInputError(`source ${unstorableSource}`, [
      { file, line: 0, field: 'source', reason: unstorableSource },
    ]);
  const producer = await importingOrganisation(database, actor, options.producerCode);
  const problems: StixObjectProblem[] = [];
  const skipped: StixImportResult['skipped'] = [];
  const markings = new Map<string, Tlp | typeof STATEMENT>();
  const names = new Map<string, string>();
  const valid: { index: number; o: Json }[] = [];

  // Pass 1: shape, and what the bundle itself defines (markings, identities).
  for (const [i, raw] of objects.entries()) {
    const index = i + 1;
    const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : `object ${index}`;
    const fail = (reason: string) => problems.push({ id, index, reason });
    if (!isObject(raw)) {
      fail('not a JSON object');
      continue;
    }
    const m = typeof raw.id === 'string' ? ID.exec(raw.id) : null;
    if (typeof raw.type !== 'string') fail('no "type"');
    else if (!m) fail(`"id" ${JSON.stringify(raw.id)} is not ${raw.type}--<uuid>`);
    else if (m[1] !== raw.type) fail(`"id" names type ${m[1]}, the object is a ${raw.type}`);
    if (
      raw.spec_version !== '2.1' &&
      !(raw.spec_version === undefined && OBSERVABLES.has(raw.type as string))
    )
      fail(`"spec_version" is ${JSON.stringify(raw.spec_version ?? null)}: Ward reads STIX 2.1 only`);
    if (problems.at(-1)?.index === index) continue;
    if (raw.type === 'marking-definition') {
      const tlp = markingOf(raw);
      if (tlp) markings.set(raw.id as string, tlp);
    }
    if (raw.type === 'identity' && typeof raw.name === 'string') {
      if (unstorableText(raw.name)) fail(`"name" ${unstorableText(raw.name)}`);
      else names.set(raw.id as string, raw.name);
    }
    valid.push({ index, o: raw });
  }

  // Pass 2: each object's markings and content.
  const unmarked = options.unmarked ?? 'AMBER+STRICT';
  const candidates: Candidate[] = [];
  for (const { index, o } of valid) {
    const id = o.id as string;
    const fail = (reason: string) => problems.push({ id, index, reason });
    const refs = [
      ...(Array.isArray(o.object_marking_refs) ? o.object_marking_refs : []),
      ...(Array.isArray(o.granular_markings)
        ? o.granular_markings
            .map((g) => (isObject(g) ? g.marking_ref : undefined))
            .filter((r) => r !== undefined)
        : []),
    ];
    if (o.object_marking_refs !== undefined && !Array.isArray(o.object_marking_refs))
      fail('"object_marking_refs" is not a list');
    let tlp: Tlp | undefined;
    for (const ref of refs) {
      const marking = typeof ref === 'string' ? (tlpOfMarkingId(ref) ?? markings.get(ref)) : undefined;
      if (marking === undefined)
        fail(`marking ${JSON.stringify(ref)} is unknown (not a TLP marking, nor defined in the bundle)`);
      else if (marking !== STATEMENT) tlp = tlp ? stricterTlp(tlp, marking) : marking;
    }
    for (const field of ['created', 'modified'] as const)
      if (time(o[field]) === 'bad') fail(`"${field}" is not a STIX timestamp (YYYY-MM-DDThh:mm:ss[.s]Z)`);
    if (o.type !== 'indicator') {
      if (o.type !== 'identity' && o.type !== 'marking-definition')
        skipped.push({ id, type: o.type as string, reason: `Ward does not import ${o.type} objects` });
      continue;
    }
    const before = problems.length;
    for (const field of ['created', 'modified', 'valid_from'] as const)
      if (o[field] === undefined) fail(`an indicator needs "${field}"`);
    if (time(o.valid_from) === 'bad') fail('"valid_from" is not a STIX timestamp');
    if (time(o.valid_until) === 'bad') fail('"valid_until" is not a STIX timestamp');
    if (
      o.confidence !== undefined &&
      (!Number.isInteger(o.confidence) || (o.confidence as number) < 0 || (o.confidence as number) > 100)
    )
      fail('"confidence" is not a whole number from 0 to 100');
    if (o.description !== undefined && typeof o.description !== 'string') fail('"description" is not text');
    else if (typeof o.description === 'string' && unstorableText(o.description))
      fail(`"description" ${unstorableText(o.description)}`);
    if (typeof o.pattern !== 'string') fail('an indicator needs a "pattern"');
    if (typeof o.pattern_type !== 'string') fail('an indicator needs a "pattern_type"');
    if (problems.length > before) continue;
    if (o.pattern_type !== 'stix') {
      skipped.push({
        id,
        type: 'indicator',
        reason: `a ${o.pattern_type} pattern: Ward holds STIX patterns only`,
      });
      continue;
    }
    const syntax = stixPatternSyntaxError(o.pattern as string);
    if (syntax) {
      fail(`the pattern does not parse: ${syntax}`);
      continue;
    }
    const effective = tlp ?? unmarked;
    if (effective === 'RED' && actor.userId === null) {
      fail('TLP:RED is shared with people by name: import it as a signed-in user');
      continue;
    }
    const values = valuesOfPattern(o.pattern as string);
    if (!values || values.length === 0) {
      skipped.push({
        id,
        type: 'indicator',
        reason:
          'the pattern is richer than values Ward holds (AND, FOLLOWEDBY, qualifiers, or object paths other than addresses, domains, URLs, e-mail addresses and file hashes)',
      });
      continue;
    }
    candidates.push({ index, id, modified: String(o.modified ?? ''), tlp: effective, values, o });
  }

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
  const byKey = new Map<string, Insertable<IndicatorTable> & { modified: string }>();
  const latest = new Map<string, Candidate>();
  for (const c of candidates) {
    const seen = latest.get(c.id);
    if (!seen || seen.modified <= c.modified) latest.set(c.id, c);
  }
  for (const c of latest.values()) {
    const o = c.o;
    const by = typeof o.created_by_ref === 'string' ? names.get(o.created_by_ref) : undefined;
    const text = typeof o.description === 'string' ? o.description.trim() : '';
    const description = by ? (text ? `${text} (from ${by})` : `From ${by}`) : text;
    const validFrom = time(o.valid_from) as Date;
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
        tlp: c.tlp,
        confidence: (o.confidence as number | undefined) ?? null,
        description,
        source: options.source,
        first_seen: validFrom,
        last_seen: null,
        valid_until: time(o.valid_until) as Date | null,
        warnings: indicatorWarnings(own, v as { type: never; value: string }).map((w) => w.id),
        created_by: actor.label,
        revoked: o.revoked === true,
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
    await audit(
      trx,
      actor,
      producer.id,
      'stix.import',
      null,
      { source: options.source, file, objects: objects.length, ...counts, skipped: skipped.length },
      `${producer.code} ${counts.created + counts.updated} indicators from ${options.source}`,
    );
    return {
      file,
      source: options.source,
      producer: producer.code,
      objects: objects.length,
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
