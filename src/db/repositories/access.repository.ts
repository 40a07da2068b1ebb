/**
 * What access checks read: the ancestry of organisations (closure table, one query per batch) and
 * a user's grants.
 */
import type { Kysely } from 'kysely';
import type { Grant } from '../../domain/access/actor.js';
import type { Role } from '../../domain/access/role.js';
import type { DB } from '../schema.js';

type Executor = Kysely<DB>;

/** For each organisation id, the set of its own and its ancestors' ids (unknown ids are absent). */
export async function ancestriesOf(
  db: Executor,
  orgIds: Iterable<string>,
): Promise<Map<string, Set<string>>> {
  const ids = [...new Set(orgIds)];
  const out = new Map<string, Set<string>>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('org_closure')
    .select(['descendant_id', 'ancestor_id'])
    .where('descendant_id', 'in', ids)
    .execute();
  for (const r of rows) {
    const set = out.get(r.descendant_id) ?? new Set<string>();
    set.add(r.ancestor_id);
    out.set(r.descendant_id, set);
  }
  return out;
}

export async function grantsOf(db: Executor, userId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('memberships')
    .select(['org_id', 'role'])
    .where('user_id', '=', userId)
    .orderBy('org_id')
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, role: r.role as Role }));
}
