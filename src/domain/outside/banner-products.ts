/**
 * Banner products: what an external scan's banner names (a device vendor, product and version, as
 * Shadowserver's reports give them) as the installed component Ward matches — the same
 * `RawComponent` an inventory row gives. The shipped table `banner-products.json` maps the common
 * remote-access and web products whose banner names differ from NVD's (FortiGate → fortinet:fortios)
 * and says how to split their versions; it is checked against its schema when loaded. A banner the
 * table does not know stays a vendor/product/version triple, as an inventory's would.
 */
import { z } from 'zod';
import { formatCpe } from '../cpe/cpe-name.formatter.js';
import { CPE_ANY } from '../cpe/cpe-name.js';
import { ASSET_TYPES, type AssetType, type RawComponent } from '../inventory/asset.js';
import data from './banner-products.json' with { type: 'json' };

/** Lower-case, runs of spaces, dashes, underscores and slashes as one space. */
export function bannerName(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_\-/]+/g, ' ');
}

const Name = z
  .string()
  .min(1)
  .refine((v) => bannerName(v) === v, 'written as compared: lower-case, single spaces');

export const BannerProduct = z.object({
  name: z.string().min(1).describe('the product as people name it'),
  vendors: z.array(Name).min(1).describe('vendor names banners give'),
  products: z.array(Name).min(1).describe('product names banners give'),
  cpe: z
    .string()
    .regex(/^[aoh]:[^:\s]+:[^:\s]+$/, 'a component match key, part:vendor:product')
    .describe("NVD's part:vendor:product"),
  versionPattern: z
    .string()
    .refine((p) => {
      try {
        return new RegExp(p).source.includes('(?<version>');
      } catch {
        return false;
      }
    }, 'a regular expression with a named group version (and optionally update)')
    .optional(),
  assetType: z.enum(ASSET_TYPES).describe('the kind of device the product runs on'),
});
export type BannerProduct = z.infer<typeof BannerProduct>;

export const BannerProductTable = z.object({
  description: z.string().min(1),
  sources: z.array(z.url({ protocol: /^https$/ })).min(1),
  products: z
    .array(BannerProduct)
    .min(1)
    .refine(
      (rules) => {
        const pairs = rules.flatMap((r) => r.vendors.flatMap((v) => r.products.map((p) => `${v}\u0000${p}`)));
        return new Set(pairs).size === pairs.length;
      },
      { message: 'each vendor and product pair appears in one rule' },
    ),
});

export const BANNER_PRODUCTS: readonly BannerProduct[] = BannerProductTable.parse(data).products;

/** A banner as an external observation gives it. */
export interface Banner {
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
}

/** The table's rule for the banner's vendor and product, or null when it has none. */
export function bannerRule(
  banner: Pick<Banner, 'vendor' | 'product'>,
  table: readonly BannerProduct[] = BANNER_PRODUCTS,
): BannerProduct | null {
  if (!banner.product?.trim()) return null;
  const product = bannerName(banner.product);
  const vendor = banner.vendor?.trim() ? bannerName(banner.vendor) : null;
  const candidates = table.filter((r) => r.products.includes(product));
  if (vendor !== null) return candidates.find((r) => r.vendors.includes(vendor)) ?? null;
  return candidates.length === 1 ? (candidates[0] as BannerProduct) : null;
}

/** Version and update of a banner version by the rule's pattern; as given (trimmed) when it has none or it does not match. */
function splitVersion(rule: BannerProduct, version: string): { version: string; update: string } {
  const match = rule.versionPattern ? new RegExp(rule.versionPattern, 'i').exec(version) : null;
  if (!match?.groups?.version) return { version, update: CPE_ANY };
  return { version: match.groups.version, update: match.groups.update?.toLowerCase() || CPE_ANY };
}

/** What matching is given for a banner, and the kind of device it is on. */
export interface BannerComponent {
  component: RawComponent;
  /** The rule's asset type when the table knows the product, else null. */
  assetType: AssetType | null;
}

/**
 * The installed component a banner names, or null when it names no product: its own CPE when it
 * has one, else the table's CPE with the banner's version, else its vendor/product/version.
 */
export function bannerComponent(banner: Banner, line = 0): BannerComponent | null {
  const version = banner.version?.trim() || null;
  if (banner.cpe?.trim())
    return {
      component: { vendor: null, product: null, version, cpe: banner.cpe.trim(), purl: null, line },
      assetType: null,
    };
  if (!banner.product?.trim()) return null;
  const rule = bannerRule(banner);
  if (!rule)
    return {
      component: { vendor: banner.vendor, product: banner.product, version, cpe: null, purl: null, line },
      assetType: null,
    };
  const [part, vendor, product] = rule.cpe.split(':') as ['a' | 'o' | 'h', string, string];
  const split = version ? splitVersion(rule, version) : { version: CPE_ANY, update: CPE_ANY };
  const cpe = formatCpe({
    part,
    vendor,
    product,
    version: split.version,
    update: split.update,
    edition: CPE_ANY,
    language: CPE_ANY,
    swEdition: CPE_ANY,
    targetSw: CPE_ANY,
    targetHw: CPE_ANY,
    other: CPE_ANY,
  });
  return {
    component: { vendor: null, product: null, version: null, cpe, purl: null, line },
    assetType: rule.assetType,
  };
}
