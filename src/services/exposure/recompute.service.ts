/**
 * The full recompute, for repair and benchmarks: forget every match, match every component again,
 * refresh every finding. It must give the same findings as the incremental path (tested), so it
 * normally changes nothing. National administrators only.
 */
import type { Database } from '../../db/connect.js';
import {
  componentIdRange,
  countComponents,
  deleteMatchesOfComponents,
  markMatched,
} from '../../db/repositories/exposure/match.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { requireNational } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { MATCH_CHUNK, matchPass } from './matching.service.js';
import { type RefreshResult, refreshExposure } from './refresh.service.js';

export interface RecomputeResult extends RefreshResult {
  components: number;
  matches: number;
}

/** Full recompute; `onProgress` hears of each chunk of components matched. */
export async function recomputeExposure(
  database: Database,
  actor: Actor,
  onProgress?: (done: number, total: number) => void,
): Promise<RecomputeResult> {
  requireNational(actor, 'admin', 'recompute exposure');
  return database.db.transaction().execute(async (trx) => {
    const range = await componentIdRange(trx, false);
    let matches = 0;
    if (range) {
      for (let from = range.min; from <= range.max; from += MATCH_CHUNK) {
        const to = Math.min(range.max, from + MATCH_CHUNK - 1);
        await deleteMatchesOfComponents(trx, from, to);
        matches += await matchPass(trx, { kind: 'components', fromId: from, toId: to, unmatchedOnly: false });
        await markMatched(trx, from, to);
        onProgress?.(to - range.min + 1, range.max - range.min + 1);
      }
    }
    const components = await countComponents(trx);
    const refreshed = await refreshExposure(trx, { kind: 'all' });
    const { exposedOrgIds: _, ...changes } = refreshed;
    await audit(trx, actor, null, 'exposure.recompute', null, { ...changes, matches });
    return { ...refreshed, components, matches };
  });
}
