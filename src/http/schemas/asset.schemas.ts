/**
 * Assets as the API shows them — an asset, and an asset with what is installed on it — and the
 * presenters that shape the asset service's values into them.
 */
import { z } from 'zod';
import {
  ASSET_TYPES,
  type AssetDetail as AssetDetailValue,
  type Asset as AssetValue,
  CLINICAL_CRITICALITIES,
} from '../../domain/inventory/asset.js';
import { named } from './common.schemas.js';

export const Asset = named(
  z.object({
    id: z.number().int().describe('Ward id of the asset'),
    org: z.string().describe('ODS code of its organisation'),
    source: z.string().describe('inventory source it came from'),
    assetId: z.string().describe("the organisation's own asset id"),
    hostname: z.string().nullable().describe('host name (null: not given)'),
    type: z.enum(ASSET_TYPES).describe('kind of asset'),
    manufacturer: z.string().nullable().describe('manufacturer (null: not given)'),
    model: z.string().nullable().describe('model (null: not given)'),
    os: z.string().nullable().describe('operating system or firmware, as the inventory names it'),
    ip: z.string().nullable().describe('IP address (null: not given)'),
    networkZone: z
      .string()
      .nullable()
      .describe('network zone as the inventory names it: clinical, medical, corporate, server, dmz …'),
    internetFacing: z.boolean().describe('reachable from the internet'),
    clinicalCriticality: z.enum(CLINICAL_CRITICALITIES).describe('how much patient care depends on it'),
    firstSeen: z.string().describe('when an inventory first listed it (ISO 8601)'),
    lastSeen: z.string().describe('when an inventory last listed it (ISO 8601)'),
    retiredAt: z.string().nullable().describe('when it left the inventory (null: still listed)'),
  }),
  'Asset',
);

export const InstalledComponent = named(
  z.object({
    key: z.string().describe('the product key Ward matches on (e.g. a:microsoft:server_message_block)'),
    version: z.string().nullable().describe('version (null: unknown)'),
    update: z.string().nullable().describe('CPE update, e.g. sp1 (null: unknown)'),
    cpe: z.string().nullable().describe('CPE name as the inventory gave it'),
    purl: z.string().nullable().describe('package URL as the inventory gave it'),
  }),
  'InstalledComponent',
);

export const AssetDetail = named(
  Asset.extend({
    components: z.array(InstalledComponent).describe('what is installed on it (at most 5,000)'),
  }),
  'AssetDetail',
);

export function presentAsset(a: AssetValue): z.infer<typeof Asset> {
  return {
    id: a.id,
    org: a.org,
    source: a.source,
    assetId: a.assetKey,
    hostname: a.hostname,
    type: a.assetType,
    manufacturer: a.manufacturer,
    model: a.model,
    os: a.os,
    ip: a.ip,
    networkZone: a.networkZone,
    internetFacing: a.internetFacing,
    clinicalCriticality: a.clinicalCriticality,
    firstSeen: a.firstSeen.toISOString(),
    lastSeen: a.lastSeen.toISOString(),
    retiredAt: a.retiredAt?.toISOString() ?? null,
  };
}

export function presentAssetDetail(a: AssetDetailValue): z.infer<typeof AssetDetail> {
  return { ...presentAsset(a), components: a.components };
}
