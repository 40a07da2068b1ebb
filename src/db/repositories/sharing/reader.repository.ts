/**
 * The reader of marked objects an actor is: the legal entities of the organisations it holds a
 * role on (a site's trust), with their ancestry, for the TLP rule.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../../domain/access/actor.js';
import { entityOf, type Reader } from '../../../domain/sharing/tlp-audience.js';
import type { DB } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

export async function readerOf(db: Executor, actor: Actor): Promise<Reader> {
  const granted = [...new Set(actor.grants.map((g) => g.orgId))];
  if (actor.full || granted.length === 0)
    return { full: actor.full, userId: actor.userId, entityIds: new Set(), ancestry: new Map() };
  // Every granted organisation with all its ancestors: enough to walk up from a site and to know
  // each entity's ancestry.
  const rows = await db
    .selectFrom('org_closure as c')
    .innerJoin('organisations as o', 'o.id', 'c.ancestor_id')
    .select(['o.id', 'o.kind', 'o.parent_id'])
    .where('c.descendant_id', 'in', granted)
    .distinct()
    .execute();
  const kind = new Map(rows.map((r) => [r.id, r.kind]));
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const entityIds = new Set(
    granted
      .filter((id) => kind.has(id))
      .map((id) =>
        entityOf(
          id,
          (x) => kind.get(x),
          (x) => parent.get(x),
        ),
      ),
  );
  const ancestry = new Map<string, ReadonlySet<string>>();
  for (const e of entityIds) {
    // An entity reached by walking up from a site is itself an ancestor of the granted organisation.
    const set = new Set<string>();
    for (let x: string | null | undefined = e; x; x = parent.get(x)) set.add(x);
    ancestry.set(e, set);
  }
  return { full: false, userId: actor.userId, entityIds, ancestry };
}

/** The reader an organisation itself is (its legal entity, no person): whether it is in an object's audience. */
export function organisationReader(db: Executor, orgId: string): Promise<Reader> {
  return readerOf(db, {
    kind: 'system',
    userId: null,
    label: 'organisation',
    grants: [{ orgId, role: 'viewer' }],
    full: false,
  });
}
