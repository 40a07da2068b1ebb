/**
 * Intel tables: vulnerabilities with their match rules, KEV, EPSS and feed state. Writes are bulk
 * (COPY into a staging table, then one set-based statement) and idempotent: a row is only
 * rewritten when something in it changed.
 */
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { CsafRuleProduct } from '../../domain/rules/csaf-document.js';
import { copyInto, createStagingTable } from '../copy.js';
import type {
  AdvisoryTable,
  DB,
  EpssScoreTable,
  IntelSourceTable,
  KevEntryTable,
  VulnerabilityTable,
} from '../schema.js';
import {
  STORED_CRITERION,
  STORED_CRITERION_COLUMNS,
  type StoredRule,
  type StoredRules,
  withConditions,
} from './exposure/match-rule.sql.js';

type Executor = Kysely<DB>;

export interface VulnerabilityRow {
  cveId: string;
  published: string | null;
  lastModified: string | null;
  status: string;
  rejected: boolean;
  description: string;
  cvssVersion: string | null;
  cvssScore: number | null;
  cvssSeverity: string | null;
  cvssVector: string | null;
  metrics: unknown;
  cwes: string[];
  references: string[];
  source: string;
}

/** A criterion as stored: versions as given, plus the sort-key ranges candidates are found by. */
export interface CriterionRow {
  key: string;
  scheme: string;
  exact: string | null;
  startVersion: string | null;
  startInclusive: boolean | null;
  endVersion: string | null;
  endInclusive: boolean | null;
  update: string | null;
  loKey: string | null;
  loInclusive: boolean | null;
  hiKey: string | null;
  hiInclusive: boolean | null;
  altKey: string | null;
  raw: string;
}

/** A criterion's columns as written: as the source gave it, then the key ranges matching uses. */
const CRITERION_COLUMNS = [
  ...STORED_CRITERION_COLUMNS,
  'lo_key',
  'lo_inclusive',
  'hi_key',
  'hi_inclusive',
  'alt_key',
] as const;

function criterionValues(c: CriterionRow) {
  return [
    c.key,
    c.scheme,
    c.exact,
    c.startVersion,
    c.startInclusive,
    c.endVersion,
    c.endInclusive,
    c.update,
    c.raw,
    c.loKey,
    c.loInclusive,
    c.hiKey,
    c.hiInclusive,
    c.altKey,
  ];
}

/** One criterion of a rule's platform condition `cond`. */
export interface ConditionRow extends CriterionRow {
  cond: number;
  negate: boolean;
}

/** A match rule ready to store. */
export interface MatchRuleRow extends CriterionRow {
  cveId: string;
  source: string;
  grp: number;
  /** Platform criteria that must (or, negated, must not) be present on the same asset. */
  conditions: ConditionRow[];
}

/** PostgreSQL array literal for COPY text format. */
function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** The stored last-modified stamp and status of each of the given CVEs. */
export async function storedVersions(db: Executor, cveIds: readonly string[]): Promise<Map<string, string>> {
  if (cveIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('vulnerabilities')
    .select(['cve_id', 'last_modified', 'status'])
    .where('cve_id', 'in', cveIds)
    .execute();
  return new Map(rows.map((r) => [r.cve_id, `${r.last_modified?.toISOString() ?? ''}|${r.status}`]));
}

/** The version stamp `storedVersions` compares against. */
export function versionStamp(v: Pick<VulnerabilityRow, 'lastModified' | 'status'>): string {
  return `${v.lastModified ? new Date(v.lastModified.endsWith('Z') ? v.lastModified : `${v.lastModified}Z`).toISOString() : ''}|${v.status}`;
}

export async function upsertVulnerabilities(trx: Executor, rows: readonly VulnerabilityRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = [
    'cve_id',
    'published',
    'last_modified',
    'status',
    'rejected',
    'description',
    'cvss_version',
    'cvss_score',
    'cvss_severity',
    'cvss_vector',
    'metrics',
    'cwes',
    'reference_urls',
    'source',
  ];
  await createStagingTable(
    trx,
    'vuln_stage',
    `cve_id text, published timestamptz, last_modified timestamptz, status text, rejected boolean, description text,
     cvss_version text, cvss_score numeric(3,1), cvss_severity text, cvss_vector text, metrics jsonb, cwes text[],
     reference_urls text[], source text`,
  );
  const utc = (t: string | null) => (t && !/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? `${t}Z` : t);
  await copyInto(
    trx,
    'vuln_stage',
    columns,
    rows.map((r) => [
      r.cveId,
      utc(r.published),
      utc(r.lastModified),
      r.status,
      r.rejected,
      r.description,
      r.cvssVersion,
      r.cvssScore,
      r.cvssSeverity,
      r.cvssVector,
      JSON.stringify(r.metrics ?? []),
      pgArray(r.cwes),
      pgArray(r.references),
      r.source,
    ]),
  );
  // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
  await sql`
    INSERT INTO vulnerabilities (${sql.raw(columns.join(', '))})
    SELECT ${sql.raw(columns.join(', '))} FROM vuln_stage
    ON CONFLICT (cve_id) DO UPDATE SET
      published = excluded.published, last_modified = excluded.last_modified, status = excluded.status,
      rejected = excluded.rejected, description = excluded.description, cvss_version = excluded.cvss_version,
      cvss_score = excluded.cvss_score, cvss_severity = excluded.cvss_severity, cvss_vector = excluded.cvss_vector,
      metrics = excluded.metrics, cwes = excluded.cwes, reference_urls = excluded.reference_urls,
      source = excluded.source, updated_at = excluded.updated_at`.execute(trx);
  await sql`DROP TABLE vuln_stage`.execute(trx);
}

/** Replaces every rule of `source` for the given CVEs by `rules` (atomically, inside the caller's transaction). */
export async function replaceRules(
  trx: Executor,
  source: string,
  cveIds: readonly string[],
  rules: readonly MatchRuleRow[],
): Promise<void> {
  if (cveIds.length > 0) {
    // Matches hang off rule ids: they go with their rules, and the caller re-matches the CVEs.
    const old = sql`SELECT id FROM match_rules WHERE source = ${source} AND cve_id IN (${sql.join(cveIds)})`;
    await sql`DELETE FROM condition_matches WHERE rule_id IN (${old})`.execute(trx);
    await sql`DELETE FROM component_matches WHERE rule_id IN (${old})`.execute(trx);
    await trx.deleteFrom('match_rules').where('source', '=', source).where('cve_id', 'in', cveIds).execute();
  }
  await insertRules(trx, rules, null);
}

/**
 * Stores rules with their conditions (a source's own, or clones for a confirmed alias); returns
 * their ids. Ids are taken from the identity sequence up front so conditions can name their rule;
 * COPY writes identity values as given (PostgreSQL docs, COPY: "like OVERRIDING SYSTEM VALUE").
 * The sequence is looked up once (`OFFSET 0` keeps the subquery apart): looked up per row, the
 * lookup cost seven times the `nextval` itself.
 */
export async function insertRules(
  trx: Executor,
  rules: readonly MatchRuleRow[],
  aliasId: number | null,
): Promise<number[]> {
  if (rules.length === 0) return [];
  const ids = await sql<{ id: number }>`
    SELECT nextval(s.seq)::int8 AS id
    FROM (SELECT pg_get_serial_sequence('match_rules', 'id')::regclass AS seq OFFSET 0) s, generate_series(1, ${rules.length})`.execute(
    trx,
  );
  const ruleIds = ids.rows.map((r) => r.id);
  // Rows are generated as COPY reads them: no copy of each rule with its id, no array of rows.
  await copyInto(
    trx,
    'match_rules',
    ['id', 'cve_id', 'source', 'grp', 'conditional', 'alias_id', ...CRITERION_COLUMNS],
    (function* () {
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i]!;
        yield [ruleIds[i], r.cveId, r.source, r.grp, r.conditions.length > 0, aliasId, ...criterionValues(r)];
      }
    })(),
  );
  await copyInto(
    trx,
    'rule_conditions',
    ['rule_id', 'cond', 'negate', ...CRITERION_COLUMNS],
    (function* () {
      for (let i = 0; i < rules.length; i++)
        for (const c of rules[i]!.conditions) yield [ruleIds[i], c.cond, c.negate, ...criterionValues(c)];
    })(),
  );
  return ruleIds;
}

async function ownRules(
  db: Executor,
  where: RawBuilder<boolean>,
  source: string | null,
): Promise<StoredRules> {
  const bySource = source === null ? sql`` : sql`AND source = ${source}`;
  const rules = await sql<StoredRule>`
    SELECT id, cve_id, source, grp, ${STORED_CRITERION} FROM match_rules
    WHERE ${where} AND alias_id IS NULL ${bySource} ORDER BY id`.execute(db);
  return withConditions(db, rules.rows);
}

/** A source's own rules (not alias clones) on the given keys, optionally of one source and of some CVEs, with their conditions. */
export async function ownRulesForKeys(
  db: Executor,
  keys: readonly string[],
  source: string | null = null,
  cveIds: readonly string[] | null = null,
): Promise<StoredRules> {
  if (keys.length === 0 || cveIds?.length === 0) return { rules: [], conditions: [] };
  const ofCves = cveIds === null ? sql`` : sql`AND cve_id IN (${sql.join(cveIds)})`;
  return ownRules(db, sql<boolean>`key IN (${sql.join(keys)}) ${ofCves}`, source);
}

/** A source's own rules (not alias clones) of the given CVEs, with their conditions. */
export async function ownRulesOfCves(
  db: Executor,
  cveIds: readonly string[],
  source: string,
): Promise<StoredRules> {
  if (cveIds.length === 0) return { rules: [], conditions: [] };
  return ownRules(db, sql<boolean>`cve_id IN (${sql.join(cveIds)})`, source);
}

export interface KevRow {
  cveId: string;
  vendorProject: string;
  product: string;
  name: string;
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  dueDate: string | null;
  ransomware: string;
  notes: string;
  cwes: string[];
}

/** Upserts KEV entries; returns the CVE ids that were added or changed. */
export async function upsertKev(trx: Executor, rows: readonly KevRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const columns = [
    'cve_id',
    'vendor_project',
    'product',
    'name',
    'date_added',
    'short_description',
    'required_action',
    'due_date',
    'ransomware',
    'notes',
    'cwes',
  ];
  await createStagingTable(
    trx,
    'kev_stage',
    `cve_id text, vendor_project text, product text, name text, date_added date, short_description text,
     required_action text, due_date date, ransomware text, notes text, cwes text[]`,
  );
  await copyInto(
    trx,
    'kev_stage',
    columns,
    rows.map((r) => [
      r.cveId,
      r.vendorProject,
      r.product,
      r.name,
      r.dateAdded,
      r.shortDescription,
      r.requiredAction,
      r.dueDate,
      r.ransomware,
      r.notes,
      pgArray(r.cwes),
    ]),
  );
  // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
  const changed = await sql<{ cve_id: string }>`
    INSERT INTO kev_entries AS k (${sql.raw(columns.join(', '))})
    SELECT DISTINCT ON (cve_id) ${sql.raw(columns.join(', '))} FROM kev_stage ORDER BY cve_id
    ON CONFLICT (cve_id) DO UPDATE SET
      vendor_project = excluded.vendor_project, product = excluded.product, name = excluded.name,
      date_added = excluded.date_added, short_description = excluded.short_description,
      required_action = excluded.required_action, due_date = excluded.due_date, ransomware = excluded.ransomware,
      notes = excluded.notes, cwes = excluded.cwes, updated_at = excluded.updated_at
    WHERE (k.vendor_project, k.product, k.name, k.date_added, k.short_description, k.required_action, k.due_date,
           k.ransomware, k.notes, k.cwes)
      IS DISTINCT FROM (excluded.vendor_project, excluded.product, excluded.name, excluded.date_added,
           excluded.short_description, excluded.required_action, excluded.due_date, excluded.ransomware,
           excluded.notes, excluded.cwes)
    RETURNING k.cve_id`.execute(trx);
  await sql`DROP TABLE kev_stage`.execute(trx);
  return changed.rows.map((r) => r.cve_id);
}

export interface EpssRow {
  cveId: string;
  epss: number;
  percentile: number;
}

/** Stages EPSS rows; call `mergeEpss` once all are staged. */
export async function stageEpss(
  trx: Executor,
  rows: AsyncIterable<EpssRow> | Iterable<EpssRow>,
): Promise<number> {
  await createStagingTable(trx, 'epss_stage', 'cve_id text, epss real, percentile real');
  async function* values() {
    for await (const r of rows) yield [r.cveId, r.epss, r.percentile] as const;
  }
  return copyInto(trx, 'epss_stage', ['cve_id', 'epss', 'percentile'], values());
}

/** Keeps the latest score per CVE: rows dated before the stored score are ignored. Returns rows changed. */
export async function mergeEpss(trx: Executor, scoreDate: string): Promise<number> {
  const result = await sql`
    INSERT INTO epss_scores AS e (cve_id, epss, percentile, score_date)
    SELECT DISTINCT ON (cve_id) cve_id, epss, percentile, ${scoreDate}::date FROM epss_stage ORDER BY cve_id
    ON CONFLICT (cve_id) DO UPDATE SET epss = excluded.epss, percentile = excluded.percentile, score_date = excluded.score_date
    WHERE excluded.score_date >= e.score_date
      AND (e.epss, e.percentile, e.score_date) IS DISTINCT FROM (excluded.epss, excluded.percentile, excluded.score_date)`.execute(
    trx,
  );
  await sql`DROP TABLE epss_stage`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export type SourceState = Selectable<IntelSourceTable>;

/** What Ward holds of each source, by source name. */
export async function getSourceStates(db: Executor): Promise<SourceState[]> {
  return db.selectFrom('intel_sources').selectAll().orderBy('source').execute();
}

/** Counts of what the store holds (computed, not a table's row). */
export interface IntelCounts {
  vulnerabilities: number;
  rejected: number;
  rules: number;
  kev: number;
  epss: number;
  advisories: number;
  medicalAdvisories: number;
}

/** How many records of each kind the store holds. */
export async function intelCounts(db: Executor): Promise<IntelCounts> {
  const counts = await sql<IntelCounts>`SELECT
      (SELECT count(*) FROM vulnerabilities)::int AS vulnerabilities,
      (SELECT count(*) FROM vulnerabilities WHERE rejected)::int AS rejected,
      (SELECT count(*) FROM match_rules)::int AS rules,
      (SELECT count(*) FROM kev_entries)::int AS kev,
      (SELECT count(*) FROM epss_scores)::int AS epss,
      (SELECT count(*) FROM advisories)::int AS advisories,
      (SELECT count(*) FROM advisories WHERE medical)::int AS "medicalAdvisories"`.execute(db);
  return counts.rows[0] as IntelCounts;
}

/** The current release (ms since the epoch, 0 when none) of every advisory fetched from a URL, by URL. */
export async function advisoryReleasesByUrl(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('advisories')
    .select(['url', 'current_release'])
    .where('url', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.url as string, r.current_release?.getTime() ?? 0]));
}

/** An advisory naming a CVE, as a CVE's page lists it. */
export type AdvisoryMention = Pick<Selectable<AdvisoryTable>, 'id' | 'title' | 'publisher' | 'medical'>;

/** Everything Ward holds on one CVE besides its rules: the NVD record, KEV and EPSS entries, advisories (newest first). */
export async function intelOnCve(db: Executor, cveId: string) {
  const [vulnerability, kev, epss, advisories] = await Promise.all([
    db.selectFrom('vulnerabilities').selectAll().where('cve_id', '=', cveId).executeTakeFirst(),
    db.selectFrom('kev_entries').selectAll().where('cve_id', '=', cveId).executeTakeFirst(),
    db.selectFrom('epss_scores').selectAll().where('cve_id', '=', cveId).executeTakeFirst(),
    db
      .selectFrom('advisory_vulnerabilities as av')
      .innerJoin('advisories as a', 'a.id', 'av.advisory_id')
      .select(['a.id', 'a.title', 'a.publisher', 'a.medical'])
      .where('av.cve_id', '=', cveId)
      .orderBy('a.current_release', (ob) => ob.desc().nullsLast())
      .execute(),
  ]);
  return { vulnerability, kev, epss, advisories: advisories as AdvisoryMention[] };
}

/** Records the outcome of a load or sync of one source. */
export async function saveSourceState(
  db: Executor,
  state: {
    source: string;
    success: boolean;
    lastModifiedSeen?: string | null;
    cursor?: unknown;
    records?: number;
    error?: string | null;
  },
): Promise<void> {
  const now = new Date();
  await db
    .insertInto('intel_sources')
    .values({
      source: state.source,
      last_attempt: now,
      last_success: state.success ? now : null,
      last_modified_seen: state.lastModifiedSeen ? new Date(state.lastModifiedSeen) : null,
      cursor: state.cursor === undefined ? null : JSON.stringify(state.cursor),
      records: state.records ?? 0,
      last_error: state.error ?? null,
    })
    .onConflict((oc) =>
      oc.column('source').doUpdateSet((eb) => ({
        last_attempt: now,
        last_success: state.success ? now : eb.ref('intel_sources.last_success'),
        last_modified_seen: sql`greatest(intel_sources.last_modified_seen, excluded.last_modified_seen)`,
        cursor: state.cursor === undefined ? eb.ref('intel_sources.cursor') : eb.ref('excluded.cursor'),
        records: state.records === undefined ? eb.ref('intel_sources.records') : eb.ref('excluded.records'),
        last_error: eb.ref('excluded.last_error'),
        updated_at: now,
      })),
    )
    .execute();
}

/** A CVE's score columns, with whether KEV lists it (and its due date) and its EPSS score. */
export type CveFacts = Pick<
  Selectable<VulnerabilityTable>,
  'cve_id' | 'cvss_score' | 'cvss_severity' | 'cvss_vector'
> & {
  kev: boolean;
  kev_due_date: Selectable<KevEntryTable>['due_date'];
  epss: Selectable<EpssScoreTable>['epss'] | null;
};

/** Scores, KEV and EPSS of the given CVEs, by id. */
export async function cveFacts(db: Executor, cveIds: readonly string[]): Promise<Map<string, CveFacts>> {
  if (cveIds.length === 0) return new Map();
  const rows = await sql<CveFacts>`
    SELECT ids.cve_id, v.cvss_score, v.cvss_severity, v.cvss_vector, k.cve_id IS NOT NULL AS kev,
      k.due_date AS kev_due_date, e.epss
    FROM unnest(${sql.val([...cveIds])}::text[]) AS ids(cve_id)
    LEFT JOIN vulnerabilities v ON v.cve_id = ids.cve_id
    LEFT JOIN kev_entries k ON k.cve_id = ids.cve_id
    LEFT JOIN epss_scores e ON e.cve_id = ids.cve_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.cve_id, r]));
}

/** An advisory as stored: its columns, release dates as given, products and vulnerabilities. */
export interface AdvisoryRecord
  extends Pick<
    Selectable<AdvisoryTable>,
    'id' | 'title' | 'category' | 'publisher' | 'tlp' | 'version' | 'medical' | 'url'
  > {
  initialRelease: string | null;
  currentRelease: string | null;
  products: (Pick<
    CsafRuleProduct,
    'productId' | 'name' | 'vendor' | 'product' | 'version' | 'versionRange' | 'cpe' | 'purl'
  > & { modelNumbers: string[] })[];
  vulnerabilities: {
    cveId: string;
    title: string | null;
    productStatus: unknown;
    remediations: unknown;
    scores: unknown;
  }[];
}

/** The stored version of an advisory, to skip re-loading an unchanged one. */
export async function storedAdvisoryVersion(db: Executor, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('advisories')
    .select(['version', 'current_release'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? `${row.version}|${row.current_release?.toISOString() ?? ''}` : null;
}

/** Replaces an advisory with its products and vulnerabilities (inside the caller's transaction). */
export async function replaceAdvisory(trx: Executor, a: AdvisoryRecord): Promise<void> {
  await trx.deleteFrom('advisories').where('id', '=', a.id).execute();
  await trx
    .insertInto('advisories')
    .values({
      id: a.id,
      title: a.title,
      category: a.category,
      publisher: a.publisher,
      tlp: a.tlp,
      version: a.version,
      initial_release: a.initialRelease ? new Date(a.initialRelease) : null,
      current_release: a.currentRelease ? new Date(a.currentRelease) : null,
      medical: a.medical,
      url: a.url,
    })
    .execute();
  if (a.products.length) {
    await copyInto(
      trx,
      'advisory_products',
      [
        'advisory_id',
        'product_id',
        'name',
        'vendor',
        'product',
        'version',
        'version_range',
        'cpe',
        'purl',
        'model_numbers',
      ],
      a.products.map((p) => [
        a.id,
        p.productId,
        p.name,
        p.vendor,
        p.product,
        p.version,
        p.versionRange,
        p.cpe,
        p.purl,
        pgArray(p.modelNumbers),
      ]),
    );
  }
  const byCve = new Map(a.vulnerabilities.map((v) => [v.cveId, v]));
  if (byCve.size) {
    await copyInto(
      trx,
      'advisory_vulnerabilities',
      ['advisory_id', 'cve_id', 'title', 'product_status', 'remediations', 'scores'],
      [...byCve.values()].map((v) => [
        a.id,
        v.cveId,
        v.title,
        JSON.stringify(v.productStatus),
        JSON.stringify(v.remediations),
        JSON.stringify(v.scores),
      ]),
    );
  }
}
