/**
 * What every route module is given: the database, the cursor signer, and the optional parts
 * (OIDC, upload limit) the app was built with.
 */
import type { Database } from '../db/connect.js';
import type { OidcSignIn } from '../services/access/oidc.service.js';
import type { Cursors } from './plugins/cursor.js';
import type { SignInLimiter } from './plugins/sign-in-limiter.js';

export interface RouteContext {
  database: Database;
  cursors: Cursors;
  limiter: SignInLimiter;
  oidc: OidcSignIn | null;
  uploadLimitBytes: number;
}

/**
 * Cuts a `limit + 1` read into a page: when there is more, the cursor carries the position of the
 * page's last item.
 */
export function page<T, P>(
  ctx: RouteContext,
  binding: unknown,
  rows: T[],
  limit: number,
  position: (last: T) => P,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: ctx.cursors.encode(binding, position(items[items.length - 1] as T)) };
}
