/**
 * Sharing groups: a producer's named audiences. Creating a group, or adding to one, needs write on
 * the owning organisation (its responders and administrators) or national work.
 */
import type { Database } from '../../db/connect.js';
import { findOrganisationById } from '../../db/repositories/organisation.repository.js';
import {
  addMembers,
  findGroupsByName,
  type GroupListRow,
  insertGroup,
  listGroups,
} from '../../db/repositories/sharing/sharing-group.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { FULL_SCOPE } from '../../domain/access/scope.js';
import { ConflictError, invalidFields, NotFoundError } from '../../errors.js';
import { permittedOrgIds, requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { resolveAudience } from './audience.js';

export interface GroupResult {
  name: string;
  owner: string;
  added: number;
}

function checkName(name: string): string {
  const n = name.trim();
  if (n.length < 2 || n.length > 80) throw invalidFields({ name: 'give a name of 2 to 80 characters' });
  return n;
}

export async function createSharingGroup(
  database: Database,
  actor: Actor,
  input: { name: string; owner: string; description?: string; members?: readonly string[] },
): Promise<GroupResult> {
  const name = checkName(input.name);
  const owner = await requireOrgAccess(database, actor, 'write', input.owner);
  const { rows, problems } = await resolveAudience(database.db, { orgs: input.members ?? [] });
  if (problems.shareWith) throw invalidFields({ members: problems.shareWith });
  if ((await findGroupsByName(database.db, [name])).length > 0)
    throw new ConflictError(`a sharing group "${name}" exists already`);
  return database.db.transaction().execute(async (trx) => {
    const id = await insertGroup(trx, {
      name,
      description: input.description?.trim() ?? '',
      ownerOrgId: owner.id,
      by: actor.label,
    });
    const added = await addMembers(trx, id, rows.orgs);
    await audit(
      trx,
      actor,
      owner.id,
      'sharing.group.create',
      null,
      { name, members: input.members ?? [] },
      name,
    );
    return { name, owner: owner.code, added };
  });
}

export async function addSharingGroupMembers(
  database: Database,
  actor: Actor,
  groupName: string,
  members: readonly string[],
): Promise<GroupResult> {
  const [group] = await findGroupsByName(database.db, [groupName]);
  if (!group) throw new NotFoundError(`no sharing group "${groupName}"`);
  const allowed = await permittedOrgIds(database.db, actor, 'write', new Set([group.owner_org_id]));
  if (!allowed.has(group.owner_org_id))
    throw new NotFoundError(`no sharing group "${groupName}" you may change`);
  const { rows, problems } = await resolveAudience(database.db, { orgs: members });
  if (problems.shareWith) throw invalidFields({ members: problems.shareWith });
  return database.db.transaction().execute(async (trx) => {
    const added = await addMembers(trx, group.id, rows.orgs);
    await audit(trx, actor, group.owner_org_id, 'sharing.group.add', null, { members }, group.name);
    const owner = await findOrganisationById(trx, group.owner_org_id, FULL_SCOPE);
    return { name: group.name, owner: owner?.code ?? '', added };
  });
}

/** Every sharing group with its members: names and membership are known to everyone signed in. */
export async function listSharingGroups(database: Database, _actor: Actor): Promise<GroupListRow[]> {
  return listGroups(database.db);
}
