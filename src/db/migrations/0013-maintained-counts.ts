import { type Kysely, sql } from 'kysely';

/**
 * Maintained counts behind the alert status: targets per alert, per subtree (every organisation, for
 * itself and all below it), per state and deadline. An awaiting target keeps its exact
 * acknowledgement deadline (targets are made in batches that share one); an acknowledged or
 * in-progress target keeps the hour its next update falls due in (`date_bin`, from the epoch), so
 * "update due" at any `now` is the hours wholly past plus the few targets of the current hour, read
 * by the deadline index. Resolved and not-applicable targets keep `infinity`. Nothing stored depends
 * on the clock. Kept exact in the transaction of every target change (alert-target-counts repository).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE alert_target_counts (
      alert_id uuid NOT NULL,
      org_id uuid NOT NULL,
      state text NOT NULL,
      due_at timestamptz NOT NULL,
      in_time boolean NOT NULL,
      targets integer NOT NULL,
      assets integer NOT NULL,
      PRIMARY KEY (alert_id, org_id, state, due_at, in_time)
    )`.execute(db);
  await sql`CREATE INDEX alert_targets_update_due ON alert_targets (alert_id, next_update_due_at)
    WHERE state IN ('acknowledged', 'in_progress')`.execute(db);
  await sql`
    INSERT INTO alert_target_counts (alert_id, org_id, state, due_at, in_time, targets, assets)
    SELECT t.alert_id, c.ancestor_id, t.state,
      CASE WHEN t.state = 'awaiting_ack' THEN t.ack_due_at
        WHEN t.state IN ('acknowledged', 'in_progress') AND t.next_update_due_at IS NOT NULL
          THEN date_bin('1 hour', t.next_update_due_at, timestamptz '1970-01-01 00:00:00+00')
        ELSE timestamptz 'infinity' END,
      coalesce(t.acknowledged_at <= t.ack_due_at, false), count(*)::int, sum(t.asset_count)::int
    FROM alert_targets t JOIN org_closure c ON c.descendant_id = t.org_id
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
}
