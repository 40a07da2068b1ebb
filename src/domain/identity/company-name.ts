/**
 * Company names as advisories and inventories write them, reduced to what identifies the company:
 * `Smiths Medical ASD, Inc.`, `Smiths Medical` and `smiths_medical` are all `smiths`; `GE Healthcare`
 * and `General Electric (GE)` share `ge`; `Becton, Dickinson and Company (BD)` is also `bd`.
 * Legal forms, punctuation and words that name a line of business rather than the company
 * (`Medical`, `Healthcare`, `Healthineers`, `Systems`, `International`, `ASD` …) are dropped. What
 * is left must be equal: `Smiths Detection` is not `Smiths Medical`.
 */
import { vendorSpellings } from '../rules/csaf-product-key.js';

/** Words that say what a company does or where, not which company it is. */
const GENERIC = new Set([
  'medical',
  'medizintechnik',
  'healthcare',
  'health',
  'healthineers',
  'systems',
  'system',
  'solutions',
  'technologies',
  'technology',
  'international',
  'intl',
  'group',
  'holdings',
  'holding',
  'asd',
  'usa',
  'us',
  'uk',
  'north',
  'america',
  'americas',
  'the',
  'and',
  'of',
  'company',
  'corporation',
  'corp',
  'incorporated',
  'inc',
  'ltd',
  'limited',
  'llc',
  'gmbh',
  'ag',
  'co',
  'plc',
  'sa',
  'nv',
  'bv',
  'oy',
  'ab',
  'spa',
  'se',
  'kg',
]);

/** Lower-case alphanumeric words of a name (`Alaris 8015 PC unit` → alaris, 8015, pc, unit). */
export function words(name: string): string[] {
  return name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** One spelling reduced to its identifying words, joined by spaces; the words as written when all are generic. */
export function companyCore(name: string): string {
  const all = words(name);
  const core = all.filter((w) => !GENERIC.has(w));
  return (core.length > 0 ? core : all).join(' ');
}

/** Every reduced form of a vendor name: one per plausible spelling (see `vendorSpellings`). */
export function companyForms(vendor: string): string[] {
  return [
    ...new Set(
      vendorSpellings(vendor)
        .map(companyCore)
        .filter((f) => f !== ''),
    ),
  ];
}

/** The shared reduced form when the two vendors are the same company, else null. */
export function sameVendor(inventoryVendor: string, advisoryVendor: string): string | null {
  const advisory = companyForms(advisoryVendor);
  for (const form of companyForms(inventoryVendor)) {
    if (advisory.includes(form)) return form;
  }
  return null;
}
