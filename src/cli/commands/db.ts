import type { Command } from 'commander';
import { migrateToLatest, migrationStatus } from '../../db/migrate.js';
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
    .description('apply pending migrations (Ward also does this on every start)')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const applied = await withDatabase(async (database) => migrateToLatest(database.db), {
        migrate: false,
      });
      emit({ applied }, options, (r) =>
        r.applied.length ? r.applied.map((n) => `applied ${n}`) : 'the database is up to date',
      );
    });
}
