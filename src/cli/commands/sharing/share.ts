/** `ward share group create|add|list`: sharing groups, named audiences for AMBER indicators. */
import type { Command } from 'commander';
import {
  addSharingGroupMembers,
  createSharingGroup,
  listSharingGroups,
} from '../../../services/sharing/sharing-group.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { cliUser } from '../user.js';

export function registerShareCommands(program: Command): void {
  const group = program
    .command('share')
    .description('sharing groups: named sets of organisations to share TLP:AMBER intelligence with')
    .command('group')
    .description('create, extend and list sharing groups');
  group
    .command('create')
    .description('create a sharing group owned by an organisation')
    .argument('<name>', 'the group name')
    .requiredOption('--owner <code>', 'the owning organisation (its responders may change the group)')
    .option('--description <text>', 'what the group is for')
    .option(
      '--member <codes>',
      'members: CODE or under:CODE, comma-separated',
      (v: string, p: string[] = []) => [...p, ...v.split(',').filter(Boolean)],
    )
    .option('--json', 'print JSON')
    .action(
      async (name: string, o: OutputOptions & { owner: string; description?: string; member?: string[] }) => {
        const r = await withDatabase((d) =>
          createSharingGroup(d, cliUser(), {
            name,
            owner: o.owner,
            description: o.description,
            members: o.member,
          }),
        );
        emit(r, o, (v) => `sharing group "${v.name}" created for ${v.owner} with ${v.added} members`);
      },
    );
  group
    .command('add')
    .description('add organisations (CODE, or under:CODE for it and its subtree) to a sharing group')
    .argument('<name>', 'the group name')
    .argument('<codes...>', 'members to add')
    .option('--json', 'print JSON')
    .action(async (name: string, codes: string[], o: OutputOptions) => {
      const r = await withDatabase((d) => addSharingGroupMembers(d, cliUser(), name, codes));
      emit(r, o, (v) => `${v.added} new member${v.added === 1 ? '' : 's'} in "${v.name}"`);
    });
  group
    .command('list')
    .description('every sharing group with its members')
    .option('--json', 'print JSON')
    .action(async (o: OutputOptions) => {
      const list = await withDatabase((d) => listSharingGroups(d, cliUser()));
      emit(list, o, (groups) =>
        groups.length === 0
          ? 'no sharing groups'
          : table(
              ['GROUP', 'OWNER', 'MEMBERS'],
              groups.map((g) => [
                g.name,
                g.owner,
                g.members.map((m) => (m.subtree ? `under:${m.code}` : m.code)).join(' '),
              ]),
            ),
      );
    });
}
