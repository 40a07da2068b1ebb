/**
 * Loads CSAF 2.0 advisories: each advisory is validated against the CSAF schema and stored in its
 * own transaction with its products, vulnerabilities and match rules; an invalid advisory is
 * rejected with the validator's reasons and the others still load. An unchanged advisory (same
 * tracking version and release date) is skipped.
 */
import type { Database } from '../../db/connect.js';
import {
  replaceAdvisory,
  replaceRules,
  saveSourceState,
  storedAdvisoryVersion,
} from '../../db/repositories/intel.repository.js';
import { type Actor, SYSTEM_ACTOR } from '../../domain/access/actor.js';
import { flattenCsafAdvisory, isMedicalAdvisory } from '../../domain/rules/flatten-csaf.js';
import type { CsafAdvisory } from '../../feeds/csaf/csaf.types.js';
import { readCsaf } from '../../feeds/csaf/parse-csaf.js';
import type { ByteSource } from '../../feeds/source-bytes.js';
import { retargetLiveAlerts } from '../alerts/index.js';
import { audit } from '../audit/audit.service.js';
import { toRuleRow } from '../exposure/match-rule-rows.js';
import { rematchCves } from '../exposure/matching.service.js';
import { proposeAliases } from '../identity/alias-proposal.service.js';
import { applyConfirmedAliases } from '../identity/product-identity.service.js';
import { noticeCertifiedProducts } from '../outside/product-notice.service.js';
import type { LoadResult } from './intel-load.service.js';

function record(advisory: CsafAdvisory, url: string | null) {
  const d = advisory.document;
  return {
    id: d.tracking.id,
    title: d.title,
    category: d.category,
    publisher: d.publisher.name,
    tlp: d.tlp,
    version: d.tracking.version,
    initialRelease: d.tracking.initialReleaseDate,
    currentRelease: d.tracking.currentReleaseDate,
    medical: isMedicalAdvisory(advisory, advisory.document.notes),
    url,
    products: advisory.products.map((p) => ({
      productId: p.productId,
      name: p.name,
      vendor: p.vendor,
      product: p.product,
      version: p.version,
      versionRange: p.versionRange,
      cpe: p.cpe,
      purl: p.purl,
      modelNumbers: p.modelNumbers,
    })),
    vulnerabilities: advisory.vulnerabilities
      .filter((v) => v.cve)
      .map((v) => ({
        cveId: v.cve as string,
        title: v.title,
        productStatus: v.productStatus,
        remediations: v.remediations,
        scores: v.scores,
      })),
  };
}

/** Stores one parsed advisory and re-matches its CVEs; returns whether it changed. */
export async function storeAdvisory(
  database: Database,
  advisory: CsafAdvisory,
  url: string | null = null,
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ changed: boolean; warnings: string[] }> {
  const rec = record(advisory, url);
  const stamp = `${rec.version}|${rec.currentRelease ? new Date(rec.currentRelease).toISOString() : ''}`;
  if ((await storedAdvisoryVersion(database.db, rec.id)) === stamp) return { changed: false, warnings: [] };
  const flat = flattenCsafAdvisory(advisory);
  const source = `csaf:${rec.id}`;
  const cves = [...new Set([...rec.vulnerabilities.map((v) => v.cveId), ...flat.rules.map((r) => r.cve)])];
  await database.db.transaction().execute(async (trx) => {
    await replaceAdvisory(trx, rec);
    await replaceRules(trx, source, cves, flat.rules.map(toRuleRow));
    // Products confirmed as aliases of inventory products get this advisory's rules too.
    await applyConfirmedAliases(
      trx,
      source,
      flat.rules.map((r) => r.vulnerable.key),
    );
    await rematchCves(trx, cves);
    await proposeAliases(trx, { inventoryKeys: null, advisoryIds: [rec.id] });
    await retargetLiveAlerts(trx, { kind: 'cves', cveIds: cves });
    await noticeCertifiedProducts(trx, cves);
    await audit(
      trx,
      actor,
      null,
      'intel.csaf',
      null,
      { advisory: rec.id, version: rec.version, cves: cves.length },
      rec.id,
    );
  });
  return {
    changed: true,
    warnings: flat.issues.map((i) => `${i.cve ?? ''} ${i.productId ?? ''}: ${i.reason}`.trim()),
  };
}

/** Loads one CSAF file (plain or gzip). */
export async function loadCsafFile(
  database: Database,
  source: ByteSource,
  name?: string,
  actor: Actor = SYSTEM_ACTOR,
): Promise<LoadResult> {
  const file = name ?? (typeof source === 'string' ? source : '<stream>');
  let parsed: Awaited<ReturnType<typeof readCsaf>>;
  try {
    parsed = await readCsaf(source, { name: file });
  } catch (error) {
    // Broken JSON or a truncated download: this file is rejected, the others still load.
    const reason = (error as Error).message;
    return {
      source: 'csaf',
      file,
      records: 0,
      changed: 0,
      issues: [{ file, record: '/', reason }],
      warnings: [],
      changedCves: [],
    };
  }
  if (!parsed.ok) {
    return {
      source: 'csaf',
      file,
      records: 0,
      changed: 0,
      issues: parsed.errors.map((e) => ({ file, record: e.path, reason: e.message })),
      warnings: [],
      changedCves: [],
    };
  }
  const { changed, warnings } = await storeAdvisory(database, parsed.advisory, null, actor);
  await saveSourceState(database.db, {
    source: 'csaf',
    success: true,
    lastModifiedSeen: parsed.advisory.document.tracking.currentReleaseDate,
  });
  return {
    source: 'csaf',
    file,
    records: 1,
    changed: changed ? 1 : 0,
    issues: [],
    warnings: warnings.map((w) => ({ file, record: parsed.advisory.document.tracking.id, reason: w })),
    changedCves: changed ? parsed.advisory.vulnerabilities.flatMap((v) => (v.cve ? [v.cve] : [])) : [],
  };
}
