/**
 * Webhooks: the message's JSON payload POSTed to the contact's own endpoint or else the configured
 * one, signed with the contact's own secret or else the configured one (see webhook-signature.ts),
 * and carrying its idempotency key, so a receiver that honours the key processes a message once
 * however often a crash makes Ward send it.
 */
import type { OutboxRow } from '../db/repositories/outbox.repository.js';
import { DeliveryError, NotConfiguredError, type Transport } from './transport.js';
import {
  EVENT_HEADER,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './webhook-signature.js';

export interface WebhookOptions {
  /** WARD_WEBHOOK_URL: for contacts without their own endpoint. */
  url: string | null;
  /** WARD_WEBHOOK_SECRET: signs for contacts without their own secret. */
  secret: string | null;
  timeoutMs?: number;
}

/** Where a message goes and what signs it: the contact's own, else the configured ones. */
export function webhookRoute(message: OutboxRow, options: WebhookOptions): { url: string; secret: string } {
  const url = message.webhook_url ?? options.url;
  if (!url)
    throw new NotConfiguredError('webhook: no endpoint (the contact has none and WARD_WEBHOOK_URL is unset)');
  const secret = message.webhook_url ? (message.webhook_secret ?? options.secret) : options.secret;
  if (!secret)
    throw new NotConfiguredError(
      'webhook: no signing secret (the contact has none and WARD_WEBHOOK_SECRET is unset)',
    );
  return { url, secret };
}

/** The exact bytes POSTed: the idempotency key, the recipient, the message as text, and its structured payload. */
export function webhookBody(message: OutboxRow): string {
  return JSON.stringify({
    id: message.idempotency_key,
    kind: message.kind,
    to: message.recipient,
    subject: message.subject,
    text: message.body,
    ...(message.payload as Record<string, unknown>),
  });
}

export function webhookTransport(options: WebhookOptions): Transport {
  return {
    channel: 'webhook',
    async send(message: OutboxRow, now: Date) {
      const route = webhookRoute(message, options);
      const body = webhookBody(message);
      const timestamp = Math.floor(now.getTime() / 1000);
      let response: Response;
      try {
        response = await fetch(route.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(route.secret, timestamp, body),
            [IDEMPOTENCY_HEADER]: message.idempotency_key,
            [EVENT_HEADER]: String((message.payload as { type?: string }).type ?? message.kind),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new DeliveryError(`webhook: ${(error as Error).message}`);
      }
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      // 408 and 429 ask us to come back; other 4xx refuse this message for good.
      const permanent =
        response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
      throw new DeliveryError(`webhook: HTTP ${response.status}`, permanent);
    },
  };
}
