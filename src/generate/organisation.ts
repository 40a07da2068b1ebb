/**
 * The organisations of a demo federation, shaped like the English NHS: one national root, regions,
 * integrated care boards, trusts with their sites, and the many small organisations under ICBs.
 */
import { ORG_KINDS, type OrgKind } from '../domain/org/organisation.js';

/** Every kind of organisation: the federation's own list. */
export const ORGANISATION_KINDS = ORG_KINDS;

export type OrganisationKind = OrgKind;

/** One organisation: ODS-style code, display name, kind and parent code (null for the root). */
export interface Organisation {
  readonly code: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly parentCode: string | null;
}

/** What kind of provider a trust is; it shapes the trust's name and its estate. */
export type TrustProfile = 'acute' | 'mental_health' | 'community' | 'ambulance';
