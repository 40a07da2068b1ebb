/**
 * How a queued message leaves Ward. A transport sends one message or throws: a `DeliveryError`
 * says whether trying again can help.
 */
import type { OutboxRow } from '../db/repositories/outbox.repository.js';

export interface Transport {
  readonly channel: 'email' | 'webhook';
  send(message: OutboxRow, now: Date): Promise<void>;
  close?(): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** True when retrying cannot help (the receiver refused the message itself). */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
