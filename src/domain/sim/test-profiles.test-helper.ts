/** Worm profiles for the engine's tests: certain infection, no kill switch, nothing stops scanning. */
import { WANNACRY_2017, type WormProfile } from './profile.js';

export function certainWorm(over: Partial<WormProfile> = {}): WormProfile {
  return {
    ...WANNACRY_2017,
    id: 'test-certain',
    exploit: {
      'windows-7': { infect: 1, crash: 0 },
      'windows-xp': { infect: 0, crash: 1 },
      'windows-10': { infect: 0, crash: 0 },
      other: { infect: 0, crash: 0 },
    },
    addressSpace: 10_000,
    scanLifetimeHours: null,
    killSwitchHours: null,
    globalOutbreak: [{ hour: 0, scanningHosts: 50 }],
    ...over,
  };
}
