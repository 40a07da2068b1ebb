/** Sharing groups: named sets of organisations (or subtrees) a producer shares AMBER objects with. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

export async function findGroupsByName(
  db: Executor,
  names: readonly string[],
): Promise<{ id: string; name: string; owner_org_id: string }[]> {
  if (names.length === 0) return [];
  return db
    .selectFrom('sharing_groups')
    .select(['id', 'name', 'owner_org_id'])
    .where('name', 'in', names)
    .execute();
}

export async function insertGroup(
  trx: Transaction<DB>,
  g: { name: string; description: string; ownerOrgId: string; by: string },
): Promise<string> {
  const row = await trx
    .insertInto('sharing_groups')
    .values({ name: g.name, description: g.description, owner_org_id: g.ownerOrgId, created_by: g.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds members (an existing member's subtree flag is updated); returns how many were new. */
export async function addMembers(
  trx: Transaction<DB>,
  groupId: string,
  members: readonly { orgId: string; subtree: boolean }[],
): Promise<number> {
  if (members.length === 0) return 0;
  const before = await trx
    .selectFrom('sharing_group_members')
    .select('org_id')
    .where('group_id', '=', groupId)
    .execute();
  await trx
    .insertInto('sharing_group_members')
    .values(members.map((m) => ({ group_id: groupId, org_id: m.orgId, subtree: m.subtree })))
    .onConflict((oc) =>
      oc.columns(['group_id', 'org_id']).doUpdateSet((eb) => ({ subtree: eb.ref('excluded.subtree') })),
    )
    .execute();
  const had = new Set(before.map((b) => b.org_id));
  return members.filter((m) => !had.has(m.orgId)).length;
}

export interface GroupListRow {
  name: string;
  description: string;
  owner: string;
  members: { code: string; subtree: boolean }[];
}

/** Every group with its owner's code and its members' codes. Group names and membership are not secret. */
export async function listGroups(db: Executor): Promise<GroupListRow[]> {
  const rows = await db
    .selectFrom('sharing_groups as g')
    .innerJoin('organisations as owner', 'owner.id', 'g.owner_org_id')
    .leftJoin('sharing_group_members as m', 'm.group_id', 'g.id')
    .leftJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['g.name', 'g.description', 'owner.code as owner', 'o.code', 'm.subtree'])
    .orderBy('g.name')
    .orderBy('o.code')
    .execute();
  const groups = new Map<string, GroupListRow>();
  for (const r of rows) {
    const g = groups.get(r.name) ?? { name: r.name, description: r.description, owner: r.owner, members: [] };
    if (r.code) g.members.push({ code: r.code, subtree: r.subtree ?? false });
    groups.set(r.name, g);
  }
  return [...groups.values()];
}
