/**
 * Loads intel into the store from byte sources (files, or HTTP bodies during a sync): NVD CVE 2.0,
 * CISA KEV, FIRST EPSS and CSAF 2.0. Loads are idempotent — a CVE whose last-modified stamp and
 * status are unchanged is skipped — and transactional per batch: a modified CVE's rules are
 * replaced atomically, a rejected CVE loses its rules.
 */

import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import { refreshDeviceKev } from '../../db/repositories/exposure/device-exposure.repository.js';
import { refreshCellKev } from '../../db/repositories/exposure/exposed-cells.repository.js';
import {
  type KevRow,
  type MatchRuleRow,
  mergeEpss,
  ownRulesOfCves,
  replaceRules,
  saveSourceState,
  stageEpss,
  storedVersions,
  upsertKev,
  upsertVulnerabilities,
  type VulnerabilityRow,
  versionStamp,
} from '../../db/repositories/intel.repository.js';
import type { DB } from '../../db/schema.js';
import { type Actor, SYSTEM_ACTOR } from '../../domain/access/actor.js';
import { type FlattenIssue, flattenNvdConfigurations } from '../../domain/rules/flatten-nvd.js';
import { parseEpss } from '../../feeds/epss/parse-epss.js';
import { parseKev } from '../../feeds/kev/parse-kev.js';
import type { NvdCveRecord } from '../../feeds/nvd/nvd.types.js';
import { parseNvd } from '../../feeds/nvd/parse-nvd.js';
import type { ByteSource } from '../../feeds/source-bytes.js';
import { retargetLiveAlerts } from '../alerts/index.js';
import { audit } from '../audit/audit.service.js';
import { ruleSets, storedRuleSets, toRuleRow } from '../exposure/match-rule-rows.js';
import { rematchCves } from '../exposure/matching.service.js';
import { applyConfirmedAliases } from '../identity/product-identity.service.js';
import { draftKevAlerts } from '../outside/kev-draft.service.js';
import { noticeCertifiedProducts } from '../outside/product-notice.service.js';

/** A record that could not be loaded: where and why. */
export interface LoadIssue {
  file: string;
  /** CVE id, advisory id or line/index, whatever locates the record best. */
  record: string;
  reason: string;
}

export interface LoadProgress {
  source: string;
  file: string;
  records: number;
}

export interface LoadResult {
  source: 'nvd' | 'kev' | 'epss' | 'csaf';
  file: string;
  records: number;
  /** Records added or changed (CVE ids for NVD and KEV). */
  changed: number;
  issues: LoadIssue[];
  /** Things loaded, but not exactly as the source said (e.g. a configuration the rule model simplifies). */
  warnings: LoadIssue[];
  /** CVEs whose record changed (NVD: re-matched when their rules changed too; KEV: exploitation facts). */
  changedCves: string[];
  /** Latest last-modified stamp seen (NVD). */
  lastModified?: string | null;
  /** Alert drafts the load proposed for review (KEV entries for remote-working products in use). */
  alertDrafts?: number;
}

export interface LoadOptions {
  name?: string;
  /** Who loads (recorded in the audit log); the system when absent. */
  actor?: Actor;
  onProgress?: (p: LoadProgress) => void;
  /** CVEs per transaction (NVD). */
  batchSize?: number;
}

const REJECTED = 'Rejected';

function vulnerabilityRow(r: NvdCveRecord): VulnerabilityRow {
  return {
    cveId: r.id,
    published: r.published,
    lastModified: r.lastModified,
    status: r.vulnStatus,
    rejected: r.vulnStatus === REJECTED,
    description: r.description ?? '',
    cvssVersion: r.cvss?.version ?? null,
    cvssScore: r.cvss?.score ?? null,
    cvssSeverity: r.cvss?.severity ?? null,
    cvssVector: r.cvss?.vector ?? null,
    metrics: r.metrics,
    cwes: r.cwes,
    references: r.references,
    source: 'nvd',
  };
}

/** A record's rules as rows, and what they could not represent. */
interface NvdRuleRows {
  rows: MatchRuleRow[];
  issues: FlattenIssue[];
}

/** Rule rows already made, per parsed record (see `nvdRuleRows`). */
const RULE_ROWS = new WeakMap<NvdCveRecord, NvdRuleRows>();

/**
 * A record's rules as rows, made once per record: a file load makes them as it parses, while the
 * previous batch is being written, so the database is not kept waiting while they are made.
 */
function nvdRuleRows(record: NvdCveRecord): NvdRuleRows {
  let made = RULE_ROWS.get(record);
  if (!made) {
    const flat = flattenNvdConfigurations(record.id, record.configurations);
    made = { rows: flat.rules.map(toRuleRow), issues: flat.issues };
    RULE_ROWS.set(record, made);
  }
  return made;
}

/** What an intel load's audit record says: the file, how many CVEs changed, the first few of them. */
function summary(file: string, cves: readonly string[]) {
  return { file, changed: cves.length, cves: cves.slice(0, 20) };
}

/**
 * Stores NVD records (one transaction); returns the ids that changed. A changed CVE whose rules
 * changed too (new, re-configured, rejected) gets its new rules and is re-matched, its live alerts
 * re-targeted; one whose rules are as stored (a re-score, new references: most of NVD's daily
 * modifications) keeps its rules and matches, since priority is read from the stored score.
 */
export async function storeNvdBatch(
  database: Database,
  batch: NvdCveRecord[],
  file: string,
  warnings: LoadIssue[],
  actor: Actor = SYSTEM_ACTOR,
): Promise<string[]> {
  return database.db.transaction().execute(async (trx) => {
    const stored = await storedVersions(
      trx,
      batch.map((r) => r.id),
    );
    const latest = new Map<string, NvdCveRecord>();
    for (const r of batch) latest.set(r.id, r);
    const changed = [...latest.values()].filter(
      (r) => stored.get(r.id) !== versionStamp({ lastModified: r.lastModified, status: r.vulnStatus }),
    );
    if (changed.length === 0) return [];
    await upsertVulnerabilities(trx, changed.map(vulnerabilityRow));
    const rules: MatchRuleRow[] = [];
    for (const r of changed) {
      if (r.vulnStatus === REJECTED) continue;
      const flat = nvdRuleRows(r);
      for (const w of flat.issues) warnings.push({ file, record: `${r.id} ${w.criteria}`, reason: w.reason });
      for (const rule of flat.rows) rules.push(rule);
    }
    const ids = changed.map((r) => r.id);
    const reconfigured = await withChangedRules(
      trx,
      ids.filter((id) => stored.has(id)),
      rules,
    );
    const rematch = (id: string) => !stored.has(id) || reconfigured.has(id);
    const rematched = ids.filter(rematch);
    await replaceRules(
      trx,
      'nvd',
      rematched,
      rules.filter((r) => rematch(r.cveId)),
    );
    // Products confirmed as aliases of a key these rules use get them again (their clones went too).
    await applyConfirmedAliases(
      trx,
      'nvd',
      rules.map((r) => r.key),
      rematched,
    );
    // Same transaction: when the CVE is stored, so are its findings and affected organisations.
    await rematchCves(trx, rematched);
    // Live alerts for these CVEs target the organisations the new rules expose.
    await retargetLiveAlerts(trx, { kind: 'cves', cveIds: rematched });
    // Certified products of the register named by these CVEs: their owners hear once per pair.
    await noticeCertifiedProducts(trx, ids);
    await audit(
      trx,
      actor,
      null,
      'intel.nvd',
      null,
      { ...summary(file, ids), rematched: rematched.length },
      file,
    );
    return ids;
  });
}

/** Of the stored CVEs given, those whose NVD rules differ from `rules` (the rows about to be stored). */
async function withChangedRules(
  trx: Kysely<DB>,
  cveIds: readonly string[],
  rules: readonly MatchRuleRow[],
): Promise<Set<string>> {
  if (cveIds.length === 0) return new Set();
  const own = await ownRulesOfCves(trx, cveIds, 'nvd');
  const before = storedRuleSets(own.rules, own.conditions);
  const after = ruleSets(rules);
  return new Set(cveIds.filter((id) => before.get(id) !== after.get(id)));
}

/** Loads an NVD CVE API 2.0 page or yearly feed. Invalid records are reported and skipped. */
export async function loadNvd(
  database: Database,
  source: ByteSource,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const file = options.name ?? (typeof source === 'string' ? source : '<stream>');
  const batchSize = options.batchSize ?? 1000;
  const issues: LoadIssue[] = [];
  const warnings: LoadIssue[] = [];
  const changedCves: string[] = [];
  let batch: NvdCveRecord[] = [];
  let records = 0;
  let lastModified: string | null = null;
  // One batch is stored while the next is parsed: the database works while Node reads. Batches
  // still commit one after another, in file order; a failed one stops the load at the next flush.
  let storing: Promise<void> = Promise.resolve();
  // Whether records' rules are made as they are parsed: yes while most records of the last batch
  // stored were new or changed (a file loaded again changes nothing, and would make them for nothing).
  let rulesAhead = true;
  let failure: { error: unknown } | null = null;
  const settle = async () => {
    await storing;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    if (batch.length === 0) return;
    await settle();
    const stored = batch;
    const seen = records;
    batch = [];
    storing = storeNvdBatch(database, stored, file, warnings, options.actor).then(
      (ids) => {
        changedCves.push(...ids);
        rulesAhead = ids.length * 2 >= stored.length;
        options.onProgress?.({ source: 'nvd', file, records: seen });
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };
  try {
    for await (const item of parseNvd(source, { name: file })) {
      if (item.kind === 'invalid') {
        issues.push({ file, record: item.id ?? `vulnerabilities[${item.index}]`, reason: item.reason });
      } else if (item.kind === 'record') {
        records++;
        batch.push(item.record);
        if (rulesAhead && item.record.vulnStatus !== REJECTED) nvdRuleRows(item.record);
        if (!lastModified || item.record.lastModified > lastModified) lastModified = item.record.lastModified;
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();
  } finally {
    // Whatever stopped the parse, the batch in flight is finished (committed or rolled back) first.
    await storing;
  }
  await settle();
  await saveSourceState(database.db, {
    source: 'nvd',
    success: true,
    lastModifiedSeen: lastModified ? `${lastModified}Z` : null,
  });
  return {
    source: 'nvd',
    file,
    records,
    changed: changedCves.length,
    issues,
    warnings,
    changedCves,
    lastModified,
  };
}

/** Loads the CISA KEV catalogue in one transaction; unknown extra fields are accepted. */
export async function loadKev(
  database: Database,
  source: ByteSource,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const file = options.name ?? (typeof source === 'string' ? source : '<stream>');
  const catalog = await parseKev(source, { name: file });
  const rows: KevRow[] = catalog.vulnerabilities.map((v) => ({
    cveId: v.cveID,
    vendorProject: v.vendorProject,
    product: v.product,
    name: v.vulnerabilityName,
    dateAdded: v.dateAdded,
    shortDescription: v.shortDescription ?? '',
    requiredAction: v.requiredAction ?? '',
    dueDate: v.dueDate ?? null,
    ransomware: v.knownRansomwareCampaignUse ?? 'Unknown',
    notes: v.notes ?? '',
    cwes: v.cwes ?? [],
  }));
  const { changedCves, drafts } = await database.db.transaction().execute(async (trx) => {
    const changed = await upsertKev(trx, rows);
    if (changed.length > 0) {
      await refreshCellKev(trx, changed);
      await refreshDeviceKev(trx, changed);
    }
    if (changed.length > 0)
      await audit(trx, options.actor ?? SYSTEM_ACTOR, null, 'intel.kev', null, summary(file, changed), file);
    return {
      changedCves: changed,
      drafts: await draftKevAlerts(trx, changed, options.actor ?? SYSTEM_ACTOR),
    };
  });
  await saveSourceState(database.db, {
    source: 'kev',
    success: true,
    records: rows.length,
    lastModifiedSeen: catalog.dateReleased,
  });
  options.onProgress?.({ source: 'kev', file, records: rows.length });
  return {
    source: 'kev',
    file,
    records: rows.length,
    changed: changedCves.length,
    issues: catalog.issues.map((i) => ({
      file,
      record: i.cveID ?? (i.index === null ? 'catalog' : `vulnerabilities[${i.index}]`),
      reason: i.reason,
    })),
    warnings: [],
    changedCves,
    alertDrafts: drafts.length,
  };
}

/** Loads an EPSS score file in one transaction, keeping the latest score per CVE. */
export async function loadEpss(
  database: Database,
  source: ByteSource,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const file = options.name ?? (typeof source === 'string' ? source : '<stream>');
  const issues: LoadIssue[] = [];
  let scoreDate: string | null = null;
  let records = 0;
  const changed = await database.db.transaction().execute(async (trx) => {
    async function* rows() {
      for await (const item of parseEpss(source, { name: file })) {
        if (item.kind === 'meta') scoreDate = item.meta.scoreDate;
        else if (item.kind === 'invalid')
          issues.push({ file, record: `line ${item.line}`, reason: item.reason });
        else if (item.kind === 'row') {
          records++;
          if (records % 50_000 === 0) options.onProgress?.({ source: 'epss', file, records });
          yield { cveId: item.row.cve, epss: item.row.epss, percentile: item.row.percentile };
        }
      }
    }
    await stageEpss(trx, rows());
    const date = (scoreDate as string | null)?.slice(0, 10) ?? new Date().toISOString().slice(0, 10);
    const merged = await mergeEpss(trx, date);
    await audit(trx, options.actor ?? SYSTEM_ACTOR, null, 'intel.epss', null, { file, records, date }, file);
    return merged;
  });
  await saveSourceState(database.db, { source: 'epss', success: true, records, lastModifiedSeen: scoreDate });
  options.onProgress?.({ source: 'epss', file, records });
  return { source: 'epss', file, records, changed, issues, warnings: [], changedCves: [] };
}
