import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { cliActor } from '../../domain/access/actor.js';
import { ALIAS_STATUSES, type AliasStatus } from '../../domain/identity/product-identity.js';
import { NotFoundError } from '../../errors.js';
import { recomputeProposals } from '../../services/identity/alias-proposal.service.js';
import {
  type AliasView,
  confirmAlias,
  type DecisionResult,
  listProposals,
  rejectAlias,
} from '../../services/identity/product-identity.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';

function aliasId(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new InvalidArgumentError('expected a proposal id (a whole number)');
  return Number(value);
}

const actor = () => cliActor(userInfo().username);

/** A decision on a proposal that does not exist, with where the ids are listed. */
async function onProposal<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new NotFoundError(`${error.message} (ward identity proposals lists them)`);
    throw error;
  }
}

function decision(r: DecisionResult): string {
  const a = r.alias;
  const what = `${a.inventory.vendor} / ${a.inventory.product} = ${a.advisory.vendor} / ${a.advisory.product}`;
  return a.status === 'confirmed'
    ? `alias ${a.id} confirmed: ${what}; ${r.rules} rules cloned, ${r.findingsOpened} findings opened`
    : `alias ${a.id} rejected: ${what}; ${r.rules} rules and ${r.findingsRemoved} findings removed`;
}

function proposalLines(items: AliasView[]): string[] {
  if (items.length === 0) return ['no proposals'];
  return table(
    [
      'id',
      'status',
      'inventory product',
      'advisory product',
      'versions',
      'advisories',
      'devices',
      'evidence',
    ],
    items.map((p) => [
      p.id,
      p.status === 'proposed' ? 'possible' : p.status,
      `${p.inventory.vendor} / ${p.inventory.product}`,
      `${p.advisory.vendor} / ${p.advisory.product}`,
      p.versions.map((v) => v || '(none)').join(' '),
      p.advisories.join(' '),
      p.devices,
      `vendor "${p.evidence.vendor.sharedName}", words ${p.evidence.tokens.join(' ')}`,
    ]),
  );
}

export function registerIdentityCommands(program: Command): void {
  const identity = program
    .command('identity')
    .description(
      'product identity resolution: proposals that an inventory product (vendor/product) is a product an advisory names in its own words, and their review',
    );
  identity
    .command('proposals')
    .description(
      'proposals and decisions, oldest first; "possible" until a national analyst confirms (then findings follow) or rejects them',
    )
    .addOption(new Option('--status <status>', 'only proposals in this state').choices(ALIAS_STATUSES))
    .option('--org <code>', "only those touching this organisation's subtree's devices (counted there)")
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { status?: AliasStatus; org?: string }) => {
      const items = await withDatabase(async (database) => {
        const out: AliasView[] = [];
        for (let afterId: number | null = null; ; ) {
          const page = await listProposals(database, actor(), {
            status: options.status,
            org: options.org ?? null,
            afterId,
            limit: 500,
          });
          out.push(...page);
          if (page.length < 500) return out;
          afterId = page[page.length - 1]?.id ?? null;
        }
      });
      emit(items, options, proposalLines);
    });
  identity
    .command('confirm')
    .description(
      'confirm a proposal: the advisory product is the inventory product, everywhere; its rules apply to the inventory product and findings follow',
    )
    .argument('<id>', 'proposal id (from ward identity proposals)', aliasId)
    .option('--note <text>', 'why (kept with the decision and in the audit log)')
    .option('--json', 'print JSON')
    .action(async (id: number, options: OutputOptions & { note?: string }) => {
      const result = await onProposal(() =>
        withDatabase((database) => confirmAlias(database, actor(), id, options.note?.trim() || null)),
      );
      emit(result, options, decision);
    });
  identity
    .command('reject')
    .description(
      'reject a proposal (or a confirmed alias: its rules and the findings they raised are removed); it is not proposed again',
    )
    .argument('<id>', 'proposal id (from ward identity proposals)', aliasId)
    .requiredOption('--reason <text>', 'why they are not the same product')
    .option('--json', 'print JSON')
    .action(async (id: number, options: OutputOptions & { reason: string }) => {
      const result = await onProposal(() =>
        withDatabase((database) => rejectAlias(database, actor(), id, options.reason)),
      );
      emit(result, options, decision);
    });
  identity
    .command('propose')
    .description(
      'recompute proposals: every installed vendor/product-named component against every advisory product (decisions are kept)',
    )
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const result = await withDatabase((database) => recomputeProposals(database, actor()));
      emit(result, options, (r) => `${r.proposals} proposals (${r.added} new)`);
    });
}
