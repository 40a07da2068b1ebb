import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../domain/access/actor.js';
import { ROLES } from '../../domain/access/role.js';
import {
  addUser,
  grantRole,
  listMemberships,
  resetPassword,
  revokeRole,
} from '../../services/access/user.service.js';
import { withDatabase } from '../context.js';
import { flagsForFields } from '../field-flags.js';
import { emit, type OutputOptions, table } from '../output.js';

/** The CLI acts as local administration, named by the OS user in the audit log. */
export function cliUser() {
  return cliActor(userInfo().username);
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('users and their roles on organisations');
  const add = user
    .command('add')
    .description('add a user; prints a one-time password (shown once) unless --password-stdin')
    .argument('<username>', 'user name (letters, digits, . _ @ -)')
    .option('--name <display>', 'name shown to people')
    .option('--org <code>', 'grant a role on this organisation (with --role)')
    .option('--role <role>', `role to grant (${ROLES.join(', ')})`)
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .option('--json', 'print JSON')
    .action(
      async (
        username: string,
        options: OutputOptions & { name?: string; org?: string; role?: string; passwordStdin?: boolean },
      ) => {
        let password: string | null = null;
        if (options.passwordStdin) {
          const chunks: Buffer[] = [];
          for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
          password = Buffer.concat(chunks)
            .toString('utf8')
            .replace(/\r?\n$/, '');
        }
        const added = await withDatabase((database) =>
          addUser(database, cliUser(), {
            username,
            displayName: options.name,
            password,
            org: options.org ?? null,
            role: options.role ?? null,
          }),
        );
        emit(added, options, (a) => [
          `added ${a.user.username}${a.membership ? ` as ${a.membership.role} on ${a.membership.org}` : ''}`,
          ...(a.oneTimePassword ? [`one-time password (shown once): ${a.oneTimePassword}`] : []),
        ]);
      },
    );
  flagsForFields(add, { displayName: '--name', password: '--password-stdin' });
  user
    .command('grant')
    .description("grant a role on an organisation and its subtree (replaces the user's role there)")
    .argument('<username>')
    .argument('<org>', 'ODS code (national roles: the national root)')
    .argument('<role>', ROLES.join(' | '))
    .option('--json', 'print JSON')
    .action(async (username: string, org: string, role: string, options: OutputOptions) => {
      const m = await withDatabase((database) =>
        grantRole(database, cliUser(), { user: { username }, org, role }),
      );
      emit(m, options, (x) => `${x.username} is ${x.role} on ${x.org}`);
    });
  user
    .command('revoke')
    .description("remove a user's role on an organisation")
    .argument('<username>')
    .argument('<org>')
    .action(async (username: string, org: string) => {
      await withDatabase((database) => revokeRole(database, cliUser(), { user: { username }, org }));
      process.stdout.write(`removed ${username}'s role on ${org.toUpperCase()}\n`);
    });
  user
    .command('list')
    .description('roles granted, by organisation (the subtree of --org)')
    .option('--org <code>', 'only this subtree')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string }) => {
      const rows = await withDatabase((database) =>
        listMemberships(database, cliUser(), { org: options.org ?? null, limit: 100_000 }),
      );
      emit(rows, options, (ms) =>
        ms.length === 0
          ? 'no roles granted'
          : table(
              ['org', 'user', 'role', 'granted by'],
              ms.map((m) => [m.org, m.username, m.role, m.createdBy]),
            ),
      );
    });
  user
    .command('reset-password')
    .description('set a new one-time password (shown once) and lift a lock-out')
    .argument('<username>')
    .action(async (username: string) => {
      const password = await withDatabase((database) => resetPassword(database, cliUser(), username));
      process.stdout.write(`one-time password for ${username} (shown once): ${password}\n`);
    });
}
