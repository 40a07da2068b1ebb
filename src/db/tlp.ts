/**
 * The TLP rule in SQL, beside `inScope`: the one predicate every read of marked objects
 * (indicators, incidents, reports) applies — API, exports, STIX, TAXII, notifications, counts. It
 * is the SQL form of `maySee` (src/domain/sharing/tlp-audience.ts) and tested against it.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Reader } from '../domain/sharing/tlp-audience.js';

/** The columns of a marked object's row: its uuid id, its marking, its producer's legal entity. */
export interface MarkedColumns {
  id: string;
  tlp: string;
  producerEntity: string;
}

/** The part of a reader the SQL needs: who they are and the entities they belong to. */
export type SqlReader = Pick<Reader, 'full' | 'userId' | 'entityIds'>;

/** `true` where the reader may see the row. Use as `.where(tlpVisible({ id: 'i.id', … }, reader))`. */
export function tlpVisible(cols: MarkedColumns, reader: SqlReader): RawBuilder<SqlBool> {
  if (reader.full) return sql<SqlBool>`true`;
  const entities = [...reader.entityIds];
  const signedIn = reader.userId !== null || entities.length > 0;
  if (!signedIn) return sql<SqlBool>`false`;
  const tlp = sql.ref(cols.tlp);
  const id = sql.ref(cols.id);
  const open = sql<SqlBool>`${tlp} IN ('CLEAR', 'GREEN')`;
  const red =
    reader.userId === null
      ? sql<SqlBool>`false`
      : sql<SqlBool>`(${tlp} = 'RED' AND EXISTS (SELECT 1 FROM marked_people mp WHERE mp.object_id = ${id} AND mp.user_id = ${reader.userId}))`;
  if (entities.length === 0) return sql<SqlBool>`(${open} OR ${red})`;
  const mine = sql.join(entities);
  return sql<SqlBool>`(${open}
    OR (${tlp} IN ('AMBER', 'AMBER+STRICT') AND ${sql.ref(cols.producerEntity)} IN (${mine}))
    OR (${tlp} = 'AMBER' AND ${namedAudience(cols.id, reader)})
    OR ${red})`;
}

/**
 * `true` where the object's audience tables (`marked_orgs`, `marked_groups`) name one of the
 * reader's entities: the organisation itself, or one of its ancestors named with its subtree. The
 * AMBER part of `tlpVisible`, and on its own the "shared with" part of objects read by hierarchy
 * (incidents).
 */
export function namedAudience(idColumn: string, reader: SqlReader): RawBuilder<SqlBool> {
  if (reader.full) return sql<SqlBool>`true`;
  if (reader.entityIds.size === 0) return sql<SqlBool>`false`;
  const mine = sql.join([...reader.entityIds]);
  const id = sql.ref(idColumn);
  const covers = (alias: string) =>
    sql`EXISTS (SELECT 1 FROM org_closure c WHERE c.ancestor_id = ${sql.ref(`${alias}.org_id`)}
      AND c.descendant_id IN (${mine}) AND (${sql.ref(`${alias}.subtree`)} OR c.depth = 0))`;
  return sql<SqlBool>`(EXISTS (SELECT 1 FROM marked_orgs mo WHERE mo.object_id = ${id} AND ${covers('mo')})
      OR EXISTS (SELECT 1 FROM marked_groups mg JOIN sharing_group_members gm ON gm.group_id = mg.group_id
                 WHERE mg.object_id = ${id} AND ${covers('gm')}))`;
}
