/**
 * The match criteria of one CSAF product: which keys it can be installed under and which of its
 * versions the advisory names.
 *
 * Keys, first that applies: the product identification helper's `cpe` (CPE 2.3 formatted string or
 * 2.2 URI) → its CPE key, version and update; else its `purl` → the purl key and the ecosystem's
 * version scheme; else the vendor and product names of the branch path → CPE-style triple keys
 * `a:<vendor>:<product>`, normalised exactly as inventories' vendor/product columns are
 * (`cpeKeyFromTriple`: lower case, spaces to `_`), so a component spelled the same way matches.
 *
 * ICS advisories carry no CPE or purl (none of CISA's 165 medical/HPH advisories does) and spell
 * vendors their own way, which inventories do not copy: `Becton, Dickinson and Company (BD)`,
 * `General Electric (GE)`, `Medtronic ` (trailing space), `Hillrom and ELI, Baxter International Inc.`,
 * product names that repeat the vendor (`BD Alaris Guardrails Editor`, `Philips Vue PACS`). So a
 * triple product gets one key per plausible spelling: the vendor as written, its abbreviation in
 * parentheses (`BD`, `GE`), the name without legal form (`Natus Medical`, `Hamilton Medical`), and for
 * a list of companies each company; times the product as written and without a leading vendor name.
 * A component has one key, so the spellings never double a match; they only widen what is found.
 * Spellings beyond these (`Becton Dickinson`, `GE HealthCare`, the typo `Phillips`) are not guessed:
 * that is a vendor alias table's job, applied to inventories and rules alike.
 */

import { cpeKey, cpeKeyFromTriple } from '../cpe/cpe-key.js';
import { CpeParseError, quoteInput } from '../cpe/cpe-name.error.js';
import { CPE_ANY, CPE_NA, type CpeName } from '../cpe/cpe-name.js';
import { parseCpe } from '../cpe/cpe-name.parser.js';
import { PurlParseError, parsePurl } from '../purl/package-url.parser.js';
import type { CsafRuleProduct } from './csaf-document.js';
import { parseCsafVersion } from './csaf-version-text.js';
import type { MatchCriterion, VersionScheme } from './match-rule.js';
import { ANY_VERSION, type VersionInterval } from './vers-range.js';

/** One key a product can be installed under, with what a criterion on it needs besides the version. */
export interface CsafProductKey {
  key: string;
  scheme: VersionScheme;
  /** CPE update (`sp1`), lower-cased; null when any. */
  update: string | null;
  /** The identification as the advisory wrote it: the CPE, the purl, or `<product id>: <name>`. */
  raw: string;
}

/** What the advisory says is installable for one product: keys times intervals. */
export interface CsafProductCriteria {
  /** Empty when the product cannot be identified (no CPE, purl, nor vendor and product names). */
  keys: CsafProductKey[];
  /** Never empty: any version when the advisory names none or it could not be read. */
  intervals: VersionInterval[];
  /** What could not be read exactly, each saying what was done instead. */
  issues: string[];
}

const LEGAL_FORM =
  /(?:,?\s+|^)(?:inc|incorporated|llc|l\.l\.c|ltd|limited|co|corp|corporation|company|ag|gmbh|oy|sa|s\.a|nv|n\.v|bv|b\.v|plc|kg|se|ab|spa|s\.p\.a|pty)\.?$/i;

function clean(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** A company name without its legal form: `Natus Medical, Inc.` → `Natus Medical`, `SOOIL Developments Co, Ltd.` → `SOOIL Developments`. */
export function withoutLegalForm(name: string): string {
  let current = clean(name);
  for (;;) {
    const next = current
      .replace(LEGAL_FORM, '')
      .replace(/(?:,|\s+(?:and|&))$/i, '')
      .trim();
    if (next === current) return current;
    current = next;
  }
}

function unique(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const id = name.toLowerCase();
    if (name === '' || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Plausible spellings of a CSAF vendor name, the advisory's own first: `Becton, Dickinson and Company
 * (BD)` → itself, `BD`, `Becton, Dickinson`; `Siemens Healthineers, Siemens` → itself, `Siemens
 * Healthineers`, `Siemens`. A name with an abbreviation in parentheses is one company, never split.
 */
export function vendorSpellings(vendor: string): string[] {
  const written = clean(vendor);
  const abbreviation = /^(.*\S)\s*\(([^()]+)\)$/.exec(written);
  const base = abbreviation ? abbreviation[1]! : written;
  const companies = abbreviation ? [] : base.split(/\s*,\s*(?:and\s+)?|\s+and\s+/i).map(withoutLegalForm);
  return unique([
    written,
    ...(abbreviation ? [clean(abbreviation[2]!)] : []),
    withoutLegalForm(base),
    ...companies,
  ]);
}

/** The product as written and, when it starts with one of the vendor's spellings, without it. */
export function productSpellings(product: string, vendors: readonly string[]): string[] {
  const written = clean(product);
  const shortened = vendors.flatMap((vendor) => {
    const prefix = `${vendor.toLowerCase()} `;
    return written.toLowerCase().startsWith(prefix) ? [written.slice(prefix.length).trim()] : [];
  });
  return unique([written, ...shortened]);
}

/** The CPE attributes a criterion uses. */
type CpeIdentity = Pick<CpeName, 'part' | 'vendor' | 'product' | 'version' | 'update'>;

/** A CPE 2.2 URI (`cpe:/a:vendor:product:1.0`); empty or missing components are ANY. */
function parseCpeUri(input: string): CpeIdentity {
  const parts = input.slice('cpe:/'.length).split(':');
  if (parts.length > 7) throw new CpeParseError(input, 'a CPE 2.2 URI has at most 7 components');
  const [part = '', vendor = '', product = '', version = '', update = ''] = parts.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      throw new CpeParseError(input, `bad percent-encoding in ${JSON.stringify(p)}`);
    }
  });
  const lower = part.toLowerCase();
  if (lower !== 'a' && lower !== 'o' && lower !== 'h') {
    throw new CpeParseError(input, `part must be "a", "o" or "h", got ${JSON.stringify(part)}`);
  }
  if (vendor === '' || product === '') throw new CpeParseError(input, 'vendor and product are required');
  const any = (v: string): string => (v === '' ? CPE_ANY : v);
  return { part: lower, vendor, product, version: any(version), update: any(update) };
}

function readCpe(input: string): CpeIdentity {
  return input.toLowerCase().startsWith('cpe:/') ? parseCpeUri(input) : parseCpe(input);
}

function fromCpe(
  product: CsafRuleProduct,
  issues: string[],
): { key: CsafProductKey; version: string | null } | null {
  if (!product.cpe) return null;
  try {
    const cpe = readCpe(product.cpe);
    const update = cpe.update === CPE_ANY ? null : cpe.update === CPE_NA ? CPE_NA : cpe.update.toLowerCase();
    return {
      key: { key: cpeKey(cpe), scheme: 'generic', update, raw: product.cpe },
      version: cpe.version === CPE_ANY ? null : cpe.version,
    };
  } catch (error) {
    if (!(error instanceof CpeParseError)) throw error;
    issues.push(`${error.message}; CPE not used`);
    return null;
  }
}

function fromPurl(
  product: CsafRuleProduct,
  issues: string[],
): { key: CsafProductKey; version: string | null } | null {
  if (!product.purl) return null;
  try {
    const purl = parsePurl(product.purl);
    return {
      key: { key: purl.key, scheme: purl.scheme, update: null, raw: product.purl },
      version: purl.version,
    };
  } catch (error) {
    if (!(error instanceof PurlParseError)) throw error;
    issues.push(`${error.message}; purl not used`);
    return null;
  }
}

/** The triple keys of every vendor and product spelling (see the module comment). */
export function tripleKeys(product: CsafRuleProduct): CsafProductKey[] {
  const name = product.product ?? product.family;
  if (!product.vendor || !name) return [];
  const vendors = vendorSpellings(product.vendor);
  const raw = `${product.productId}: ${product.name}`;
  const keys: CsafProductKey[] = [];
  for (const vendor of vendors) {
    for (const productName of productSpellings(name, vendors)) {
      try {
        keys.push({
          key: cpeKeyFromTriple({ vendor, product: productName }),
          scheme: 'generic',
          update: null,
          raw,
        });
      } catch (error) {
        if (!(error instanceof CpeParseError)) throw error;
      }
    }
  }
  return keys.filter((k, i) => keys.findIndex((other) => other.key === k.key) === i);
}

/** The keys and named versions of a product (see the module comment). Never throws on bad input. */
export function csafProductCriteria(product: CsafRuleProduct): CsafProductCriteria {
  const issues: string[] = [];
  const identified = fromCpe(product, issues) ?? fromPurl(product, issues);
  const keys = identified ? [identified.key] : tripleKeys(product);
  if (keys.length === 0) {
    issues.push(
      `product ${quoteInput(product.name)} has no CPE, no purl and no vendor and product names: it cannot be matched`,
    );
    return { keys, intervals: [{ ...ANY_VERSION }], issues };
  }
  if (identified?.version) {
    return { keys, intervals: [{ exact: identified.version, start: null, end: null }], issues };
  }
  const text = product.version ?? product.versionRange;
  if (text === null) return { keys, intervals: [{ ...ANY_VERSION }], issues };
  const versions = parseCsafVersion(text, keys[0]!.scheme);
  return { keys, intervals: versions.intervals, issues: [...issues, ...versions.issues] };
}

/** Every key the product could be known by (CPE, purl and triple spellings), to recognise one product listed twice. */
export function csafProductIdentity(product: CsafRuleProduct): Set<string> {
  const ignored: string[] = [];
  return new Set(
    [fromCpe(product, ignored)?.key, fromPurl(product, ignored)?.key, ...tripleKeys(product)].flatMap((k) =>
      k ? [k.key] : [],
    ),
  );
}

/** The criteria of keys × intervals, in key order. */
export function criteriaOf(
  keys: readonly CsafProductKey[],
  intervals: readonly VersionInterval[],
): MatchCriterion[] {
  return keys.flatMap((k) =>
    intervals.map((interval) => ({
      key: k.key,
      scheme: k.scheme,
      exact: interval.exact,
      start: interval.start,
      end: interval.end,
      update: k.update,
      raw: k.raw,
    })),
  );
}
