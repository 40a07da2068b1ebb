/**
 * Synthetic but plausible names for trusts, sites, GP practices, pharmacies, care homes and other
 * providers, built from the place-name catalogue. Trust names are kept unique by the caller.
 */

import { DESCRIPTORS, REGIONS, SURNAMES, TOWNS } from './catalogues/place-name.catalog.js';
import type { TrustProfile } from './organisation.js';
import type { Prng } from './prng.js';

function town(rng: Prng, region: number): string {
  return rng.pick(TOWNS[region % TOWNS.length] as readonly string[]);
}

/** A trust name for the profile, e.g. "Maidstone University Hospitals NHS Foundation Trust". */
export function trustName(rng: Prng, region: number, profile: TrustProfile): string {
  const t = town(rng, region);
  const ft = rng.chance(0.7) ? 'NHS Foundation Trust' : 'NHS Trust';
  switch (profile) {
    case 'acute': {
      const shape = rng.int(0, 4);
      if (shape === 0) return `${t} University Hospitals ${ft}`;
      if (shape === 1) return `${t} Teaching Hospitals ${ft}`;
      if (shape === 2) {
        const other = town(rng, region);
        if (other !== t) return `${t} and ${other} Hospitals ${ft}`;
      }
      if (shape === 3) return `The Royal ${t} Hospital ${ft}`;
      return `${t} Hospitals ${ft}`;
    }
    case 'mental_health':
      return `${t} ${rng.pick(['Partnership', 'Health and Care', 'Mental Health', 'Care'])} ${ft}`;
    case 'community':
      return `${t} ${rng.pick(['Community Healthcare', 'Community Health Services'])} ${ft}`;
    case 'ambulance': {
      const where = rng.chance(0.5) ? (REGIONS[region % REGIONS.length]?.name ?? t) : t;
      return `${where} Ambulance Service ${ft}`;
    }
  }
}

/** A site name for a trust of the profile, e.g. "Dartford General Hospital". */
export function siteName(rng: Prng, region: number, profile: TrustProfile, index: number): string {
  const t = town(rng, region);
  if (profile === 'ambulance') {
    return index === 0 ? `${t} Emergency Operations Centre` : `${t} Ambulance Station`;
  }
  if (profile === 'mental_health') {
    return rng.pick([`${rng.pick(DESCRIPTORS)} House`, `${t} Mental Health Unit`, `${t} Recovery Centre`]);
  }
  if (profile === 'community') {
    return rng.pick([`${t} Community Hospital`, `${t} Health Centre`, `${t} Clinic`]);
  }
  if (index === 0) return rng.pick([`${t} General Hospital`, `${t} Royal Infirmary`, `${t} Hospital`]);
  return rng.pick([
    `${t} Community Hospital`,
    `${t} Treatment Centre`,
    `${t} Women's and Children's Hospital`,
    `${t} Eye Hospital`,
    `${t} Hospital`,
  ]);
}

/** A GP practice name, e.g. "Riverside Medical Centre" or "Dr Patel and Partners". */
export function gpPracticeName(rng: Prng, region: number): string {
  const suffix = rng.pick([
    'Medical Centre',
    'Surgery',
    'Health Centre',
    'Medical Practice',
    'Group Practice',
  ]);
  const shape = rng.int(0, 9);
  if (shape < 5) return `${rng.pick(DESCRIPTORS)} ${suffix}`;
  if (shape < 8) return `${town(rng, region)} ${suffix}`;
  return `Dr ${rng.pick(SURNAMES)} and Partners`;
}

/** A community pharmacy name. */
export function pharmacyName(rng: Prng, region: number): string {
  const shape = rng.int(0, 3);
  if (shape === 0) return `${rng.pick(DESCRIPTORS)} Pharmacy`;
  if (shape === 1) return `${town(rng, region)} Pharmacy`;
  if (shape === 2) return `${rng.pick(SURNAMES)} Chemists`;
  return `${rng.pick(DESCRIPTORS)} Pharmacy, ${town(rng, region)}`;
}

/** A care-home name. */
export function careHomeName(rng: Prng): string {
  return `${rng.pick(DESCRIPTORS)} ${rng.pick(['Care Home', 'Nursing Home', 'House', 'Lodge', 'Court Care Centre'])}`;
}

/** A name for an "other" provider: hospices, dental practices, independent providers. */
export function otherProviderName(rng: Prng, region: number): string {
  const t = town(rng, region);
  return rng.pick([
    `${t} Hospice`,
    `${rng.pick(DESCRIPTORS)} Dental Practice`,
    `${t} Independent Hospital`,
    `${t} Community Interest Company`,
    `${t} Diagnostic Centre`,
  ]);
}
