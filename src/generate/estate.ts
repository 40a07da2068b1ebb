/**
 * An organisation's estate as the generator sees it: weighted templates (a golden image with the
 * hardware, network zones and criticality of the devices built from it), the host-name prefixes
 * (site codes for trusts) and how much devices drift from their images.
 */
import type { AssetType, ClinicalCriticality, NetworkZone } from './asset.js';
import type { DriftRates, GoldenImage } from './golden-image.js';
import type { WeightedTable } from './weighted-table.js';

export interface Template {
  readonly assetType: AssetType;
  readonly image: GoldenImage;
  /** Manufacturer and model pairs devices are drawn from. */
  readonly hardware: readonly (readonly [string, string])[];
  readonly zones: WeightedTable<NetworkZone>;
  /** Probability that a device is exposed to the internet (it then sits in the DMZ). */
  readonly internetFacing: number;
  readonly criticality: WeightedTable<ClinicalCriticality>;
  /** Linux and ESXi hosts get lower-case host names, Windows and appliances upper-case. */
  readonly lowerCaseHost: boolean;
}

export interface Estate {
  readonly templates: WeightedTable<Template>;
  /** Host names start with one of these (a trust's site codes, else the organisation code). */
  readonly hostPrefixes: readonly string[];
  readonly rates: DriftRates;
}

/** Host-name infix for each asset type, e.g. `RTG01WS000123`. */
export const HOST_TAGS: Record<AssetType, string> = {
  workstation: 'WS',
  laptop: 'LT',
  server: 'SV',
  virtual: 'VM',
  network: 'NW',
  iot: 'IO',
  mobile: 'MB',
  medical_device: 'MD',
};
