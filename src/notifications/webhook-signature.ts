/**
 * Webhook signatures: HMAC-SHA256 over `TIMESTAMP.BODY` with a shared secret, so a receiver can
 * check the message came from Ward, was not changed, and is recent (a replay of an old request
 * fails the timestamp check).
 *
 * Headers: `X-Ward-Timestamp` (Unix seconds), `X-Ward-Signature` (`sha256=<hex>`),
 * `Idempotency-Key` (the same on every retry of one message).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-ward-timestamp';
export const SIGNATURE_HEADER = 'x-ward-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const EVENT_HEADER = 'x-ward-event';

/** Requests older or newer than this are refused as replays. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** What a receiver runs: signature first (constant time), then the timestamp against its clock. */
export function verifyWebhook(
  secret: string,
  body: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!timestampHeader || !/^\d+$/.test(timestampHeader)) return { ok: false, reason: 'missing timestamp' };
  if (!signatureHeader) return { ok: false, reason: 'missing signature' };
  const expected = Buffer.from(signWebhook(secret, Number(timestampHeader), body));
  const given = Buffer.from(signatureHeader);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad signature' };
  const skew = Math.abs(now.getTime() / 1000 - Number(timestampHeader));
  if (skew > toleranceSeconds) return { ok: false, reason: `timestamp ${Math.round(skew)} s away from now` };
  return { ok: true };
}
