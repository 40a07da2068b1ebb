/**
 * The scheduled refresh of baseline auto-evidence in `ward serve`: every organisation with a
 * baseline profile, in one pass of bulk queries, once an hour (and once shortly after start).
 * Passes never overlap; a failed pass is reported and the next one runs on time.
 */
import type { Database } from '../db/connect.js';
import { SYSTEM_ACTOR } from '../domain/access/actor.js';
import { refreshAllEvidence } from '../services/baseline/evidence.service.js';

export const BASELINE_EVIDENCE_INTERVAL_MS = 60 * 60 * 1000;
const FIRST_PASS_DELAY_MS = 30 * 1000;

export interface BaselineEvidenceJob {
  stop(): Promise<void>;
}

export function startBaselineEvidenceJob(
  database: Database,
  options: { intervalMs?: number; onError(error: unknown): void },
): BaselineEvidenceJob {
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = () => {
    if (running || stopped) return;
    running = refreshAllEvidence(database, SYSTEM_ACTOR)
      .then(() => undefined, options.onError)
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(pass, FIRST_PASS_DELAY_MS);
  const timer = setInterval(pass, options.intervalMs ?? BASELINE_EVIDENCE_INTERVAL_MS);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
