/**
 * Product identity as the API shows it — a proposal (or decided alias) with its evidence, and the
 * outcome of a decision — and the presenters that shape the services' values into them.
 */
import { z } from 'zod';
import { ALIAS_STATUSES, VERSION_VERDICTS } from '../../domain/identity/product-identity.js';
import type { AliasView, DecisionResult } from '../../services/identity/product-identity.service.js';
import { named } from './common.schemas.js';

export const AliasStatus = z
  .enum(ALIAS_STATUSES)
  .describe('proposed (shown as possible, never a finding), confirmed or rejected');

const Names = z.object({
  vendor: z.string().describe('vendor name'),
  product: z.string().describe('product name'),
});

const Evidence = z.object({
  vendor: z
    .object({
      inventory: z.string().describe("the inventory's vendor name"),
      advisory: z.string().describe("the advisory's vendor name"),
      sharedName: z.string().describe('the company name both reduce to'),
    })
    .describe('the two vendor names and the company name both reduce to'),
  tokens: z
    .array(z.string())
    .describe("the inventory product's model words, each found in the advisory's name"),
  advisoryProduct: z.string().describe("the advisory's product name"),
  versions: z
    .array(
      z.object({
        version: z.string().describe("installed version ('' when the inventory gives none)"),
        verdict: z
          .enum(VERSION_VERDICTS)
          .describe("match: in the advisory's list; assumed: no version given"),
        advisories: z.array(z.string()).describe('advisories naming this version'),
      }),
    )
    .describe('installed versions the advisories name'),
});

export const Alias = named(
  z.object({
    id: z.number().int().describe('proposal id'),
    status: AliasStatus,
    inventoryKey: z.string().describe('match key of the inventory product (a:vendor:product)'),
    inventory: Names.describe('the inventory product, as the inventory names it'),
    advisoryKey: z.string().describe("match key of the advisory's product"),
    advisory: Names.describe('the product, as the advisory names it'),
    advisories: z.array(z.string()).describe('advisories naming the product at an installed version'),
    cves: z.array(z.string()).describe('CVEs of those advisories that name the product'),
    versions: z.array(z.string()).describe('installed versions the advisories name'),
    evidence: Evidence.describe('why Ward proposes that the two are the same product'),
    devices: z.number().int().describe('live devices in your scope with a named version'),
    organisations: z.number().int().describe('organisations in your scope with such devices'),
    proposedAt: z.string().describe('when it was first proposed (ISO 8601)'),
    decidedAt: z.string().nullable().describe('when it was confirmed or rejected (null: not yet)'),
    decidedBy: z.string().nullable().describe('who decided, as the audit log names them'),
    reason: z.string().nullable().describe('the note of a confirmation, the reason of a rejection'),
  }),
  'ProductAlias',
);

export const AliasDecision = named(
  z.object({
    alias: Alias.describe('the alias after the decision'),
    rules: z.number().int().describe('match rules cloned (confirm) or removed (reject)'),
    findingsOpened: z.number().int().describe('findings opened or reopened by the cloned rules'),
    findingsRemoved: z
      .number()
      .int()
      .describe('findings of the removed rules, deleted (they were never true)'),
  }),
  'AliasDecision',
);

export function presentAlias(a: AliasView): z.infer<typeof Alias> {
  return {
    id: a.id,
    status: a.status,
    inventoryKey: a.inventoryKey,
    inventory: { vendor: a.inventory.vendor, product: a.inventory.product },
    advisoryKey: a.advisoryKey,
    advisory: { vendor: a.advisory.vendor, product: a.advisory.product },
    advisories: a.advisories,
    cves: a.cves,
    versions: a.versions,
    evidence: {
      vendor: a.evidence.vendor,
      tokens: a.evidence.tokens,
      advisoryProduct: a.evidence.advisoryProduct,
      versions: a.evidence.versions,
    },
    devices: a.devices,
    organisations: a.organisations,
    proposedAt: a.proposedAt,
    decidedAt: a.decidedAt,
    decidedBy: a.decidedBy,
    reason: a.reason,
  };
}

export function presentAliasDecision(d: DecisionResult): z.infer<typeof AliasDecision> {
  return {
    alias: presentAlias(d.alias),
    rules: d.rules,
    findingsOpened: d.findingsOpened,
    findingsRemoved: d.findingsRemoved,
  };
}
