/**
 * The organisation's findings of product policy (products the register rules out, on its devices),
 * in the caller's read scope, beside its CVE findings on the worklist.
 */
import type { Database } from '../../db/connect.js';
import { findOrganisationByCode } from '../../db/repositories/organisation.repository.js';
import { policyCounts } from '../../db/repositories/outside/product-policy.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { normaliseCode } from '../../domain/org/organisation.js';
import { dayOf } from '../../domain/outside/product.js';
import { comparePolicy, judgePolicy, type PolicyFinding } from '../../domain/outside/product-policy.js';
import { NotFoundError } from '../../errors.js';

/** Policy findings of an organisation's subtree (or the whole scope), high first. */
export async function listPolicyFindings(
  database: Database,
  actor: Actor,
  options: { org?: string | null },
  now: Date = new Date(),
): Promise<PolicyFinding[]> {
  const scope = scopeFor(actor, 'read');
  let underOrgId: string | null = null;
  if (options.org) {
    const code = normaliseCode(options.org);
    const org = await findOrganisationByCode(database.db, code, scope);
    if (!org) throw new NotFoundError(`no organisation ${code}`);
    underOrgId = org.id;
  }
  const counts = await policyCounts(database.db, scope, underOrgId, dayOf(now));
  return counts.map(judgePolicy).sort(comparePolicy);
}
