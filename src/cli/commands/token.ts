import type { Command } from 'commander';
import { ROLES } from '../../domain/access/role.js';
import { createTokenForUser, revokeToken } from '../../services/access/session.service.js';
import { withDatabase } from '../context.js';
import { flagsForFields } from '../field-flags.js';
import { emit, type OutputOptions } from '../output.js';
import { wholeNumber } from './org.js';
import { cliUser } from './user.js';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for machines (Authorization: Bearer …)');
  const create = token
    .command('create')
    .description("create an API token for a user, carrying the user's roles or fewer; prints it once")
    .argument('<username>', 'owner')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--days <n>', 'days until it expires (1-366)', wholeNumber, 90)
    .option('--org <code>', 'limit it to this subtree')
    .option('--role <role>', `limit it to this role (${ROLES.join(', ')})`)
    .option('--json', 'print JSON')
    .action(
      async (
        username: string,
        options: OutputOptions & { name: string; days: number; org?: string; role?: string },
      ) => {
        const created = await withDatabase((database) =>
          createTokenForUser(database, cliUser(), username, {
            name: options.name,
            expiresInDays: options.days,
            org: options.org ?? null,
            maxRole: options.role ?? null,
          }),
        );
        emit(created, options, (t) => [
          `token "${t.name}" for ${t.username}${t.org ? ` on ${t.org}` : ''}${t.maxRole ? ` (at most ${t.maxRole})` : ''}, expires ${t.expiresAt.slice(0, 10)}`,
          `id ${t.id}`,
          `token (shown once): ${t.token}`,
        ]);
      },
    );
  flagsForFields(create, { expiresInDays: '--days', maxRole: '--role' });
  token
    .command('revoke')
    .description('revoke a token by its id')
    .argument('<id>')
    .action(async (id: string) => {
      await withDatabase((database) => revokeToken(database, cliUser(), id));
      process.stdout.write(`revoked ${id}\n`);
    });
}
