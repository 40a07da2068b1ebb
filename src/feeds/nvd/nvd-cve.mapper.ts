/**
 * Turns a validated NVD `cve` object into the {@link NvdCveRecord} Ward stores: the English
 * description, the CVSS metrics summarised and ranked, CWE ids, configurations and reference URLs.
 */

import type { NvdCveRecord, NvdCvss, NvdCvssVersion } from './nvd.types.js';
import type { NvdCveInput } from './nvd-cve.schema.js';

const VERSION_RANK: Record<NvdCvssVersion, number> = { '4.0': 0, '3.1': 1, '3.0': 2, '2.0': 3 };

/** Orders metrics so the best comes first: newest CVSS version, then `Primary` before `Secondary`. */
export function compareCvss(a: NvdCvss, b: NvdCvss): number {
  return (
    VERSION_RANK[a.version] - VERSION_RANK[b.version] ||
    (a.type === b.type ? 0 : a.type === 'Primary' ? -1 : 1)
  );
}

/** Every CVSS metric of a CVE, summarised and ranked by {@link compareCvss} (stable within a rank). */
export function summariseCvss(metrics: NvdCveInput['metrics']): NvdCvss[] {
  if (!metrics) return [];
  const out: NvdCvss[] = [];
  const v3andV4 = [
    ...(metrics.cvssMetricV40 ?? []),
    ...(metrics.cvssMetricV31 ?? []),
    ...(metrics.cvssMetricV30 ?? []),
  ];
  for (const m of v3andV4) {
    out.push({
      version: m.cvssData.version as NvdCvssVersion,
      type: m.type,
      source: m.source,
      score: m.cvssData.baseScore,
      severity: m.cvssData.baseSeverity ?? null,
      vector: m.cvssData.vectorString,
    });
  }
  for (const m of metrics.cvssMetricV2 ?? []) {
    out.push({
      version: '2.0',
      type: m.type,
      source: m.source,
      score: m.cvssData.baseScore,
      // CVSS v2 keeps its severity beside cvssData, not inside it.
      severity: m.baseSeverity ?? null,
      vector: m.cvssData.vectorString,
    });
  }
  return out.sort(compareCvss);
}

const CWE_ID = /^CWE-\d+$/;

/** Maps a validated `cve` object to the record Ward stores. */
export function toNvdCveRecord(cve: NvdCveInput): NvdCveRecord {
  const metrics = summariseCvss(cve.metrics);
  const cwes = new Set<string>();
  for (const weakness of cve.weaknesses ?? []) {
    for (const d of weakness.description) if (CWE_ID.test(d.value)) cwes.add(d.value);
  }
  const english =
    cve.descriptions.find((d) => d.lang === 'en') ?? cve.descriptions.find((d) => d.lang.startsWith('en'));
  return {
    id: cve.id,
    published: cve.published,
    lastModified: cve.lastModified,
    vulnStatus: cve.vulnStatus,
    description: english?.value ?? null,
    cvss: metrics[0] ?? null,
    metrics,
    cwes: [...cwes],
    configurations: cve.configurations ?? [],
    references: [...new Set((cve.references ?? []).map((r) => r.url))],
    cisaExploitAdd: cve.cisaExploitAdd ?? null,
    cisaActionDue: cve.cisaActionDue ?? null,
    cisaRequiredAction: cve.cisaRequiredAction ?? null,
    cisaVulnerabilityName: cve.cisaVulnerabilityName ?? null,
  };
}
