import { CLASS_COUNT, DEVICE_CLASSES, type Federation } from './federation.js';
import type { WormProfile } from './profile.js';

/**
 * The zone an organisation seed starts in: the one with the most hosts the worm can infect (the
 * first zone when none has any). The engine and the closure both use it, so they agree.
 */
export function seedZone(fed: Federation, profile: WormProfile, org: number): number {
  const start = fed.orgZoneStart[org] as number;
  const end = fed.orgZoneStart[org + 1] as number;
  let best = end > start ? start : -1;
  let bestScore = 0;
  for (let z = start; z < end; z++) {
    let score = 0;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const os = (DEVICE_CLASSES[c] as (typeof DEVICE_CLASSES)[number]).os;
      score += (fed.susceptible[z * CLASS_COUNT + c] as number) * profile.exploit[os].infect;
    }
    if (score > bestScore) {
      best = z;
      bestScore = score;
    }
  }
  return best;
}
