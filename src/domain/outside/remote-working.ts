/**
 * The remote-working catalogue shipped with Ward (`remote-working.json`): the remote-access and
 * remote-working products the national centre watches, each known by its component match keys (CPE
 * `part:vendor:product`, package-URL identity), the words a scan banner uses for it, the
 * risky-service kinds an external scan reports for it, and CISA KEV's names for it. Checked against
 * its schema when loaded, so a bad entry fails at start-up rather than in a figure.
 */
import { z } from 'zod';
import data from './remote-working.json' with { type: 'json' };

export const REMOTE_WORKING_CATEGORIES = [
  'vpn_gateway',
  'remote_desktop',
  'remote_support',
  'conferencing',
  'messaging',
] as const;
export type RemoteWorkingCategory = (typeof REMOTE_WORKING_CATEGORIES)[number];

const KevName = z.object({
  vendor: z.string().min(1).describe("KEV's vendorProject, compared without case"),
  product: z.string().describe("a word of KEV's product name, compared without case ('' for any product)"),
});

export const RemoteWorkingProduct = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case id with dashes')
    .describe('stable id'),
  name: z.string().min(1).describe('the product as people name it'),
  vendor: z.string().min(1),
  category: z.enum(REMOTE_WORKING_CATEGORIES),
  cpe: z
    .array(z.string().regex(/^[aoh]:[^:\s]+:[^:\s]+$/, 'a component match key, part:vendor:product'))
    .describe('CPE match keys as Ward stores a component key'),
  purl: z.array(z.string().regex(/^pkg:[a-z]+\/\S+$/, 'a package-URL identity, no version')),
  banner: z.array(z.string().min(3)).describe('lower-case words of a scan banner that name the product'),
  services: z.array(z.string().min(1)).describe('external-scan service kinds that are this product'),
  kev: z.array(KevName).min(1),
});
export type RemoteWorkingProduct = z.infer<typeof RemoteWorkingProduct>;

export const RemoteWorkingCatalogue = z.object({
  description: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
  products: z
    .array(RemoteWorkingProduct)
    .min(1)
    .superRefine((products, ctx) => {
      const seen = new Map<string, string>();
      for (const p of products) {
        if (p.cpe.length + p.purl.length + p.services.length === 0)
          ctx.addIssue({
            code: 'custom',
            message: `${p.id}: give at least one CPE key, purl or service kind`,
          });
        for (const key of [`id ${p.id}`, ...[...p.cpe, ...p.purl].map((k) => `key ${k}`)]) {
          const other = seen.get(key);
          if (other) ctx.addIssue({ code: 'custom', message: `${key} appears in ${other} and ${p.id}` });
          seen.set(key, p.id);
        }
        for (const word of p.banner)
          if (word !== word.toLowerCase())
            ctx.addIssue({ code: 'custom', message: `${p.id}: banner word "${word}" must be lower-case` });
      }
    }),
});

export const REMOTE_WORKING: readonly RemoteWorkingProduct[] = RemoteWorkingCatalogue.parse(data).products;

/** Every component match key (CPE and purl) of the catalogue, with the product it names. */
export function productKeys(
  catalogue: readonly RemoteWorkingProduct[] = REMOTE_WORKING,
): { key: string; product: string }[] {
  return catalogue.flatMap((p) => [...p.cpe, ...p.purl].map((key) => ({ key, product: p.id })));
}

/** The products a KEV entry names (vendor equal without case; the product word within KEV's product name). */
export function productsNamedByKev(
  entry: { vendorProject: string; product: string },
  catalogue: readonly RemoteWorkingProduct[] = REMOTE_WORKING,
): string[] {
  const vendor = entry.vendorProject.trim().toLowerCase();
  const product = entry.product.toLowerCase();
  return catalogue
    .filter((p) =>
      p.kev.some((k) => k.vendor.toLowerCase() === vendor && product.includes(k.product.toLowerCase())),
    )
    .map((p) => p.id);
}

/** An external observation, as far as naming a product goes. */
export interface ObservedService {
  kind: string;
  /** Component match key of the observation's CPE, when it has one. */
  cpeKey: string | null;
  vendor: string | null;
  product: string | null;
}

/** The catalogue product an external observation is (by CPE key, then service kind, then banner words); null for none. */
export function productOfObservation(
  seen: ObservedService,
  catalogue: readonly RemoteWorkingProduct[] = REMOTE_WORKING,
): string | null {
  if (seen.cpeKey) {
    const byKey = catalogue.find((p) => p.cpe.includes(seen.cpeKey as string));
    if (byKey) return byKey.id;
  }
  const byService = catalogue.find((p) => p.services.includes(seen.kind));
  if (byService) return byService.id;
  const banner = `${seen.vendor ?? ''} ${seen.product ?? ''}`.toLowerCase();
  if (banner.trim() === '') return null;
  return catalogue.find((p) => p.banner.some((w) => banner.includes(w)))?.id ?? null;
}

/** The catalogue product with this id. */
export function remoteWorkingProduct(id: string): RemoteWorkingProduct | undefined {
  return REMOTE_WORKING.find((p) => p.id === id);
}
