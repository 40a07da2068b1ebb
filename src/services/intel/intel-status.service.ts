/**
 * What intel Ward holds: per source, the last sync, records held and the last-modified stamp seen.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { getSourceStates } from '../../db/repositories/intel.repository.js';
import { INTEL_SOURCES, type IntelSource } from '../../feeds/detect-format.js';

export interface SourceStatus {
  source: IntelSource;
  records: number;
  lastSuccess: string | null;
  lastAttempt: string | null;
  lastModifiedSeen: string | null;
  lastError: string | null;
}

export interface IntelStatus {
  sources: SourceStatus[];
  counts: {
    vulnerabilities: number;
    rejected: number;
    rules: number;
    kev: number;
    epss: number;
    advisories: number;
    medicalAdvisories: number;
  };
}

export async function intelStatus(database: Database): Promise<IntelStatus> {
  const [states, counts] = await Promise.all([
    getSourceStates(database.db),
    sql<IntelStatus['counts']>`SELECT
      (SELECT count(*) FROM vulnerabilities)::int AS vulnerabilities,
      (SELECT count(*) FROM vulnerabilities WHERE rejected)::int AS rejected,
      (SELECT count(*) FROM match_rules)::int AS rules,
      (SELECT count(*) FROM kev_entries)::int AS kev,
      (SELECT count(*) FROM epss_scores)::int AS epss,
      (SELECT count(*) FROM advisories)::int AS advisories,
      (SELECT count(*) FROM advisories WHERE medical)::int AS "medicalAdvisories"`.execute(database.db),
  ]);
  const c = counts.rows[0] as IntelStatus['counts'];
  const held: Record<IntelSource, number> = {
    nvd: c.vulnerabilities,
    kev: c.kev,
    epss: c.epss,
    csaf: c.advisories,
  };
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const sources = INTEL_SOURCES.map((name) => {
    const s = states.find((x) => x.source === name);
    return {
      source: name,
      records: held[name],
      lastSuccess: iso(s?.lastSuccess ?? null),
      lastAttempt: iso(s?.lastAttempt ?? null),
      lastModifiedSeen: iso(s?.lastModifiedSeen ?? null),
      lastError: s?.lastError ?? null,
    };
  });
  return { sources, counts: c };
}
