import type { Command } from 'commander';
import { config } from '../../config.js';
import type { Database } from '../../db/connect.js';
import { ConfigError } from '../../errors.js';
import { buildApp } from '../../http/app.js';
import { openConfiguredDatabase } from '../context.js';
import { note } from '../output.js';

/** Starts the HTTP server on the configured host and port; resolves with its URL once listening. */
export async function serve(database: Database): Promise<string> {
  const { host, port } = config();
  const app = await buildApp({ database });
  try {
    await app.listen({ host, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(
        `port ${port} on ${host} is already in use: stop the other server or set PORT to a free port`,
      );
    }
    throw error;
  }
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP server (API and dashboard) on HOST:PORT (default 127.0.0.1:8080)')
    .action(async () => {
      const database = await openConfiguredDatabase();
      const url = await serve(database);
      note(`Ward is listening on ${url} (${database.engine} database at ${database.location})`);
    });
}
