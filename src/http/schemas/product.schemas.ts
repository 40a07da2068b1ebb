/**
 * The products register as the API shows it, an import's result, and their presenters.
 */
import { z } from 'zod';
import { PRODUCT_STATUSES } from '../../domain/outside/product.js';
import {
  POLICY_PRIORITIES,
  type PolicyFinding as PolicyFindingValue,
} from '../../domain/outside/product-policy.js';
import type { ProductsImportResult, RegisterEntry } from '../../services/outside/product.service.js';
import { named } from './common.schemas.js';

export const ProductStatus = named(
  z.object({
    status: z.enum(PRODUCT_STATUSES).describe('approved, certified, not-approved or end-of-life'),
    use: z.string().describe('the use the status is for: any, clinical, patient-data, …'),
    standard: z.string().nullable().describe('certified: the standard (e.g. DCB0129, DTAC)'),
    certificateRef: z.string().nullable().describe("certified: the certificate's reference"),
    certifiedOn: z.string().nullable().describe('certified: the date of certification (YYYY-MM-DD)'),
    expiresOn: z.string().nullable().describe('certified: when the certification expires (YYYY-MM-DD)'),
    endOfLife: z.string().nullable().describe('end-of-life: the last day of support (YYYY-MM-DD)'),
    source: z.string().nullable().describe('where the status comes from (a page or a decision)'),
  }),
  'ProductStatus',
);

export const Product = named(
  z.object({
    key: z.string().describe('component match key: CPE part:vendor:product or purl pkg:type/namespace/name'),
    name: z.string().describe('the product as people name it'),
    vendor: z.string().describe('its vendor'),
    category: z.string().describe('operating-system, messaging, video-conferencing, remote-access, …'),
    notes: z.string().describe('notes for people ("" when none)'),
    shipped: z
      .boolean()
      .describe(
        "true: a default shipped with Ward (refreshed on upgrade); false: the national body's own row",
      ),
    statuses: z.array(ProductStatus).describe('its assurance statuses, each for a use'),
  }),
  'Product',
);

export const ProductsImported = named(
  z.object({
    file: z.string().describe('the file imported'),
    products: z.number().int().describe('products in the file'),
    statuses: z.number().int().describe('statuses in the file'),
    added: z.number().int().describe('products the register did not have'),
    evidenceRecomputed: z
      .boolean()
      .describe("the baseline's evidence was recomputed (an end-of-life entry changed)"),
  }),
  'ProductsImported',
);

export function presentProduct(p: RegisterEntry): z.infer<typeof Product> {
  return {
    key: p.key,
    name: p.name,
    vendor: p.vendor,
    category: p.category,
    notes: p.notes,
    shipped: p.shipped,
    statuses: p.statuses.map((s) => ({ ...s })),
  };
}

export function presentProductsImport(r: ProductsImportResult): z.infer<typeof ProductsImported> {
  return {
    file: r.file,
    products: r.products,
    statuses: r.statuses,
    added: r.added,
    evidenceRecomputed: r.evidenceRecomputed,
  };
}

export const PolicyFinding = named(
  z.object({
    org: z.string().describe('ODS code of the organisation'),
    orgName: z.string().describe('its name'),
    product: z
      .object({
        key: z.string().describe('match key'),
        name: z.string().describe('the product as people name it'),
        category: z.string().describe('its category'),
      })
      .describe('the product the register rules out'),
    status: z.enum(['not-approved', 'end-of-life']).describe('why it is ruled out'),
    use: z.string().describe('the use it is not approved for (any, clinical, patient-data)'),
    endOfLife: z.string().nullable().describe('end-of-life: the last day of support'),
    devices: z.number().int().describe('devices concerned'),
    clinicalDevices: z
      .number()
      .int()
      .describe('of which clinical (medical devices, critical clinical systems, clinical zones)'),
    internetFacing: z.number().int().describe('of which internet-facing'),
    priority: z
      .enum(POLICY_PRIORITIES)
      .describe('high when any device concerned is clinical or internet-facing, else medium'),
    reasons: z.array(z.string()).describe('what is wrong and what to do, in plain words'),
  }),
  'PolicyFinding',
);

export function presentPolicyFinding(f: PolicyFindingValue): z.infer<typeof PolicyFinding> {
  return { ...f, product: { ...f.product }, reasons: [...f.reasons] };
}
