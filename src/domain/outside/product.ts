/**
 * The products register's vocabulary: a product is keyed by the component match key Ward stores
 * for a component (CPE `part:vendor:product`, or purl `pkg:type/namespace/name`), and holds
 * assurance statuses, each for a use (`any`, `clinical`, `patient-data`, …):
 * - `approved`: may be used for that use;
 * - `certified`: certified against a named standard (date, certificate reference, expiry);
 * - `not-approved`: must not be used for that use;
 * - `end-of-life`: no more security updates after the date (with the source that says so).
 */
import { cpeKey } from '../cpe/cpe-key.js';
import { parseCpe } from '../cpe/cpe-name.parser.js';
import { parsePurl } from '../purl/package-url.parser.js';

export const PRODUCT_STATUSES = ['approved', 'certified', 'not-approved', 'end-of-life'] as const;
export type ProductStatusKind = (typeof PRODUCT_STATUSES)[number];

export function isProductStatus(value: string): value is ProductStatusKind {
  return (PRODUCT_STATUSES as readonly string[]).includes(value);
}

/** Categories people look products up by (others are allowed, in the same lower-case-with-hyphens form). */
export const PRODUCT_CATEGORIES = [
  'operating-system',
  'messaging',
  'video-conferencing',
  'remote-access',
  'clinical-system',
  'browser',
  'office',
  'medical-device',
  'other',
] as const;

/** Uses a status applies to; `any` is every use. */
export const PRODUCT_USES = ['any', 'clinical', 'patient-data'] as const;

/** A category or a use: lower case, words joined by hyphens. */
export const TERM = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Uses whose `not-approved` status applies to clinical devices (medical devices, high or life-critical systems, clinical zones). */
export const CLINICAL_USES: readonly string[] = ['clinical', 'patient-data'];

/** One assurance status of a product for a use. */
export interface ProductStatus {
  status: ProductStatusKind;
  use: string;
  standard: string | null;
  certificateRef: string | null;
  certifiedOn: string | null;
  expiresOn: string | null;
  endOfLife: string | null;
  source: string | null;
}

/** A product and its statuses, as the register shows it. */
export interface ProductEntry {
  key: string;
  name: string;
  vendor: string;
  category: string;
  notes: string;
  statuses: ProductStatus[];
}

const CPE_KEY = /^[aoh]:[^:\s]+:[^:\s]+$/;

/**
 * The match key of a product as written in a register: a key as Ward stores it
 * (`a:vendor:product`), a full CPE 2.3 name (its part, vendor and product), or a package URL (its
 * type, namespace and name; version and qualifiers dropped). A reason when it is none of these.
 */
export function productKey(input: string): { key: string } | { reason: string } {
  const text = input.trim();
  if (text === '') return { reason: 'key is empty' };
  if (CPE_KEY.test(text)) return { key: text.toLowerCase() };
  try {
    if (/^cpe:2\.3:/i.test(text)) return { key: cpeKey(parseCpe(text)) };
    if (/^pkg:/i.test(text)) return { key: parsePurl(text).key };
  } catch (error) {
    return { reason: `key "${text.slice(0, 80)}": ${(error as Error).message}` };
  }
  return {
    reason: `key "${text.slice(0, 80)}" is not a match key (part:vendor:product, e.g. a:whatsapp:whatsapp), a CPE 2.3 name or a package URL`,
  };
}

/** YYYY-MM-DD and a real day. */
export function isIsoDay(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value
  );
}

/** The day of `now` (UTC) as the register's dates are written. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
