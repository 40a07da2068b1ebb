/**
 * External assets, the pure part: the open observations of one organisation that name a product
 * become one asset per observed address — internet-facing, its hostname from the latest
 * observation that gives one, its components from the banners (see `banner-products`), normalised
 * exactly as an inventory's — so the exposure engine decides their findings as it does an
 * inventory's.
 */
import type { AssetRecord, AssetType, NormalisedComponent } from '../inventory/asset.js';
import { componentIdentity, normaliseComponent } from '../inventory/normalise-component.js';
import { type Banner, bannerComponent } from './banner-products.js';

/** An open observation naming a product, as the sync reads it. */
export interface BannerObservation extends Banner {
  address: string;
  port: number;
  hostname: string | null;
  lastSeen: Date;
}

/** An organisation's external asset: the record and its distinct components. */
export interface ExternalAsset {
  record: AssetRecord;
  components: NormalisedComponent[];
}

/** The zone Ward records for assets seen from the internet. */
export const INTERNET_ZONE = 'internet';

type Normalised = { component: NormalisedComponent; assetType: AssetType | null } | null;

/**
 * Banners already normalised, by vendor, product, version and CPE: a national report repeats the
 * same few banners on thousands of addresses. Pass one to {@link externalAssets} calls that belong together.
 */
export type BannerCache = Map<string, Normalised>;

/** {@link normalised}, each distinct banner once per cache. */
function normalisedOnce(observation: BannerObservation, cache: BannerCache): Normalised {
  const key = JSON.stringify([observation.vendor, observation.product, observation.version, observation.cpe]);
  let named = cache.get(key);
  if (named === undefined) {
    named = normalised(observation);
    cache.set(key, named);
  }
  return named;
}

/** A normalised banner component, or null when its CPE cannot be read (then its vendor/product are tried). */
function normalised(observation: BannerObservation): Normalised {
  const attempts: Banner[] = [observation];
  if (observation.cpe) attempts.push({ ...observation, cpe: null });
  for (const banner of attempts) {
    const named = bannerComponent(banner);
    if (!named) continue;
    try {
      return { component: normaliseComponent(named.component), assetType: named.assetType };
    } catch {
      // An unreadable CPE or an empty name: try the banner's vendor and product, else skip it.
    }
  }
  return null;
}

/**
 * One organisation's external assets from its open observations naming a product, by address (in
 * address order); an address whose banners name nothing readable has no asset.
 */
export function externalAssets(
  observations: readonly BannerObservation[],
  cache: BannerCache = new Map(),
): ExternalAsset[] {
  const byAddress = new Map<string, BannerObservation[]>();
  for (const o of observations) byAddress.set(o.address, [...(byAddress.get(o.address) ?? []), o]);
  const assets: ExternalAsset[] = [];
  for (const [address, seen] of [...byAddress].sort(([a], [b]) => a.localeCompare(b))) {
    const components = new Map<string, NormalisedComponent>();
    let assetType: AssetType | null = null;
    for (const o of seen) {
      const named = normalisedOnce(o, cache);
      if (!named) continue;
      components.set(componentIdentity(named.component), named.component);
      if (named.assetType === 'network' || assetType === null) assetType = named.assetType ?? assetType;
    }
    if (components.size === 0) continue;
    const latest = seen
      .filter((o) => o.hostname)
      .sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime() || a.port - b.port)[0];
    assets.push({
      record: {
        assetKey: address,
        hostname: latest?.hostname ?? null,
        assetType: assetType ?? 'server',
        manufacturer: null,
        model: null,
        os: null,
        ip: address,
        networkZone: INTERNET_ZONE,
        internetFacing: true,
        clinicalCriticality: 'none',
      },
      components: [...components.values()].sort((a, b) =>
        componentIdentity(a).localeCompare(componentIdentity(b)),
      ),
    });
  }
  return assets;
}

/** A comparable fingerprint of external assets: what the sync would write for them. */
export function externalAssetsFingerprint(
  assets: readonly {
    assetKey: string;
    hostname: string | null;
    assetType: string;
    identities: readonly string[];
  }[],
): string {
  return JSON.stringify(
    [...assets]
      .map((a) => [a.assetKey, a.hostname, a.assetType, [...a.identities].sort()])
      .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
  );
}
