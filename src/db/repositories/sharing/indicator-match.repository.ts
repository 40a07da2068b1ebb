/**
 * Matching an indicator against what the federation holds of its own: registered ranges and
 * domains (`org_addresses`, GiST `inet_ops` for ranges) and services seen from outside
 * (`external_services`, GiST on the address); and the matches kept (`indicator_matches`). Reads of
 * the indicators behind the matches apply the TLP rule as a column (`visible`), so a caller learns
 * of an indicator it may not see only that it named the organisation's own thing.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import { type SqlReader, tlpVisible } from '../../tlp.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** A thing of an organisation's own that an indicator names. */
export interface FederationMatch {
  orgId: string;
  code: string;
  name: string;
  kind: 'range' | 'domain' | 'service';
  /** The organisation's own thing: the address named (in its range), the range, the domain, `address:port`. */
  detail: string;
}

/** Services seen from outside that one indicator may flag, at most (a /8 must not flood anyone). */
export const MAX_SERVICE_MATCHES = 200;

/**
 * What an indicator of this kind and value names of the federation's own. An address: the most
 * specific registered range holding it (the deeper organisation of two registering one range) and
 * open services at it. A range: the registered ranges it overlaps, and open services inside it. A
 * domain, a URL's host or an e-mail address's domain: registered domains it is or lies under.
 */
export async function federationMatches(
  db: Executor,
  type: string,
  value: string,
): Promise<FederationMatch[]> {
  if (type === 'ipv4' || type === 'ipv6') {
    const [owner, services] = await Promise.all([
      sql<FederationMatch>`
        SELECT o.id AS "orgId", o.code, o.name, 'range' AS kind, ${value}::text AS detail
        FROM org_addresses a JOIN organisations o ON o.id = a.org_id
        WHERE a.kind = 'range' AND a.range >>= ${value}::inet
        ORDER BY masklen(a.range) DESC, o.depth DESC LIMIT 1`.execute(db),
      servicesIn(db, sql`s.address = ${value}::inet`),
    ]);
    return [...owner.rows, ...services];
  }
  if (type === 'ipv4-cidr' || type === 'ipv6-cidr') {
    const [ranges, services] = await Promise.all([
      sql<FederationMatch>`
        SELECT DISTINCT o.id AS "orgId", o.code, o.name, 'range' AS kind, a.range::text AS detail
        FROM org_addresses a JOIN organisations o ON o.id = a.org_id
        WHERE a.kind = 'range' AND a.range && ${value}::cidr
        ORDER BY o.code, detail`.execute(db),
      servicesIn(db, sql`s.address <<= ${value}::cidr`),
    ]);
    return [...ranges.rows, ...services];
  }
  const domain = domainNamed(type, value);
  if (!domain) return [];
  // The domain and each parent of it (a.b.example.org → b.example.org, example.org), exact lookups.
  const labels = domain.split('.');
  const candidates = labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  const rows = await sql<FederationMatch>`
    SELECT o.id AS "orgId", o.code, o.name, 'domain' AS kind, a.domain AS detail
    FROM org_addresses a JOIN organisations o ON o.id = a.org_id
    WHERE a.kind = 'domain' AND a.domain = ANY(${sql.val(candidates)}::text[])
    ORDER BY o.code, a.domain`.execute(db);
  return rows.rows;
}

async function servicesIn(db: Executor, where: ReturnType<typeof sql>): Promise<FederationMatch[]> {
  const rows = await sql<FederationMatch>`
    SELECT DISTINCT o.id AS "orgId", o.code, o.name, 'service' AS kind,
      host(s.address) || ':' || s.port AS detail
    FROM external_services s JOIN organisations o ON o.id = s.org_id
    WHERE ${where} AND s.closed_at IS NULL
    ORDER BY o.code, detail LIMIT ${MAX_SERVICE_MATCHES}`.execute(db);
  return rows.rows;
}

/** The domain a value of this kind names: itself, a URL's host, an e-mail address's domain. */
export function domainNamed(type: string, value: string): string | null {
  if (type === 'domain') return value;
  if (type === 'email') return value.slice(value.lastIndexOf('@') + 1);
  if (type === 'url') {
    try {
      const host = new URL(value).hostname;
      return /^[0-9.]+$|^\[/.test(host) ? null : host;
    } catch {
      return null;
    }
  }
  return null;
}

/** A federation match of one held indicator, for flagging in bulk. */
export interface HeldMatch extends FederationMatch {
  indicatorId: string;
  stixId: string;
  type: string;
  value: string;
  tlp: string;
}

/**
 * What the addresses one producer holds from one source name of the federation, set-based: those
 * flagged on entry as lying in a registered range, each with the most specific registered range
 * holding it (the deeper organisation of two registering one range) and the open services seen at
 * it — the same answer as {@link federationMatches} per address. Every step is linear in the
 * addresses: each is looked up through the GiST indexes, organisations by key.
 */
export async function addressMatchesInBulk(
  trx: Transaction<DB>,
  producer: { entityId: string; orgId: string },
  source: string,
): Promise<HeldMatch[]> {
  const rows = await sql<HeldMatch>`
    WITH v AS (
      SELECT i.id, i.stix_id, i.type, i.value, i.tlp, i.value::inet AS address
      FROM indicators i
      WHERE i.producer_entity_id = ${producer.entityId} AND i.source = ${source}
        AND i.type IN ('ipv4', 'ipv6') AND 'federation-address' = ANY(i.warnings)
    ), held AS (
      SELECT v.*, a.org_id, masklen(a.range) AS len
      FROM v CROSS JOIN LATERAL (
        SELECT r.org_id, r.range FROM org_addresses r WHERE r.kind = 'range' AND r.range >>= v.address) a
    ), owner AS (
      SELECT DISTINCT ON (h.id) h.id, h.stix_id, h.type, h.value, h.tlp, o.id AS org_id, o.code, o.name,
        'range' AS kind, h.value AS detail
      FROM held h JOIN organisations o ON o.id = h.org_id
      ORDER BY h.id, h.len DESC, o.depth DESC
    ), service AS (
      SELECT DISTINCT v.id, v.stix_id, v.type, v.value, v.tlp, o.id AS org_id, o.code, o.name,
        'service' AS kind, host(s.address) || ':' || s.port AS detail
      FROM v CROSS JOIN LATERAL (
        SELECT x.org_id, x.address, x.port FROM external_services x
        WHERE x.address = v.address AND x.closed_at IS NULL) s
      JOIN organisations o ON o.id = s.org_id
    )
    SELECT m.id AS "indicatorId", m.stix_id AS "stixId", m.type, m.value, m.tlp,
      m.org_id AS "orgId", m.code, m.name, m.kind, m.detail
    FROM (SELECT * FROM owner UNION ALL SELECT * FROM service) m
    WHERE m.org_id <> ${producer.orgId}
    ORDER BY m.code, m.value, m.kind, m.detail`.execute(trx);
  return rows.rows;
}

/** Keeps many indicators' matches at once; returns those not kept before (the ones to tell). */
export async function insertMatchesInBulk(
  trx: Transaction<DB>,
  matches: readonly HeldMatch[],
): Promise<HeldMatch[]> {
  if (matches.length === 0) return [];
  const saved = await sql<{ indicator_id: string; org_id: string; kind: string; detail: string }>`
    INSERT INTO indicator_matches (indicator_id, org_id, kind, detail)
    SELECT * FROM unnest(${sql.val(matches.map((m) => m.indicatorId))}::uuid[],
      ${sql.val(matches.map((m) => m.orgId))}::uuid[], ${sql.val(matches.map((m) => m.kind))}::text[],
      ${sql.val(matches.map((m) => m.detail))}::text[])
    ON CONFLICT DO NOTHING
    RETURNING indicator_id, org_id, kind, detail`.execute(trx);
  const fresh = new Set(saved.rows.map((s) => `${s.indicator_id}|${s.org_id}|${s.kind}|${s.detail}`));
  return matches.filter((m) => fresh.has(`${m.indicatorId}|${m.orgId}|${m.kind}|${m.detail}`));
}

/** The domains organisations registered as their own (few: one set for a whole import). */
export async function registeredDomains(db: Executor): Promise<Set<string>> {
  const rows = await db
    .selectFrom('org_addresses')
    .select('domain')
    .where('kind', '=', 'domain')
    .where('domain', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.domain as string));
}

/** Keeps an indicator's matches; returns those not kept before (the ones to tell). */
export async function insertMatches(
  trx: Transaction<DB>,
  indicatorId: string,
  matches: readonly FederationMatch[],
): Promise<FederationMatch[]> {
  if (matches.length === 0) return [];
  const saved = await trx
    .insertInto('indicator_matches')
    .values(
      matches.map((m) => ({ indicator_id: indicatorId, org_id: m.orgId, kind: m.kind, detail: m.detail })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['org_id', 'kind', 'detail'])
    .execute();
  const fresh = new Set(saved.map((s) => `${s.org_id}|${s.kind}|${s.detail}`));
  return matches.filter((m) => fresh.has(`${m.orgId}|${m.kind}|${m.detail}`));
}

export interface FlagRow {
  indicator_id: string;
  org_code: string;
  kind: 'range' | 'domain' | 'service';
  detail: string;
  created_at: Date;
  /** Whether the reader may see the indicator itself (the TLP rule). */
  visible: boolean;
  stix_id: string;
  type: string;
  value: string;
  tlp: string;
  producer_code: string;
  revoked: boolean;
}

const MARKED = { id: 'i.id', tlp: 'i.tlp', producerEntity: 'i.producer_entity_id' };

/** The matches naming these organisations' own things, newest first, each with whether the reader may see its indicator. */
export async function flagsOfOrgs(
  db: Executor,
  reader: SqlReader,
  orgIds: readonly string[],
  q: { indicatorId?: string; limit: number },
): Promise<FlagRow[]> {
  if (orgIds.length === 0) return [];
  let query = db
    .selectFrom('indicator_matches as m')
    .innerJoin('indicators as i', 'i.id', 'm.indicator_id')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .innerJoin('organisations as p', 'p.id', 'i.producer_org_id')
    .select([
      'm.indicator_id',
      'o.code as org_code',
      'm.kind',
      'm.detail',
      'm.created_at',
      tlpVisible(MARKED, reader).as('visible'),
      'i.stix_id',
      'i.type',
      'i.value',
      'i.tlp',
      'p.code as producer_code',
      'i.revoked',
    ])
    .where('m.org_id', 'in', [...orgIds]);
  if (q.indicatorId) query = query.where('m.indicator_id', '=', q.indicatorId);
  return query
    .orderBy('m.created_at', 'desc')
    .orderBy('o.code')
    .orderBy('m.detail')
    .limit(q.limit)
    .execute() as Promise<FlagRow[]>;
}
