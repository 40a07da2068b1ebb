/**
 * Refuses text no database column can hold (NUL, lone surrogates) in any request's path
 * parameters, query string or JSON body, before validation: one check for every route, answered as
 * a 400 problem naming the field and the character. Multipart forms are streamed, so their fields
 * are checked where they are read; a text body (a CSV file) is checked by its importer, which can
 * name the line and column.
 */
import type { FastifyInstance } from 'fastify';
import { findUnstorableText } from '../../domain/text/storable-text.js';
import { InvalidInputError } from '../../errors.js';

/** The 400 for an unstorable value at `path` (`body.title`, `query.actor`, a form field). */
export function unstorableInput(path: string, reason: string): InvalidInputError {
  const message = `${path}: ${reason}`;
  return new InvalidInputError(message, [{ file: 'request', line: 0, reason: message }]);
}

export function registerStorableInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', typeof request.body === 'string' || request.isMultipart() ? undefined : request.body],
    ] as const) {
      const found = findUnstorableText(value, part);
      if (found) throw unstorableInput(found.path, found.reason);
    }
  });
}
