/**
 * Asset fields a JSON inventory may state about an asset (an osquery host's own fields, a CycloneDX
 * component's `ward:` properties), named like the CSV columns, checked the way the CSV importer
 * checks them, and merged with the import options: options first, then the most specific statement,
 * then the default.
 */
import {
  ASSET_TYPES,
  type AssetType,
  CLINICAL_CRITICALITIES,
  type ClinicalCriticality,
  isAssetType,
  isClinicalCriticality,
} from '../domain/inventory/asset.js';
import type { InventoryImportOptions } from './inventory-parse.js';

export const ASSET_FIELDS = [
  'asset_type',
  'hostname',
  'manufacturer',
  'model',
  'ip',
  'network_zone',
  'internet_facing',
  'clinical_criticality',
] as const;
export type AssetField = (typeof ASSET_FIELDS)[number];

/** Asset fields as a document states them, checked; absent when the document says nothing. */
export interface StatedAssetFields {
  assetType?: AssetType;
  hostname?: string;
  manufacturer?: string;
  model?: string;
  ip?: string;
  networkZone?: string;
  internetFacing?: boolean;
  clinicalCriticality?: ClinicalCriticality;
  /** Built-in components the document reports on (version null) or off (`disabled`, `removed`). */
  builtins?: { cpe: string; version: string | null }[];
}

const BOOL: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
};

export function isAssetField(name: string): name is AssetField {
  return (ASSET_FIELDS as readonly string[]).includes(name);
}

/** A JSON scalar as text: strings trimmed, numbers and booleans written out; null when empty or absent. */
export function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * Records one stated field into `into`; returns the reason when the value is not acceptable
 * (an unknown asset type, `internet_facing` that is not a boolean, an object …). Empty values say nothing.
 */
export function stateAssetField(into: StatedAssetFields, field: AssetField, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'object')
    return `${field} must be a string, got ${JSON.stringify(value).slice(0, 60)}`;
  const text = scalarText(value);
  if (text === null) return null;
  switch (field) {
    case 'asset_type': {
      const type = text.toLowerCase();
      if (!isAssetType(type))
        return `unknown asset_type "${text}" (expected one of ${ASSET_TYPES.join(', ')})`;
      into.assetType = type;
      return null;
    }
    case 'clinical_criticality': {
      const criticality = text.toLowerCase();
      if (!isClinicalCriticality(criticality)) {
        return `unknown clinical_criticality "${text}" (expected one of ${CLINICAL_CRITICALITIES.join(', ')})`;
      }
      into.clinicalCriticality = criticality;
      return null;
    }
    case 'internet_facing': {
      const facing = BOOL[text.toLowerCase()];
      if (facing === undefined) return `internet_facing must be true or false, got "${text}"`;
      into.internetFacing = facing;
      return null;
    }
    case 'network_zone':
      into.networkZone = text.toLowerCase();
      return null;
    case 'hostname':
      into.hostname = text;
      return null;
    case 'manufacturer':
      into.manufacturer = text;
      return null;
    case 'model':
      into.model = text;
      return null;
    case 'ip':
      into.ip = text;
      return null;
  }
}

/** Checks the options themselves (a CLI passes strings through); returns the reasons. */
export function checkOptions(options: InventoryImportOptions): string[] {
  const reasons: string[] = [];
  if (options.assetType !== undefined && !isAssetType(options.assetType))
    reasons.push(`option assetType: unknown asset type "${options.assetType}"`);
  if (options.clinicalCriticality !== undefined && !isClinicalCriticality(options.clinicalCriticality))
    reasons.push(`option clinicalCriticality: unknown clinical criticality "${options.clinicalCriticality}"`);
  if (options.assetKey !== undefined && options.assetKey.trim() === '')
    reasons.push('option assetKey: empty');
  return reasons;
}

/** Options over the document's statements, most specific first; `assetType` falls back to `defaultType`. */
export function mergeAssetFields(
  options: InventoryImportOptions,
  stated: StatedAssetFields[],
  defaultType: AssetType,
): Required<Pick<StatedAssetFields, 'assetType' | 'internetFacing' | 'clinicalCriticality'>> & {
  hostname: string | null;
  manufacturer: string | null;
  model: string | null;
  ip: string | null;
  networkZone: string | null;
} {
  const first = <K extends keyof StatedAssetFields>(key: K): StatedAssetFields[K] | undefined =>
    stated.find((s) => s[key] !== undefined)?.[key];
  return {
    assetType: options.assetType ?? first('assetType') ?? defaultType,
    hostname: first('hostname') ?? null,
    manufacturer: first('manufacturer') ?? null,
    model: first('model') ?? null,
    ip: first('ip') ?? null,
    networkZone: options.networkZone?.toLowerCase() ?? first('networkZone') ?? null,
    internetFacing: options.internetFacing ?? first('internetFacing') ?? false,
    clinicalCriticality: options.clinicalCriticality ?? first('clinicalCriticality') ?? 'none',
  };
}
