import type { Command } from 'commander';
import { config } from '../../config.js';
import type { Database } from '../../db/connect.js';
import { ConfigError } from '../../errors.js';
import { ensureWebBuild } from '../../http/web/web-build.js';
import { startBaselineEvidenceJob } from '../../jobs/baseline-evidence.job.js';
import { startNotificationScheduler, transportsFromConfig } from '../../jobs/scheduler.js';
import { ensureFirstAdmin } from '../../services/access/user.service.js';
import { openConfiguredDatabase } from '../context.js';
import { note } from '../output.js';
import { cliClock } from './alert/common.js';

/** Starts the HTTP server on the configured host and port; resolves with its URL once listening. */
export async function serve(database: Database): Promise<string> {
  const { host, port } = config();
  const admin = await ensureFirstAdmin(database);
  if (admin) {
    note(
      `first start: created the national admin "${admin.username}" with the one-time password ${admin.password}\n` +
        '  sign in with it and change it (POST /api/v1/auth/password); it is not shown again',
    );
  }
  const rebuilt = await ensureWebBuild();
  if (rebuilt) note(`built the dashboard (web/dist was ${rebuilt})`);
  // Loaded on demand: the other commands start faster without the HTTP stack.
  const { buildApp } = await import('../../http/app.js');
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
  // Alert notifications: reminders, escalations, digests and the outbox, every WARD_NOTIFY_INTERVAL seconds.
  const n = config().notifications;
  const scheduler =
    n.intervalSeconds > 0
      ? startNotificationScheduler(database, cliClock({}), {
          intervalMs: n.intervalSeconds * 1000,
          transports: transportsFromConfig(n),
          publicUrl: n.publicUrl,
          digestHour: n.digestHour,
          digestTimeZone: n.digestTimeZone,
          onError: (error) => note(`notifications: ${(error as Error).message}`),
        })
      : null;
  // Baseline auto-evidence: recomputed every hour, never on a page view.
  const evidence = startBaselineEvidenceJob(database, {
    onError: (error) => note(`baseline evidence: ${(error as Error).message}`),
  });
  const shutdown = async () => {
    await evidence.stop();
    await scheduler?.stop();
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
