/**
 * The overdue rule of `domain/alerts/target-state.ts` (`isOverdue`), written once in SQL so targets
 * can be counted and selected by it in the database: awaiting acknowledgement and past the
 * acknowledgement deadline at `now`. A test checks it against `isOverdue` on generated targets and
 * times.
 */
import { type RawBuilder, sql } from 'kysely';

/**
 * Mirrors `isOverdue`. By default on `alert_targets t`; give the state and deadline expressions for
 * another row shape (the maintained counts keep them as `k.state`, `k.due_at`).
 */
export function overdueSql(
  now: Date | RawBuilder<unknown>,
  state: RawBuilder<unknown> = sql.ref('t.state'),
  ackDueAt: RawBuilder<unknown> = sql.ref('t.ack_due_at'),
): RawBuilder<boolean> {
  return sql<boolean>`(${state} = 'awaiting_ack' AND ${ackDueAt} < ${now})`;
}
