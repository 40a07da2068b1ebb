/**
 * Read-only organisation endpoints: the tree and one organisation.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { FULL_SCOPE } from '../../domain/access/scope.js';
import { InvalidInputError } from '../../errors.js';
import { organisationTree, showOrganisation } from '../../services/organisation.service.js';

const TreeQuery = z.object({
  code: z.string().min(1).optional().describe('ODS code of the subtree root; the national root by default'),
  depth: z.coerce.number().int().min(0).max(10).default(1).describe('levels below the root to include'),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InvalidInputError(
      result.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '),
      result.error.issues.map((i) => ({
        file: 'request',
        line: 0,
        reason: `${i.path.join('.')}: ${i.message}`,
      })),
    );
  }
  return result.data;
}

export function organisationRoutes(database: Database) {
  return async (app: FastifyInstance) => {
    app.get('/organisations/tree', async (request) => {
      const query = parse(TreeQuery, request.query);
      return organisationTree(database, FULL_SCOPE, query.code ?? null, query.depth);
    });
    app.get<{ Params: { code: string } }>('/organisations/:code', async (request) =>
      showOrganisation(database, FULL_SCOPE, request.params.code),
    );
  };
}
