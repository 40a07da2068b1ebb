/** The components of one asset being imported, each listed once. */
import type { RawComponent } from '../domain/inventory/asset.js';

/** Same identity as the CSV importer's duplicate check: cpe, purl, vendor, product and version as given. */
function identity(c: RawComponent): string {
  return [c.cpe, c.purl, c.vendor, c.product, c.version].map((v) => v ?? '').join('\u0000');
}

export class RawComponentSet {
  readonly list: RawComponent[] = [];
  readonly #seen = new Set<string>();

  /** Adds the component; false when the asset already lists it. */
  add(component: RawComponent): boolean {
    const key = identity(component);
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    this.list.push(component);
    return true;
  }
}
