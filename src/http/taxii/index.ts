/**
 * Ward's TAXII 2.1 server, registered beside the API at /taxii2/ (see taxii.routes.ts): its own
 * authentication (API tokens, Bearer or Basic), content negotiation (406 when the client cannot take
 * `application/taxii+json;version=2.1`, 415 for a body that is not it), and every error — Ward's,
 * Fastify's, unknown paths — as a TAXII error message with its status.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { InvalidInputError, UnauthenticatedError, WardError } from '../../errors.js';
import { ERROR_STATUS } from '../plugins/errors.js';
import type { RouteContext } from '../route-context.js';
import { acceptsTaxii, isTaxiiContent, sendTaxiiError, TAXII_MEDIA_TYPE } from './media.js';
import { TAXII_BODY_LIMIT, taxiiRoutes } from './taxii.routes.js';
import { TAXII_CHALLENGE, taxiiActor } from './taxii-auth.js';

export const TAXII_PREFIX = '/taxii2';

export function taxiiServer(ctx: RouteContext) {
  return async (app: FastifyInstance) => {
    app.decorateRequest('taxiiActor', null);
    // TAXII has its own specification; the OpenAPI document describes /api/v1 only.
    app.addHook('onRoute', (route) => {
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
    app.addContentTypeParser(
      'application/taxii+json',
      { parseAs: 'string', bodyLimit: TAXII_BODY_LIMIT },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          const error = new InvalidInputError('the body is not JSON', [
            { file: 'request', line: 0, reason: 'the body is not JSON' },
          ]);
          done(error, undefined);
        }
      },
    );
    app.addHook('onRequest', async (request, reply) => {
      request.taxiiActor = await taxiiActor(ctx.database, request);
      if (!acceptsTaxii(request.headers.accept))
        return sendTaxiiError(
          reply,
          406,
          'Not acceptable',
          `Ward's TAXII server answers in ${TAXII_MEDIA_TYPE}; the Accept header does not allow it`,
        );
    });
    app.addHook('preValidation', async (request, reply) => {
      if (request.method === 'POST' && !isTaxiiContent(request.headers['content-type']))
        return sendTaxiiError(
          reply,
          415,
          'Unsupported media type',
          `send the envelope as Content-Type: ${TAXII_MEDIA_TYPE}`,
        );
    });
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof UnauthenticatedError) reply.header('WWW-Authenticate', TAXII_CHALLENGE);
      if (error instanceof WardError) {
        const details = error instanceof InvalidInputError ? { problems: error.problems } : undefined;
        return sendTaxiiError(
          reply,
          ERROR_STATUS[error.code],
          error.code.replaceAll('_', ' '),
          error.message,
          details,
        );
      }
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
        return sendTaxiiError(reply, 415, 'Unsupported media type', `send ${TAXII_MEDIA_TYPE}`);
      if (error.statusCode && error.statusCode < 500)
        return sendTaxiiError(reply, error.statusCode, error.code ?? 'Bad request', error.message);
      request.log.error(error);
      return sendTaxiiError(
        reply,
        500,
        'Internal error',
        `unexpected error; quote request id ${request.id} when reporting it`,
      );
    });
    app.setNotFoundHandler(async (request, reply) => {
      // Unknown paths answer to the authenticated only, like every other TAXII path.
      await taxiiActor(ctx.database, request);
      return sendTaxiiError(reply, 404, 'Not found', `no TAXII resource at ${request.url.split('?')[0]}`);
    });
    await app.register(taxiiRoutes(ctx));
  };
}
