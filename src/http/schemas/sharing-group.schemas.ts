/** Sharing groups as the API shows them, the requests that create and extend them, and their presenters. */
import { z } from 'zod';
import type { GroupListRow } from '../../db/repositories/sharing/sharing-group.repository.js';
import type { GroupResult } from '../../services/sharing/sharing-group.service.js';
import { named, OrgCode } from './common.schemas.js';

const Member = z
  .string()
  .min(1)
  .max(40)
  .describe('CODE (the organisation alone) or under:CODE (it and its subtree)');

export const SharingGroup = named(
  z.object({
    name: z.string(),
    description: z.string(),
    owner: z.string().describe('ODS code of the organisation that manages it'),
    members: z.array(z.object({ code: z.string(), subtree: z.boolean().describe('with its subtree') })),
  }),
  'SharingGroup',
);

export const CreateGroupBody = z.object({
  name: z.string().min(2).max(80).describe('unique name'),
  owner: OrgCode.describe('the organisation that manages it (you need write on it)'),
  description: z.string().max(2000).optional(),
  members: z.array(Member).max(5000).optional(),
});

export const AddMembersBody = z.object({ members: z.array(Member).min(1).max(5000) });

export const GroupResultSchema = named(
  z.object({
    name: z.string(),
    owner: z.string(),
    added: z.number().int().describe('members that were new'),
  }),
  'SharingGroupChange',
);

export function presentGroup(g: GroupListRow): z.infer<typeof SharingGroup> {
  return { name: g.name, description: g.description, owner: g.owner, members: g.members };
}

export function presentGroupResult(r: GroupResult): z.infer<typeof GroupResultSchema> {
  return { name: r.name, owner: r.owner, added: r.added };
}
