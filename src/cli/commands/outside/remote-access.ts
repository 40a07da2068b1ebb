/**
 * `ward external remote-access`: the remote-working watch — which remote-access and remote-working
 * products the federation runs (inventories and external observations), on how many
 * internet-facing devices, with which open known-exploited flaws.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import {
  type RemoteWorkingView,
  remoteWorkingView,
} from '../../../services/outside/remote-working.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';

/** The view over the organisation's subtree (the caller's scope root when none). */
export function remoteAccess(org: string | undefined): Promise<RemoteWorkingView> {
  return withDatabase((database) => remoteWorkingView(database, cliActor(userInfo().username), org));
}

export function renderRemoteAccess(v: RemoteWorkingView): string[] {
  const used = v.products.filter((p) => p.organisations > 0 || p.kev.length > 0);
  const lines = [
    `${v.org.code} ${v.org.name}: ${v.totals.productsInUse} remote-working products in use at ${v.totals.organisations} organisations; ` +
      `${v.totals.internetFacing} internet-facing devices, ${v.totals.seenFromOutside} addresses seen from outside, ${v.totals.kevFlaws} known-exploited flaws open`,
  ];
  if (used.length === 0) return [...lines, 'none of the catalogue products is in use here'];
  lines.push(
    '',
    ...table(
      [
        'product',
        'category',
        'organisations',
        'devices',
        'internet-facing',
        'seen from outside',
        'open KEV flaws',
      ],
      used.map((p) => [
        p.name,
        p.category.replace('_', ' '),
        p.organisations,
        p.devices,
        p.internetFacing,
        p.seenFromOutside,
        p.kev.length
          ? p.kev.map((k) => `${k.cve} (due ${k.dueDate ?? 'n/a'}, ${k.organisations} orgs)`).join(', ')
          : '',
      ]),
    ),
  );
  const unused = v.products.length - used.length;
  if (unused > 0) lines.push('', `${unused} other catalogue products not seen (--json lists all)`);
  return lines;
}

/** `ward external`: found or created, so every outside-in subcommand file registers under one group. */
function externalGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'external') ??
    program.command('external').description('what the federation exposes to the internet, seen from outside')
  );
}

export function registerRemoteAccessCommand(program: Command): void {
  externalGroup(program)
    .command('remote-access')
    .description(
      'remote-access and remote-working products in use (VPN gateways, remote desktop, remote support, conferencing, messaging): organisations, devices, internet-facing, open KEV flaws',
    )
    .option(
      '--org <code>',
      'ODS code: that organisation and everything under it (default: the whole of what you may see)',
    )
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string }) =>
      emit(await remoteAccess(options.org), options, renderRemoteAccess),
    );
}
