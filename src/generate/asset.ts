/**
 * A device in an organisation's inventory, with the values each column may take.
 */
import {
  ASSET_TYPES,
  type AssetType,
  CLINICAL_CRITICALITIES,
  type ClinicalCriticality,
} from '../domain/inventory/asset.js';
import type { Component } from './component.model.js';

export { ASSET_TYPES, type AssetType };

/**
 * Network zones: `corporate` (office LAN and Wi-Fi), `clinical` (ward and clinic LAN), `medical`
 * (segregated medical-device VLANs), `server` (data centre), `dmz` (internet edge), `guest`
 * (public and BYOD Wi-Fi).
 */
export const NETWORK_ZONES = ['corporate', 'clinical', 'medical', 'server', 'dmz', 'guest'] as const;
export type NetworkZone = (typeof NETWORK_ZONES)[number];

/** How much patient care depends on the asset. */
export { CLINICAL_CRITICALITIES, type ClinicalCriticality };

/** One device with everything installed on it. */
export interface InventoryAsset {
  /** Unique within the organisation: `<ORG>-<sequence>`, e.g. `RTG-000123`. */
  readonly assetId: string;
  readonly hostname: string;
  readonly assetType: AssetType;
  readonly manufacturer: string;
  readonly model: string;
  /** Human-readable operating system or firmware, e.g. `Windows 10 Enterprise 22H2`. */
  readonly os: string;
  readonly ip: string;
  readonly networkZone: NetworkZone;
  readonly internetFacing: boolean;
  readonly clinicalCriticality: ClinicalCriticality;
  /** Installed components, operating system first; shared objects, never mutate. */
  readonly components: readonly Component[];
}
