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

/**
 * The message has nowhere to go yet (no endpoint or no secret configured for it): it stays queued,
 * no attempt counted, until the configuration provides one.
 */
export class NotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotConfiguredError';
  }
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
