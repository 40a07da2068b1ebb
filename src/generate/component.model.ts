/**
 * An installed component as it appears in an inventory row: vendor, product, version and the
 * identifier an importer matches on (a CPE 2.3 name, else a purl, else vendor/product/version).
 * Components are immutable and shared by every asset that has them, so a loader can deduplicate
 * them by object identity or by `identity`.
 */
import { csvRecord } from './csv-field.js';

export interface Component {
  /** NVD-style vendor (`microsoft`), the purl namespace (`org.apache.logging.log4j`), or a plain vendor. */
  readonly vendor: string;
  /** NVD-style product (`windows_7`), the purl name (`log4j-core`), or a plain product. */
  readonly product: string;
  /** The version as an inventory tool reports it (`1.0.1f`, `10.0.19045.3803`, `6.1.7601`). */
  readonly version: string;
  /** CPE 2.3 formatted string, or empty. */
  readonly cpe: string;
  /** Package URL, or empty. */
  readonly purl: string;
  /** What identifies the component: the CPE, else the purl, else `vendor|product|version`. */
  readonly identity: string;
  /** The five component columns rendered as CSV, followed by a newline (pre-rendered for speed). */
  readonly csvTail: string;
}

export interface ComponentInit {
  vendor: string;
  product: string;
  version: string;
  cpe?: string;
  purl?: string;
}

/** Builds a frozen component with its identity and pre-rendered CSV columns. */
export function makeComponent(init: ComponentInit): Component {
  const cpe = init.cpe ?? '';
  const purl = init.purl ?? '';
  const identity = cpe || purl || `${init.vendor}|${init.product}|${init.version}`;
  return Object.freeze({
    vendor: init.vendor,
    product: init.product,
    version: init.version,
    cpe,
    purl,
    identity,
    csvTail: `${csvRecord([init.vendor, init.product, init.version, cpe, purl])}\n`,
  });
}
