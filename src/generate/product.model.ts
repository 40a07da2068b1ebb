/**
 * A catalogue product: one piece of software, firmware or hardware with an ordered list of
 * versions (oldest first). Its components are built on first use and then shared, so the number of
 * distinct components is bounded by the catalogues however many rows are generated.
 */
import { type Component, type ComponentInit, makeComponent } from './component.model.js';
import { formatCpe } from './cpe.format.js';
import type { Prng } from './prng.js';
import { formatPurl } from './purl.format.js';
import { expandVersions } from './version-pattern.js';

export class Product {
  private readonly built: (Component | undefined)[];

  constructor(
    /** Unique catalogue id, e.g. `a:google:chrome` or `pkg:maven/org.apache.logging.log4j/log4j-core`. */
    readonly id: string,
    /** Version tokens, oldest first; a CPE token may carry its update as `version|update`. */
    readonly versions: readonly string[],
    private readonly build: (token: string) => ComponentInit,
  ) {
    if (versions.length === 0) throw new Error(`product ${id} has no versions`);
    this.built = new Array(versions.length);
  }

  /** Number of versions. */
  get size(): number {
    return this.versions.length;
  }

  /** The component for the version at `index` (clamped into range). */
  at(index: number): Component {
    const i = Math.max(0, Math.min(this.versions.length - 1, index));
    let c = this.built[i];
    if (!c) {
      c = makeComponent(this.build(this.versions[i] as string));
      this.built[i] = c;
    }
    return c;
  }

  /** The newest version's component. */
  latest(): Component {
    return this.at(this.versions.length - 1);
  }

  /**
   * A version index for an estate `lag` behind the newest: 0 is fully patched, 1 is as old as the
   * list goes. The spread keeps estates of the same lag from all landing on the same version.
   */
  indexForLag(lag: number, rng: Prng): number {
    const back = Math.floor(lag * this.versions.length * (0.4 + 1.2 * rng.next()));
    return Math.max(0, this.versions.length - 1 - back);
  }

  /** The index `steps` away from `index` (negative is older), kept in range. */
  step(index: number, steps: number): number {
    return Math.max(0, Math.min(this.versions.length - 1, index + steps));
  }
}

export interface CpeProductSpec {
  part: 'a' | 'o' | 'h';
  vendor: string;
  product: string;
  /** Version patterns (see version-pattern.ts); `version|update` sets the CPE update field. */
  versions: readonly string[];
  swEdition?: string;
  targetSw?: string;
  targetHw?: string;
  /** The inventory's version column for a token; defaults to the version with any update appended. */
  display?: (version: string, update: string | undefined) => string;
}

function defaultDisplay(version: string, update: string | undefined): string {
  if (!update || update === '*' || update === '-') return version;
  return version === '-' ? update : `${version} ${update}`;
}

/** A product identified by CPE 2.3 names, spelled as NVD spells vendor and product. */
export function cpeProduct(spec: CpeProductSpec): Product {
  const display = spec.display ?? defaultDisplay;
  return new Product(
    `${spec.part}:${spec.vendor}:${spec.product}`,
    expandVersions(spec.versions),
    (token) => {
      const [version = '*', update] = token.split('|');
      return {
        vendor: spec.vendor,
        product: spec.product,
        version: display(version, update),
        cpe: formatCpe({
          part: spec.part,
          vendor: spec.vendor,
          product: spec.product,
          version,
          update: update ?? '*',
          swEdition: spec.swEdition,
          targetSw: spec.targetSw,
          targetHw: spec.targetHw,
        }),
      };
    },
  );
}

export interface PurlProductSpec {
  type: string;
  namespace: string;
  name: string;
  versions: readonly string[];
  qualifiers?: Readonly<Record<string, string>>;
}

/** A library identified by package URL (maven, npm, nuget, pypi, deb, rpm …). */
export function purlProduct(spec: PurlProductSpec): Product {
  const ns = spec.namespace ? `${spec.namespace}/` : '';
  return new Product(`pkg:${spec.type}/${ns}${spec.name}`, expandVersions(spec.versions), (version) => ({
    vendor: spec.namespace || spec.type,
    product: spec.name,
    version,
    purl: formatPurl(spec.type, spec.namespace, spec.name, version, spec.qualifiers),
  }));
}

/** Software an inventory knows only by vendor, product and version (no CPE or purl exists). */
export function plainProduct(vendor: string, product: string, versions: readonly string[]): Product {
  return new Product(`${vendor}|${product}`, expandVersions(versions), (version) => ({
    vendor,
    product,
    version,
  }));
}
