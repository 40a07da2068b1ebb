/**
 * Naming an audience: organisations by ODS code (`QWE` the organisation alone, `under:QWE` it and
 * its subtree), sharing groups by name, people by username. Naming is not reading: a producer may
 * share with an organisation it cannot otherwise see, so codes are looked up across the federation
 * (their existence is all that is learnt).
 */
import type { Kysely } from 'kysely';
import { findOrganisationIdsByCode } from '../../db/repositories/organisation.repository.js';
import type { AudienceRows } from '../../db/repositories/sharing/indicator.repository.js';
import { findGroupsByName } from '../../db/repositories/sharing/sharing-group.repository.js';
import { findUserByUsername } from '../../db/repositories/user.repository.js';
import type { DB } from '../../db/schema.js';
import { FULL_SCOPE } from '../../domain/access/scope.js';
import { normaliseCode } from '../../domain/org/organisation.js';

export interface AudienceSpec {
  /** `CODE` or `under:CODE`. */
  orgs?: readonly string[];
  groups?: readonly string[];
  people?: readonly string[];
}

export function parseOrgSpec(spec: string): { code: string; subtree: boolean } {
  const m = /^under:(.+)$/i.exec(spec.trim());
  return m
    ? { code: normaliseCode(m[1] as string), subtree: true }
    : { code: normaliseCode(spec), subtree: false };
}

/** The audience's rows, or the field-named problems (`shareWith`, `groups`, `people`). */
export async function resolveAudience(
  db: Kysely<DB>,
  spec: AudienceSpec,
): Promise<{ rows: AudienceRows; problems: Record<string, string> }> {
  const problems: Record<string, string> = {};
  const orgSpecs = (spec.orgs ?? []).map(parseOrgSpec);
  const ids = await findOrganisationIdsByCode(
    db,
    orgSpecs.map((o) => o.code),
    FULL_SCOPE,
  );
  const unknownOrgs = orgSpecs.filter((o) => !ids.has(o.code)).map((o) => o.code);
  if (unknownOrgs.length > 0) problems.shareWith = `no organisation ${unknownOrgs.join(', ')}`;
  const groupNames = [...new Set(spec.groups ?? [])];
  const groups = await findGroupsByName(db, groupNames);
  const unknownGroups = groupNames.filter((n) => !groups.some((g) => g.name === n));
  if (unknownGroups.length > 0)
    problems.groups = `no sharing group ${unknownGroups.map((g) => `"${g}"`).join(', ')}`;
  const userIds: string[] = [];
  const unknownPeople: string[] = [];
  for (const name of new Set(spec.people ?? [])) {
    const u = await findUserByUsername(db, name);
    if (u) userIds.push(u.id);
    else unknownPeople.push(name);
  }
  if (unknownPeople.length > 0) problems.people = `no user ${unknownPeople.join(', ')}`;
  const orgs = new Map<string, boolean>();
  for (const o of orgSpecs) {
    const id = ids.get(o.code);
    if (id) orgs.set(id, (orgs.get(id) ?? false) || o.subtree);
  }
  return {
    rows: {
      orgs: [...orgs].map(([orgId, subtree]) => ({ orgId, subtree })),
      groupIds: groups.map((g) => g.id),
      userIds,
    },
    problems,
  };
}
