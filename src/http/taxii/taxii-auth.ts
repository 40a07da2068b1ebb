/**
 * Who is calling Ward's TAXII server: a Ward API token, sent as `Authorization: Bearer ward_…` or,
 * for clients that only speak HTTP Basic (taxii2-client, many TIPs), as the Basic password (the user
 * name, when given, must be the token's owner). Session cookies are not taken here: TAXII clients
 * are programs, and a cookie would open the writes to cross-site requests.
 */
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/connect.js';
import type { Actor } from '../../domain/access/actor.js';
import { UnauthenticatedError } from '../../errors.js';
import { authenticateToken } from '../../services/access/session.service.js';

export const TAXII_CHALLENGE = 'Basic realm="Ward TAXII", Bearer realm="Ward TAXII"';

export async function taxiiActor(database: Database, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  if (!header)
    throw new UnauthenticatedError(
      'send a Ward API token: Authorization: Bearer <token>, or HTTP Basic with the token as password',
    );
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return (await authenticateToken(database, bearer[1] as string)).actor;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic)
    throw new UnauthenticatedError(
      'the Authorization header must be "Bearer <token>" or "Basic <user:token>"',
    );
  const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new UnauthenticatedError('HTTP Basic credentials must be "user:token"');
  const user = decoded.slice(0, colon);
  const { actor, user: owner } = await authenticateToken(database, decoded.slice(colon + 1));
  if (user !== '' && user !== owner.username)
    throw new UnauthenticatedError('the user name does not own this API token');
  return actor;
}
