/**
 * The deterministic demo-federation generator: organisations shaped like the English NHS and
 * realistic device inventories for them, streamed so that national scale (21,000 organisations,
 * 2 million devices, ~200 million component rows) runs in flat memory. Pure code except
 * `writeFederation`, which writes the CSV files.
 */
export type { AssetType, ClinicalCriticality, InventoryAsset, NetworkZone } from './asset.js';
export { ASSET_TYPES, CLINICAL_CRITICALITIES, NETWORK_ZONES } from './asset.js';
export type { Component } from './component.model.js';
export { csvField, csvRecord } from './csv-field.js';
export {
  DEFAULT_COMPONENTS_PER_DEVICE,
  DEFAULT_SEED,
  Federation,
  type FederationParams,
  generateOrganisations,
  planFederation,
} from './federation.plan.js';
export {
  ORGS_CSV_HEADER,
  organisationsCsvChunks,
  type WriteFederationOptions,
  type WriteFederationResult,
  writeFederation,
} from './federation.writer.js';
export {
  assetCsvPrefix,
  assetCsvRows,
  INVENTORY_CSV_COLUMNS,
  INVENTORY_CSV_HEADER,
  inventoryCsvChunks,
  inventoryCsvRows,
  inventoryRecord,
} from './inventory.csv.js';
export { generateInventory } from './inventory.generator.js';
export { MIN_ORGANISATIONS } from './organisation.generator.js';
export type { Organisation, OrganisationKind } from './organisation.js';
export { ORGANISATION_KINDS } from './organisation.js';
