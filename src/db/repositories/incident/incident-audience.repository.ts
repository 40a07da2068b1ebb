/**
 * An incident's audience beyond its line of hierarchy: the organisations and sharing groups it is
 * shared with, kept in the audience tables every marked object uses (`marked_orgs`,
 * `marked_groups`), keyed by the incident's id. Added to, never narrowed: what was shared was read.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import type { AudienceRows } from '../sharing/indicator.repository.js';

export async function upsertAudience(
  trx: Transaction<DB>,
  incidentId: string,
  audience: Pick<AudienceRows, 'orgs' | 'groupIds'>,
): Promise<void> {
  if (audience.orgs.length > 0)
    await trx
      .insertInto('marked_orgs')
      .values(audience.orgs.map((o) => ({ object_id: incidentId, org_id: o.orgId, subtree: o.subtree })))
      .onConflict((oc) =>
        oc
          .columns(['object_id', 'org_id'])
          .doUpdateSet({ subtree: sql<boolean>`marked_orgs.subtree OR excluded.subtree` }),
      )
      .execute();
  if (audience.groupIds.length > 0)
    await trx
      .insertInto('marked_groups')
      .values(audience.groupIds.map((g) => ({ object_id: incidentId, group_id: g })))
      .onConflict((oc) => oc.columns(['object_id', 'group_id']).doNothing())
      .execute();
}
