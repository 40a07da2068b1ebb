/**
 * Patient-safety-aware prioritisation: an SSVC deployer-style decision (CISA's "SSVC: Stakeholder-
 * Specific Vulnerability Categorization", deployer tree, simplified to the four decision points Ward
 * can derive from its own data) giving Act, Attend, Track* or Track, with the reasons.
 *
 * The same decision is written in SQL in the findings repository (priority.sql.ts) so lists can be
 * filtered by priority in the database; a test checks both agree on every combination.
 */

export type Exploitation = 'active' | 'poc' | 'none';
export type Exposure = 'open' | 'controlled' | 'small';
export type Priority = 'act' | 'attend' | 'track*' | 'track';

export const PRIORITIES: readonly Priority[] = ['act', 'attend', 'track*', 'track'];

export interface PriorityInputs {
  /** active: in CISA KEV; poc: EPSS at or above the threshold; none otherwise. */
  exploitation: Exploitation;
  /** open: an internet-facing asset; controlled: a clinical or medical network zone; small: internal only. */
  exposure: Exposure;
  /** Exploitable over the network without privileges or user interaction (from the CVSS vector). */
  automatable: boolean;
  /** A medical device or a life-critical / high-criticality clinical system is affected. */
  safetyImpact: boolean;
}

/** EPSS probability from which a CVE counts as having a public proof of concept. */
export const EPSS_POC_THRESHOLD = 0.1;

export function exploitationOf(kev: boolean, epss: number | null): Exploitation {
  if (kev) return 'active';
  if (epss !== null && epss >= EPSS_POC_THRESHOLD) return 'poc';
  return 'none';
}

/** CVSS v3/v4 `AV:N` with `PR:N` and `UI:N` (v4: `UI:N`), or v2 `AV:N/Au:N`: an attacker can automate it. */
export function automatableOf(vector: string | null): boolean {
  if (!vector) return false;
  const parts = new Map(vector.split('/').map((p) => p.split(':') as [string, string]));
  if (parts.get('AV') !== 'N') return false;
  if (parts.has('Au')) return parts.get('Au') === 'N';
  return parts.get('PR') === 'N' && parts.get('UI') === 'N';
}

/** The decision: exploitation first, then safety impact, exposure and automatability. */
export function decide(inputs: PriorityInputs): Priority {
  const { exploitation, exposure, automatable, safetyImpact } = inputs;
  if (exploitation === 'active') {
    if (safetyImpact || exposure === 'open' || automatable) return 'act';
    return 'attend';
  }
  if (exploitation === 'poc') {
    if (safetyImpact && (exposure !== 'small' || automatable)) return 'act';
    if (safetyImpact || exposure === 'open') return 'attend';
    return 'track*';
  }
  if (safetyImpact && exposure === 'open') return 'attend';
  if (safetyImpact || (exposure === 'open' && automatable)) return 'track*';
  return 'track';
}

/** Plain-English reasons, in the order a person would weigh them. */
export function reasonsFor(
  inputs: PriorityInputs,
  facts: { kevDueDate?: string | null; epss?: number | null } = {},
): string[] {
  const reasons: string[] = [];
  if (inputs.exploitation === 'active') {
    reasons.push(`known exploited (CISA KEV${facts.kevDueDate ? `, due ${facts.kevDueDate}` : ''})`);
  } else if (inputs.exploitation === 'poc') {
    reasons.push(`likely to be exploited (EPSS ${(facts.epss ?? 0).toFixed(2)})`);
  } else {
    reasons.push('no known exploitation');
  }
  if (inputs.safetyImpact)
    reasons.push('patient safety: affects a medical device or critical clinical system');
  reasons.push(
    inputs.exposure === 'open'
      ? 'internet-facing'
      : inputs.exposure === 'controlled'
        ? 'on a clinical network'
        : 'internal network only',
  );
  if (inputs.automatable) reasons.push('automatable: network attack without credentials or user action');
  return reasons;
}

/** Exposure of one asset: open when internet-facing, controlled on a clinical zone or as a medical device, else small. */
export function assetExposure(
  asset: {
    internetFacing: boolean;
    networkZone: string | null;
    assetType: string;
  },
  clinicalZones: readonly string[],
): Exposure {
  if (asset.internetFacing) return 'open';
  if (
    (asset.networkZone !== null && clinicalZones.includes(asset.networkZone)) ||
    asset.assetType === 'medical_device'
  ) {
    return 'controlled';
  }
  return 'small';
}

/** Safety impact of one asset: a medical device, or a high / life-critical clinical system. */
export function assetSafetyImpact(asset: { assetType: string; clinicalCriticality: string }): boolean {
  return (
    asset.assetType === 'medical_device' ||
    asset.clinicalCriticality === 'high' ||
    asset.clinicalCriticality === 'life_critical'
  );
}

const EXPOSURE_RANK: Record<Exposure, number> = { small: 0, controlled: 1, open: 2 };

/** The wider of two exposures. */
export function widerExposure(a: Exposure, b: Exposure): Exposure {
  return EXPOSURE_RANK[a] >= EXPOSURE_RANK[b] ? a : b;
}
