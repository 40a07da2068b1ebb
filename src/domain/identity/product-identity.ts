/**
 * Product identity resolution, the pure part: is an inventory product (a vendor/product key, as a
 * medical-device register or CMMS export names it: `Smiths Medical`, `Medfusion 4000`) the product
 * an advisory names in its own words (`Smiths Medical` / `Medfusion 4000 Wireless Syringe Infusion
 * Pump`)? Proposed when the vendors are the same company after normalising their names, and every
 * model word of the inventory's product appears in the advisory's product name — at least one of
 * them distinctive (a model number or a name, not `pump` or `monitor`). Whether the installed
 * version is one the advisory names is decided by the caller against the advisory's rules.
 * A proposal is only that: an analyst confirms or rejects it.
 */
import { sameVendor, words } from './company-name.js';

/** A product as an inventory names it (from its vendor/product key). */
/** Where a proposal stands: `proposed` (shown as possible, never a finding), `confirmed` or `rejected`. */
export const ALIAS_STATUSES = ['proposed', 'confirmed', 'rejected'] as const;
export type AliasStatus = (typeof ALIAS_STATUSES)[number];

/** How surely an installed version is named: `match` (in the advisory's list) or `assumed` (no version given). */
export const VERSION_VERDICTS = ['match', 'assumed'] as const;
export type VersionVerdict = (typeof VERSION_VERDICTS)[number];

export interface InventoryProductName {
  vendor: string;
  product: string;
}

/** A product as an advisory names it. */
export interface AdvisoryProductName {
  vendor: string;
  product: string;
}

/** Why Ward thinks the two are the same product. */
export interface IdentityEvidence {
  vendor: { inventory: string; advisory: string; sharedName: string };
  /** The inventory's model words, each found in the advisory's product name. */
  tokens: string[];
  /** The advisory's product name. */
  advisoryProduct: string;
}

/** Words that say what kind of device it is, never which model. */
const DEVICE_WORDS = new Set([
  'pump',
  'pumps',
  'infusion',
  'syringe',
  'wireless',
  'monitor',
  'monitoring',
  'patient',
  'system',
  'systems',
  'software',
  'station',
  'workstation',
  'server',
  'module',
  'unit',
  'device',
  'devices',
  'controller',
  'programmer',
  'app',
  'application',
  'gateway',
  'card',
  'series',
  'version',
  'model',
  'pc',
  'the',
  'and',
  'with',
  'for',
]);

function distinctive(word: string): boolean {
  return /\d/.test(word) || (word.length >= 3 && !DEVICE_WORDS.has(word));
}

/**
 * Splits a vendor/product match key (`a:smiths_medical:medfusion_4000`) into the names an inventory
 * gave (`smiths medical`, `medfusion 4000`); null for keys that are not `part:vendor:product`.
 */
export function namesOfKey(key: string): InventoryProductName | null {
  const parts = key.split(/(?<!\\):/);
  if (parts.length !== 3) return null;
  const plain = (v: string) => v.replace(/\\(.)/g, '$1').replace(/_/g, ' ');
  return { vendor: plain(parts[1] as string), product: plain(parts[2] as string) };
}

/** The evidence that the two name the same product, or null when they do not. */
export function identityEvidence(
  inventory: InventoryProductName,
  advisory: AdvisoryProductName,
): IdentityEvidence | null {
  const sharedName = sameVendor(inventory.vendor, advisory.vendor);
  if (sharedName === null) return null;
  const vendorWords = new Set([...words(inventory.vendor), ...words(sharedName)]);
  const model = [...new Set(words(inventory.product).filter((w) => !vendorWords.has(w)))];
  if (model.length === 0 || !model.some(distinctive)) return null;
  const named = new Set(words(advisory.product));
  if (!model.every((w) => named.has(w))) return null;
  return {
    vendor: { inventory: inventory.vendor, advisory: advisory.vendor, sharedName },
    tokens: model,
    advisoryProduct: advisory.product,
  };
}
