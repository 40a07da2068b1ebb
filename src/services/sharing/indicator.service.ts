/**
 * Indicators shared under TLP 2.0: adding them (each value in one canonical form, flagged against
 * the warning lists and the federation's own addresses, linked to other reports of the same
 * value), listing and showing them (the TLP rule applied in SQL), and sightings.
 *
 * Who may do what: adding needs write on the producing organisation (a responder there or above);
 * reading needs only that the TLP rule lets the caller see the indicator — standing higher in the
 * hierarchy grants nothing; a sighting needs both: the caller sees the indicator and may write for
 * the organisation that saw it.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/connect.js';
import { findOrganisationById, listAncestors } from '../../db/repositories/organisation.repository.js';
import type { loadAddressTable } from '../../db/repositories/outside/address.repository.js';
import {
  type AudienceRows,
  addSighting,
  audienceOf,
  findIndicator,
  type IndicatorListRow,
  indicatorCounts,
  listIndicators as listIndicatorRows,
  revokeIndicatorRow,
  sameValue,
  sightingsOf,
  upsertIndicator,
} from '../../db/repositories/sharing/indicator.repository.js';
import {
  type FederationMatch,
  federationMatches,
} from '../../db/repositories/sharing/indicator-match.repository.js';
import { readerOf } from '../../db/repositories/sharing/reader.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { FULL_SCOPE } from '../../domain/access/scope.js';
import type { IndicatorFileRecord } from '../../domain/sharing/indicator-file.js';
import { type IndicatorType, parseIndicatorValue } from '../../domain/sharing/indicator-value.js';
import { parseTlp, TLP_MARKINGS, type Tlp } from '../../domain/sharing/tlp.js';
import { entityOf } from '../../domain/sharing/tlp-audience.js';
import { type WarningList, warningsFor } from '../../domain/sharing/warning-lists.js';
import {
  ConflictError,
  ForbiddenError,
  type InputProblem,
  InvalidInputError,
  invalidFields,
  NotFoundError,
} from '../../errors.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import { permittedOrgIds, requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { resolveAudience } from './audience.js';
import { flagMatches } from './indicator-match.service.js';
import { queueSightingNotice } from './sighting-notice.service.js';

/** One indicator to add, as a request or a file gives it. */
export type IndicatorInput = IndicatorFileRecord;

export interface AddedIndicator {
  id: string;
  stixId: string;
  type: IndicatorType;
  value: string;
  tlp: Tlp;
  created: boolean;
  warnings: WarningList[];
  /** Other producers' indicators of the same value that the caller may see. */
  alsoReportedBy: { id: string; producer: string; tlp: string }[];
  /** Organisations of the federation whose own address, range, domain or service it names (flagged to them). */
  flagged: { org: string; kind: string; detail: string }[];
}

export interface AddOptions {
  /** Where the indicators came from (`ward`, a feed's name); one producer's value is one indicator per source. */
  source?: string;
  /** The file named in problems (default `request`). */
  file?: string;
  /** The file's line (or record) of each input, for problems; default its position. */
  lines?: readonly number[];
  now?: Date;
  render?: RenderOptions;
  /** Problems a file's reader found already: reported with these indicators' own, nothing added. */
  problems?: readonly InputProblem[];
}

const FEDERATION_ADDRESS: WarningList = {
  id: 'federation-address',
  name: "The federation's own address",
  why: 'The value lies in a range an organisation of the federation registered as its own: it may be a victim, not an attacker.',
};

/**
 * The warning lists a value falls in, and whether it names one of the federation's own addresses:
 * flagged on entry, whichever way the indicator arrives (added, imported from STIX or TAXII).
 */
export function indicatorWarnings(
  own: Awaited<ReturnType<typeof loadAddressTable>>,
  parsed: { type: IndicatorType; value: string },
): WarningList[] {
  const warnings = warningsFor(parsed.type, parsed.value);
  if (parsed.type.startsWith('ipv')) {
    const address = parsed.type.endsWith('-cidr')
      ? parsed.value.slice(0, parsed.value.indexOf('/'))
      : parsed.value;
    if (own.lookup(address)) warnings.push(FEDERATION_ADDRESS);
  }
  return warnings;
}

interface Prepared {
  parsed: { type: IndicatorType; value: string };
  tlp: Tlp;
  confidence: number | null;
  times: Record<'firstSeen' | 'lastSeen' | 'validUntil', Date | null | 'bad'>;
  audience: AudienceRows;
  warnings: WarningList[];
  matches: FederationMatch[];
  input: IndicatorInput;
}

function parseTime(value: string | null | undefined): Date | null | 'bad' {
  if (value === undefined || value === null || value === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? 'bad' : d;
}

/**
 * Adds (or, for the same producer, source and value, updates) indicators for one producing
 * organisation: all or nothing, every problem reported by record.
 */
export async function addIndicators(
  database: Database,
  actor: Actor,
  producerCode: string,
  inputs: readonly IndicatorInput[],
  options: AddOptions = {},
): Promise<AddedIndicator[]> {
  const producer = await requireOrgAccess(database, actor, 'write', producerCode);
  const ancestors = await listAncestors(database.db, producer.id);
  const chain = new Map([producer, ...ancestors].map((o) => [o.id, o]));
  const producerEntity = entityOf(
    producer.id,
    (id) => chain.get(id)?.kind,
    (id) => chain.get(id)?.parentId,
  );
  const file = options.file ?? 'request';
  const source = options.source ?? 'ward';
  const problems: InputProblem[] = [...(options.problems ?? [])];
  const prepared: Prepared[] = [];
  const audiences = new Map<string, ReturnType<typeof resolveAudience>>();
  for (const [i, input] of inputs.entries()) {
    const line = options.lines?.[i] ?? i + 1;
    const fail = (field: string, reason: string) => problems.push({ file, line, field, reason });
    const parsed = parseIndicatorValue(input.value, input.type);
    if (!parsed.ok) fail('value', parsed.reason);
    const tlp = parseTlp(input.tlp);
    if (!tlp) fail('tlp', `"${input.tlp}" is not a TLP marking (${TLP_MARKINGS.join(', ')})`);
    const confidence = input.confidence ?? null;
    if (confidence !== null && (!Number.isInteger(confidence) || confidence < 0 || confidence > 100))
      fail('confidence', 'give a whole number from 0 to 100');
    const times = {
      firstSeen: parseTime(input.firstSeen),
      lastSeen: parseTime(input.lastSeen),
      validUntil: parseTime(input.validUntil),
    };
    for (const [field, t] of Object.entries(times))
      if (t === 'bad') fail(field, 'give a date and time (ISO 8601)');
    const spec = input.shareWith ?? {};
    // A file's records mostly name the same audience: resolve each distinct one once.
    const key = JSON.stringify([spec.orgs ?? [], spec.groups ?? [], spec.people ?? []]);
    let resolving = audiences.get(key);
    if (!resolving) {
      resolving = resolveAudience(database.db, spec);
      audiences.set(key, resolving);
    }
    const { rows: audience, problems: named } = await resolving;
    for (const [field, reason] of Object.entries(named)) fail(field, reason);
    if (tlp && tlp !== 'AMBER' && ((spec.orgs?.length ?? 0) > 0 || (spec.groups?.length ?? 0) > 0))
      fail('shareWith', `organisations and sharing groups are named for TLP:AMBER only, not TLP:${tlp}`);
    if (tlp && tlp !== 'RED' && (spec.people?.length ?? 0) > 0)
      fail('people', `people are named for TLP:RED only, not TLP:${tlp}`);
    if (tlp === 'RED' && actor.userId === null && audience.userIds.length === 0)
      fail('people', 'TLP:RED is shared with people by name: name at least one');
    if (!parsed.ok || !tlp) continue;
    const warnings = warningsFor(parsed.type, parsed.value);
    const matches = await federationMatches(database.db, parsed.type, parsed.value);
    if (matches.some((m) => m.kind === 'range')) warnings.push(FEDERATION_ADDRESS);
    const userIds =
      tlp === 'RED' && actor.userId && !audience.userIds.includes(actor.userId)
        ? [...audience.userIds, actor.userId]
        : audience.userIds;
    prepared.push({
      parsed,
      tlp,
      confidence,
      times,
      audience: { ...audience, userIds },
      warnings,
      matches,
      input,
    });
  }
  if (problems.length > 0)
    throw new InvalidInputError(
      `${file}: not added (${problems.length} problem${problems.length > 1 ? 's' : ''})`,
      problems,
    );
  const reader = await readerOf(database.db, actor);
  return database.db.transaction().execute(async (trx) => {
    const out: AddedIndicator[] = [];
    for (const p of prepared) {
      const date = (t: Date | null | 'bad') => (t === 'bad' ? null : t);
      const saved = await upsertIndicator(
        trx,
        {
          stix_id: `indicator--${randomUUID()}`,
          producer_org_id: producer.id,
          producer_entity_id: producerEntity,
          type: p.parsed.type,
          value: p.parsed.value,
          tlp: p.tlp,
          confidence: p.confidence,
          description: p.input.description?.trim() ?? '',
          source,
          first_seen: date(p.times.firstSeen),
          last_seen: date(p.times.lastSeen),
          valid_until: date(p.times.validUntil),
          warnings: p.warnings.map((w) => w.id),
          created_by: actor.label,
        },
        p.audience,
      );
      const others = await sameValue(trx, reader, p.parsed.type, p.parsed.value, saved.id);
      const flagged = await flagMatches(
        trx,
        {
          id: saved.id,
          stixId: saved.stixId,
          type: p.parsed.type,
          value: p.parsed.value,
          tlp: p.tlp,
          producer: producer.code,
        },
        producer.id,
        p.matches,
        options.now ?? new Date(),
        options.render ?? { publicUrl: null },
      );
      out.push({
        id: saved.id,
        stixId: saved.stixId,
        type: p.parsed.type,
        value: p.parsed.value,
        tlp: p.tlp,
        created: saved.created,
        warnings: p.warnings,
        alsoReportedBy: others.map((o) => ({ id: o.id, producer: o.producer_code, tlp: o.tlp })),
        // Only organisations the caller may read: whose an address is, is the address register's to tell.
        flagged: await readableFlags(trx, actor, flagged),
      });
    }
    await audit(
      trx,
      actor,
      producer.id,
      'indicator.add',
      null,
      {
        source,
        indicators: out.map((o) => ({ type: o.type, value: o.value, tlp: o.tlp, created: o.created })),
      },
      `${producer.code} ${out.length} indicator${out.length === 1 ? '' : 's'}`,
    );
    return out;
  });
}

async function readableFlags(
  db: Parameters<typeof permittedOrgIds>[0],
  actor: Actor,
  flagged: readonly FederationMatch[],
): Promise<AddedIndicator['flagged']> {
  if (flagged.length === 0) return [];
  const readable = await permittedOrgIds(db, actor, 'read', new Set(flagged.map((m) => m.orgId)));
  return flagged
    .filter((m) => readable.has(m.orgId))
    .map((m) => ({ org: m.code, kind: m.kind, detail: m.detail }));
}

export interface Indicator {
  id: string;
  stixId: string;
  type: string;
  value: string;
  tlp: string;
  producer: string;
  confidence: number | null;
  description: string;
  source: string;
  firstSeen: Date | null;
  lastSeen: Date | null;
  validUntil: Date | null;
  warnings: string[];
  createdAt: Date;
  modifiedAt: Date;
  revoked: boolean;
  sightings: { organisations: number; total: number };
  /** Its place in the list order (modified time to the microsecond), for a page cursor. */
  position: string;
}

function toIndicator(r: IndicatorListRow): Indicator {
  return {
    id: r.id,
    stixId: r.stix_id,
    type: r.type,
    value: r.value,
    tlp: r.tlp,
    producer: r.producer_code,
    confidence: r.confidence,
    description: r.description,
    source: r.source,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    validUntil: r.valid_until,
    warnings: r.warnings,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    revoked: r.revoked,
    sightings: { organisations: r.sighting_orgs, total: r.sighting_count },
    position: r.position,
  };
}

export interface IndicatorFilter {
  type?: string;
  value?: string;
  tlp?: string;
  since?: Date;
  /** After this position of the previous page (its last indicator's modifiedAt and id). */
  after?: { modifiedAt: string; id: string };
  limit?: number;
  /** Read one more than the limit (a pager's "is there a next page"). */
  peek?: boolean;
}

/** The indicators the caller may see under TLP, oldest change first. */
export async function listIndicators(
  database: Database,
  actor: Actor,
  filter: IndicatorFilter = {},
): Promise<Indicator[]> {
  const problems: Record<string, string> = {};
  let tlp: string | undefined;
  if (filter.tlp !== undefined) {
    const t = parseTlp(filter.tlp);
    if (t) tlp = t;
    else problems.tlp = `"${filter.tlp}" is not a TLP marking`;
  }
  let value = filter.value;
  if (value !== undefined) {
    const v = parseIndicatorValue(value, filter.type);
    if (v.ok) value = v.value;
  }
  const limit = filter.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    problems.limit = 'give a whole number from 1 to 1000';
  if (Object.keys(problems).length > 0) throw invalidFields(problems);
  const reader = await readerOf(database.db, actor);
  const rows = await listIndicatorRows(database.db, reader, {
    type: filter.type,
    value,
    tlp,
    since: filter.since,
    after: filter.after,
    limit: filter.peek ? limit + 1 : limit,
  });
  return rows.map(toIndicator);
}

export interface IndicatorDetail extends Indicator {
  audience: { orgs: { code: string; subtree: boolean }[]; groups: string[]; people: string[] } | null;
  /** Which organisations saw it: shown to its producer and the national centre, else null (counts only). */
  sightedBy: { code: string; name: string; count: number; firstSeen: Date; lastSeen: Date }[] | null;
  /** The caller's own organisations' sightings. */
  yourSightings: { code: string; count: number; lastSeen: Date }[];
  alsoReportedBy: { id: string; producer: string; tlp: string }[];
}

export async function showIndicator(database: Database, actor: Actor, ref: string): Promise<IndicatorDetail> {
  const reader = await readerOf(database.db, actor);
  const row = await findIndicator(database.db, reader, ref);
  if (!row) throw new NotFoundError(`no indicator ${ref}`);
  const producerSide =
    reader.full || reader.entityIds.has(row.producer_entity_id) || scopeFor(actor, 'national').all;
  const [audience, sightings, others] = await Promise.all([
    producerSide ? audienceOf(database.db, row.id) : Promise.resolve(null),
    sightingsOf(database.db, row.id),
    sameValue(database.db, reader, row.type, row.value, row.id),
  ]);
  const readable = await permittedOrgIds(database.db, actor, 'read', new Set(sightings.map((s) => s.org_id)));
  const yours = sightings
    .filter((s) => readable.has(s.org_id))
    .map((s) => ({ code: s.code, count: s.count, lastSeen: s.last_seen }));
  return {
    ...toIndicator(row),
    audience,
    sightedBy: producerSide
      ? sightings.map((s) => ({
          code: s.code,
          name: s.name,
          count: s.count,
          firstSeen: s.first_seen,
          lastSeen: s.last_seen,
        }))
      : null,
    yourSightings: reader.full ? [] : yours,
    alsoReportedBy: others.map((o) => ({ id: o.id, producer: o.producer_code, tlp: o.tlp })),
  };
}

/** "We saw this too": adds to the organisation's sighting of an indicator the caller may see; tells its producer. */
export async function sightIndicator(
  database: Database,
  actor: Actor,
  ref: string,
  orgCode: string,
  input: { count?: number; at?: Date; now?: Date; render?: RenderOptions } = {},
): Promise<{ indicator: string; org: string; count: number; organisations: number }> {
  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw invalidFields({ count: 'give a whole number of at least 1' });
  const now = input.now ?? new Date();
  const at = input.at ?? now;
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + 5 * 60_000)
    throw invalidFields({ at: 'give a time (ISO 8601) that is not in the future' });
  const org = await requireOrgAccess(database, actor, 'write', orgCode);
  const reader = await readerOf(database.db, actor);
  const row = await findIndicator(database.db, reader, ref);
  if (!row) throw new NotFoundError(`no indicator ${ref}`);
  if (row.revoked) throw new ConflictError(`${row.stix_id} was revoked by its producer`);
  return database.db.transaction().execute(async (trx) => {
    const saved = await addSighting(trx, { indicatorId: row.id, orgId: org.id, count, at, by: actor.label });
    await audit(trx, actor, org.id, 'indicator.sight', null, { indicator: row.stix_id, count }, row.stix_id);
    const all = await sightingsOf(trx, row.id);
    if (org.id !== row.producer_org_id) {
      const producer = await findOrganisationById(trx, row.producer_org_id, FULL_SCOPE);
      if (producer)
        await queueSightingNotice(
          trx,
          {
            id: row.id,
            stixId: row.stix_id,
            type: row.type,
            value: row.value,
            tlp: row.tlp,
            producer: producer.code,
          },
          producer,
          now,
          input.render ?? { publicUrl: null },
        );
    }
    return { indicator: row.stix_id, org: org.code, count: saved.count, organisations: all.length };
  });
}

/** Counts of the indicators the caller may see, by marking and kind; revoked ones counted apart. */
export interface IndicatorSummary {
  total: number;
  revoked: number;
  byTlp: { tlp: string; count: number }[];
  byType: { type: string; count: number }[];
  byTlpAndType: { tlp: string; type: string; count: number }[];
}

export async function indicatorSummary(database: Database, actor: Actor): Promise<IndicatorSummary> {
  const reader = await readerOf(database.db, actor);
  const rows = await indicatorCounts(database.db, reader);
  const live = rows.filter((r) => !r.revoked);
  const sum = (key: 'tlp' | 'type') => {
    const m = new Map<string, number>();
    for (const r of live) m.set(r[key], (m.get(r[key]) ?? 0) + r.count);
    return m;
  };
  const cells = new Map<string, { tlp: string; type: string; count: number }>();
  for (const r of live) cells.set(`${r.tlp}|${r.type}`, { tlp: r.tlp, type: r.type, count: r.count });
  const tlps = sum('tlp');
  return {
    total: live.reduce((n, r) => n + r.count, 0),
    revoked: rows.filter((r) => r.revoked).reduce((n, r) => n + r.count, 0),
    byTlp: TLP_MARKINGS.filter((t) => tlps.has(t)).map((tlp) => ({ tlp, count: tlps.get(tlp) as number })),
    byType: [...sum('type')].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count })),
    byTlpAndType: [...cells.values()].sort(
      (a, b) =>
        TLP_MARKINGS.indexOf(a.tlp as Tlp) - TLP_MARKINGS.indexOf(b.tlp as Tlp) ||
        a.type.localeCompare(b.type),
    ),
  };
}

/** Withdraws an indicator (its producer's side: write on the producing organisation); it stays listed, marked revoked. */
export async function revokeIndicator(
  database: Database,
  actor: Actor,
  ref: string,
): Promise<{ indicator: string; revoked: boolean }> {
  const reader = await readerOf(database.db, actor);
  const row = await findIndicator(database.db, reader, ref);
  if (!row) throw new NotFoundError(`no indicator ${ref}`);
  const allowed = await permittedOrgIds(database.db, actor, 'write', new Set([row.producer_org_id]));
  if (!allowed.has(row.producer_org_id))
    throw new ForbiddenError(`${actor.label} may not revoke ${row.stix_id}: only its producer may`);
  return database.db.transaction().execute(async (trx) => {
    const changed = await revokeIndicatorRow(trx, row.id);
    if (changed)
      await audit(
        trx,
        actor,
        row.producer_org_id,
        'indicator.revoke',
        null,
        { indicator: row.stix_id },
        row.stix_id,
      );
    return { indicator: row.stix_id, revoked: true };
  });
}

/** The sightings of an indicator the caller may see: counts, and which organisations when the caller is its producer or the centre. */
export interface SightingsView {
  indicator: string;
  organisations: number;
  total: number;
  sightedBy: IndicatorDetail['sightedBy'];
  yourSightings: IndicatorDetail['yourSightings'];
}

export async function indicatorSightings(
  database: Database,
  actor: Actor,
  ref: string,
): Promise<SightingsView> {
  const d = await showIndicator(database, actor, ref);
  return {
    indicator: d.stixId,
    organisations: d.sightings.organisations,
    total: d.sightings.total,
    sightedBy: d.sightedBy,
    yourSightings: d.yourSightings,
  };
}
