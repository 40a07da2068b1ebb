/**
 * Maps errors to RFC 9457 problem documents: domain errors by their stable code, validation
 * errors to 400 with the issues, anything else to 500 with the request id (details only in the log).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, InvalidInputError, RateLimitedError, WardError } from '../../errors.js';

/** The HTTP status of each domain error code. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  config: 500,
  database: 503,
  not_found: 404,
  invalid_input: 400,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  password_change_required: 403,
  rate_limited: 429,
  too_large: 413,
};

/** Answers a request no route took (the dashboard's page for browser routes), or null to say 404. */
export type Fallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;

/**
 * Errors Fastify raises before a request reaches its route (a path parameter longer than the router
 * takes, a URL that is not valid percent-encoding), as problem documents like every other error.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : (error.statusCode ?? 400);
  const detail = tooLong
    ? `a path segment is longer than ${MAX_PARAM_LENGTH} characters`
    : 'the URL is not valid percent-encoded UTF-8';
  const path = request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url;
  reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: tooLong ? 'URI too long' : 'bad request',
      status,
      detail,
      instance: path,
    });
}

/** Fastify's longest path parameter (its default). */
export const MAX_PARAM_LENGTH = 100;

export function registerErrorHandler(app: FastifyInstance, fallback: Fallback = () => null): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) =>
      reply
        .status(status)
        .type('application/problem+json')
        .send({ type: 'about:blank', title, status, detail, instance: request.url, ...extra });
    if (error instanceof WardError) {
      const extra = error instanceof InvalidInputError ? { problems: error.problems } : {};
      if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
      return problem(ERROR_STATUS[error.code], error.code.replaceAll('_', ' '), error.message, extra);
    }
    if (error.validation) return problem(400, 'invalid request', error.message, { issues: error.validation });
    if (error.statusCode && error.statusCode < 500)
      return problem(error.statusCode, error.code ?? 'bad request', error.message);
    request.log.error(error);
    return problem(
      500,
      'internal error',
      `unexpected error; quote request id ${request.id} when reporting it`,
      {
        requestId: request.id,
      },
    );
  });
  app.setNotFoundHandler(
    (request, reply) =>
      fallback(request, reply) ??
      reply
        .status(404)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'not found',
          status: 404,
          detail: `no route ${request.method} ${request.url}`,
          instance: request.url,
        }),
  );
}
