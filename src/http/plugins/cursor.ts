/**
 * Opaque, tamper-proof pagination cursors: base64url JSON of the position, bound to the query (its
 * route, filters and caller) and signed with HMAC-SHA256 under the server's secret. A cursor that
 * was altered, or reused with other filters or by another caller, is rejected with 400.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '../../errors.js';

export interface Cursors {
  /** Encodes `position` for the query `binding` (any JSON: route, filters, caller id). */
  encode(binding: unknown, position: unknown): string;
  /** The position a cursor carries, or a 400 when it is not a cursor of this query. */
  decode<T>(binding: unknown, cursor: string): T;
}

function invalidCursor(reason: string): InvalidInputError {
  return new InvalidInputError(`cursor: ${reason}`, [
    { file: 'request', line: 0, reason: `cursor: ${reason}` },
  ]);
}

export function makeCursors(secret: string): Cursors {
  const bind = (binding: unknown) =>
    createHash('sha256').update(JSON.stringify(binding)).digest('base64url').slice(0, 16);
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url');
  return {
    encode(binding, position) {
      const body = Buffer.from(JSON.stringify({ b: bind(binding), p: position })).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    decode<T>(binding: unknown, cursor: string): T {
      const [body, mac, extra] = cursor.split('.');
      if (!body || !mac || extra !== undefined) throw invalidCursor('not a cursor this server issued');
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        throw invalidCursor('not a cursor this server issued (or it was altered)');
      let parsed: { b: string; p: T };
      try {
        parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        throw invalidCursor('not a cursor this server issued');
      }
      if (parsed.b !== bind(binding))
        throw invalidCursor('it belongs to another query (filters or caller differ)');
      return parsed.p;
    },
  };
}
