/**
 * What intel Ward holds: per source, the last sync, records held and the last-modified stamp seen.
 */
import type { Database } from '../../db/connect.js';
import { getSourceStates, type IntelCounts, intelCounts } from '../../db/repositories/intel.repository.js';
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
  counts: IntelCounts;
}

export async function intelStatus(database: Database): Promise<IntelStatus> {
  const [states, c] = await Promise.all([getSourceStates(database.db), intelCounts(database.db)]);
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
      lastSuccess: iso(s?.last_success ?? null),
      lastAttempt: iso(s?.last_attempt ?? null),
      lastModifiedSeen: iso(s?.last_modified_seen ?? null),
      lastError: s?.last_error ?? null,
    };
  });
  return { sources, counts: c };
}
