/**
 * Match keys for CPE-identified components: `part:vendor:product`, lower-cased, each value in its
 * formatted-string escaping (`a:siemens:logo\!_soft_comfort`), so a colon inside a product name
 * (`dna_spaces\:_connector`) can never be mistaken for a separator. NVD criteria and inventory
 * triples normalise to the same keys.
 */

import type { InstalledComponent } from '../rules/installed-component.js';
import { CPE_ATTRIBUTES, type CpeAttributes } from '../rules/match-rule.js';
import { CpeParseError } from './cpe-name.error.js';
import { escapeCpeValue } from './cpe-name.formatter.js';
import { CPE_ANY, CPE_NA, type CpeName } from './cpe-name.js';
import { parseCpe, unescapeCpeValue } from './cpe-name.parser.js';

/**
 * The attributes a CPE name sets besides vendor, product, version and update (neither ANY),
 * lower-case; undefined when it sets none.
 */
export function cpeAttributes(name: CpeName): CpeAttributes | undefined {
  const attributes: CpeAttributes = {};
  for (const attribute of CPE_ATTRIBUTES) {
    const value = name[attribute];
    if (value !== CPE_ANY) attributes[attribute] = value.toLowerCase();
  }
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}

/**
 * Stored form of {@link cpeAttributes}: `edition:sw_edition:target_sw:target_hw:other`, each value
 * or `*`; '' when all are unknown.
 */
export function formatCpeAttributes(attributes: CpeAttributes | undefined): string {
  const values = CPE_ATTRIBUTES.map((a) => attributes?.[a] ?? CPE_ANY);
  return values.every((v) => v === CPE_ANY) ? '' : values.map(escapeCpeValue).join(':');
}

/** The inverse of {@link formatCpeAttributes}. */
export function parseCpeAttributes(stored: string): CpeAttributes {
  if (stored === '') return {};
  const values = stored.split(/(?<!\\):/);
  const attributes: CpeAttributes = {};
  CPE_ATTRIBUTES.forEach((a, i) => {
    const value = values[i];
    if (value !== undefined && value !== CPE_ANY) attributes[a] = unescapeCpeValue(value);
  });
  return attributes;
}

/** The match key of a CPE name: `part:vendor:product`, lower-cased. */
export function cpeKey(name: Pick<CpeName, 'part' | 'vendor' | 'product'>): string {
  return [name.part, name.vendor, name.product].map(escapeCpeValue).join(':').toLowerCase();
}

/** A vendor/product/version triple as inventories give it (`Apache Software Foundation`, `Log4j`, `2.14.1`). */
export interface CpeTriple {
  vendor: string;
  product: string;
  version?: string | null;
  /** CPE update (`sp1`); absent or empty means unknown. */
  update?: string | null;
  /** `a` unless told. */
  part?: 'a' | 'o' | 'h';
}

function normaliseName(value: string, field: string, input: string): string {
  const normalised = value.trim().toLowerCase().replace(/\s+/g, '_');
  if (normalised === '' || normalised === CPE_ANY || normalised === CPE_NA) {
    throw new CpeParseError(input, `${field} must be a name, got ${JSON.stringify(value)}`);
  }
  return normalised;
}

function optional(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' || trimmed === CPE_ANY ? null : trimmed;
}

/** The match key of a plain triple: trimmed, lower-cased, whitespace runs to `_`; part `a` unless told. */
export function cpeKeyFromTriple(triple: CpeTriple): string {
  const input = `${triple.vendor},${triple.product}`;
  return cpeKey({
    part: triple.part ?? 'a',
    vendor: normaliseName(triple.vendor, 'vendor', input),
    product: normaliseName(triple.product, 'product', input),
  });
}

/** An installed component from a plain triple; version and update are unknown (null) when blank or `*`. */
export function componentFromTriple(triple: CpeTriple): InstalledComponent {
  return {
    key: cpeKeyFromTriple(triple),
    version: optional(triple.version),
    update: optional(triple.update)?.toLowerCase() ?? null,
    scheme: 'generic',
  };
}

/**
 * An installed component from a CPE name or formatted string: its key, the version (`*` → unknown,
 * `-` kept) and the update (`*` → unknown, `-` kept, lower-cased).
 */
export function componentFromCpe(cpe: CpeName | string): InstalledComponent {
  const name = typeof cpe === 'string' ? parseCpe(cpe) : cpe;
  return {
    key: cpeKey(name),
    version: name.version === CPE_ANY ? null : name.version,
    update: name.update === CPE_ANY ? null : name.update.toLowerCase(),
    scheme: 'generic',
    attributes: cpeAttributes(name),
  };
}
