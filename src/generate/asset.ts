/**
 * A device in an organisation's inventory, with the values each column may take.
 */
import {
  ASSET_TYPES,
  type AssetRecord,
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

/** Every field of `T` given (no null): the generator always knows what it generated. */
type Given<T> = { readonly [K in keyof T]-?: NonNullable<T[K]> };

/**
 * One device with everything installed on it: the domain's {@link AssetRecord}, every field given,
 * its key under the inventory CSV's name and its zone one of {@link NETWORK_ZONES}.
 */
export interface InventoryAsset extends Given<Omit<AssetRecord, 'assetKey' | 'networkZone'>> {
  /** The record's `assetKey`, unique within the organisation: `<ORG>-<sequence>`, e.g. `RTG-000123`. */
  readonly assetId: string;
  readonly networkZone: NetworkZone;
  /** Installed components, operating system first; shared objects, never mutate. */
  readonly components: readonly Component[];
}
