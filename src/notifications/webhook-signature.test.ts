import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  const now = new Date('2026-05-12T09:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  const body = '{"id":"ward:issued:WA-2026-0001:RJ7:c1"}';

  it('accepts the exact body and a fresh timestamp', () => {
    expect(signWebhook('s3cret', ts, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('s3cret', body, String(ts), signWebhook('s3cret', ts, body), now)).toEqual({
      ok: true,
    });
  });

  it('refuses a changed body, another secret, a moved timestamp and a replay', () => {
    const sig = signWebhook('s3cret', ts, body);
    expect(verifyWebhook('s3cret', `${body} `, String(ts), sig, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(verifyWebhook('other', body, String(ts), sig, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(verifyWebhook('s3cret', body, String(ts + 1), sig, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    const later = new Date(now.getTime() + 301_000);
    expect(verifyWebhook('s3cret', body, String(ts), sig, later)).toMatchObject({
      ok: false,
      reason: /away from now/,
    });
    expect(verifyWebhook('s3cret', body, undefined, sig, now)).toEqual({
      ok: false,
      reason: 'missing timestamp',
    });
  });
});
