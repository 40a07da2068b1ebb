import type { Command } from 'commander';
import { type CitusPlacement, distributeForCitus } from '../../db/citus/distribute.js';
import { migrateToLatest, migrationStatus } from '../../db/migrate.js';
import { ConfigError } from '../../errors.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('inspect and migrate the database');

  db.command('status')
    .description('list the schema migrations and whether this database has them')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const result = await withDatabase(
        async (database) => ({
          engine: database.engine,
          location: database.location,
          migrations: await migrationStatus(database.db),
        }),
        { migrate: false },
      );
      emit(result, options, (r) => [
        `${r.engine} database at ${r.location}`,
        ...table(
          ['migration', 'state', 'applied at'],
          r.migrations.map((m) => [
            m.name,
            m.applied ? 'applied' : 'pending',
            m.appliedAt?.toISOString() ?? '',
          ]),
        ),
      ]);
    });

  db.command('migrate')
    .description(
      'apply pending migrations (Ward also does this on every start); on a Citus coordinator, then place the tables: tenant tables sharded by organisation, the rest reference or coordinator tables',
    )
    .option(
      '--citus',
      'create the Citus extension when missing and place the tables (PostgreSQL with Citus only)',
    )
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { citus?: boolean }) => {
      const result = await withDatabase(
        async (database) => {
          if (options.citus && database.engine !== 'postgres') {
            throw new ConfigError(
              '--citus needs a PostgreSQL server with Citus: set DATABASE_URL to its coordinator',
            );
          }
          const applied = await migrateToLatest(database.db, { distribute: false });
          const citus = await distributeForCitus(database.db, { required: options.citus });
          return { applied, citus };
        },
        { migrate: false },
      );
      emit(result, options, (r) => [
        ...(r.applied.length ? r.applied.map((n) => `applied ${n}`) : ['the database is up to date']),
        ...(r.citus ? describeCitus(r.citus) : []),
      ]);
    });
}

function describeCitus(c: CitusPlacement): string[] {
  return [
    `Citus ${c.citus} with ${c.workers} worker(s): ${c.distributed.length} tenant tables sharded by organisation, ${c.reference.length} reference tables, ${c.local.length} on the coordinator`,
    c.placed.length ? `placed now: ${c.placed.join(', ')}` : 'every table was already placed',
  ];
}
