/**
 * Organisations of the federation: kinds, codes and the records Ward keeps of them.
 */

export const ORG_KINDS = [
  'national',
  'region',
  'icb',
  'trust',
  'site',
  'gp_practice',
  'pharmacy',
  'social_care',
  'alb',
  'csu',
  'other',
] as const;

export type OrgKind = (typeof ORG_KINDS)[number];

export function isOrgKind(value: string): value is OrgKind {
  return (ORG_KINDS as readonly string[]).includes(value);
}

/** ODS-style codes are case-insensitive: Ward stores and compares them upper-case, trimmed. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

export interface Organisation {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  parentCode: string | null;
  depth: number;
}
