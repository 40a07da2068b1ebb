/**
 * Delivers the outbox: claim due messages (a lease), send each, mark it delivered — or failed,
 * with back-off, or dead after the last try. A sender that dies between sending and marking
 * leaves the message claimed; when the lease runs out it is sent again with the same idempotency
 * key, so nothing is lost and a receiver that honours the key processes it once.
 */
import type { Database } from '../db/connect.js';
import {
  claimDueMessages,
  markDelivered,
  markFailed,
  type OutboxRow,
} from '../db/repositories/outbox.repository.js';
import type { Clock } from '../domain/alerts/clock.js';
import { DEFAULT_RETRY, nextAttemptAt, type RetryPolicy } from '../notifications/backoff.js';
import { DeliveryError, NotConfiguredError, type Transport } from '../notifications/transport.js';

export interface DispatchOptions {
  /** Messages claimed per round trip. */
  batchSize?: number;
  /** At most this many messages per pass. */
  maxMessages?: number;
  /** How long a claim holds before another sender may take the message. */
  leaseMs?: number;
  retry?: RetryPolicy;
  /** Test hook: runs after a message is sent and before it is marked (throw to simulate a crash). */
  afterSend?: (message: OutboxRow) => void | Promise<void>;
}

export interface DispatchResult {
  delivered: number;
  retrying: number;
  dead: number;
  /**
   * Channels with pending messages that have nowhere to go: no transport configured, or (webhooks)
   * no endpoint or secret for the message. Left for later, no attempt counted.
   */
  unconfigured: string[];
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

/** One pass over the due messages. */
export async function deliverDueMessages(
  database: Database,
  transports: readonly Transport[],
  clock: Clock,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const byChannel = new Map(transports.map((t) => [t.channel, t]));
  const result: DispatchResult = { delivered: 0, retrying: 0, dead: 0, unconfigured: [] };
  const channels = [...byChannel.keys()];
  const batchSize = options.batchSize ?? 100;
  const max = options.maxMessages ?? 10_000;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  let handled = 0;
  while (handled < max) {
    const now = clock.now();
    const batch = await claimDueMessages(
      database.db,
      now,
      new Date(now.getTime() + leaseMs),
      Math.min(batchSize, max - handled),
      channels,
    );
    if (batch.length === 0) break;
    for (const message of batch) {
      handled++;
      const transport = byChannel.get(message.channel as Transport['channel']) as Transport;
      const at = clock.now();
      try {
        await transport.send(message, at);
      } catch (error) {
        // Nowhere to send it yet: keep the claim until its lease runs out (so this pass does not take
        // it again) and count no attempt.
        if (error instanceof NotConfiguredError) {
          if (!result.unconfigured.includes(message.channel)) result.unconfigured.push(message.channel);
          continue;
        }
        const permanent = error instanceof DeliveryError && error.permanent;
        const retryAt = permanent
          ? null
          : nextAttemptAt(message.attempts + 1, at, options.retry ?? DEFAULT_RETRY);
        await markFailed(database.db, message.id, (error as Error).message, retryAt);
        if (retryAt) result.retrying++;
        else result.dead++;
        continue;
      }
      await options.afterSend?.(message);
      await markDelivered(database.db, message.id, clock.now());
      result.delivered++;
    }
  }
  return result;
}
