/**
 * Builds Ward's HTTP application (no listen: tests use `inject`, `ward serve` listens).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { registerErrorHandler } from './plugins/errors.js';
import { organisationRoutes } from './routes/organisation.routes.js';

export interface AppOptions {
  database: Database;
  logger?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1 << 20 });
  registerErrorHandler(app);
  app.get('/health', async () => ({ status: 'ok', engine: options.database.engine }));
  await app.register(organisationRoutes(options.database), { prefix: '/api/v1' });
  return app;
}
