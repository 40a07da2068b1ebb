/**
 * Assets and installed components as Ward keeps them: the inputs to matching and prioritisation.
 */

export const ASSET_TYPES = [
  'workstation',
  'laptop',
  'server',
  'network',
  'medical_device',
  'iot',
  'mobile',
  'virtual',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const CLINICAL_CRITICALITIES = ['none', 'low', 'high', 'life_critical'] as const;
export type ClinicalCriticality = (typeof CLINICAL_CRITICALITIES)[number];

/** Network zones whose devices are clinical: exposure there is "controlled", not merely internal. */
export const CLINICAL_ZONES: readonly string[] = ['clinical', 'medical', 'theatre', 'imaging', 'lab'];

export interface AssetRecord {
  /** The organisation's own id for the asset (`asset_id` column, osquery host identifier, SBOM ref). */
  assetKey: string;
  hostname: string | null;
  assetType: AssetType;
  manufacturer: string | null;
  model: string | null;
  os: string | null;
  ip: string | null;
  networkZone: string | null;
  internetFacing: boolean;
  clinicalCriticality: ClinicalCriticality;
}

/** An asset as Ward keeps it: the record, its organisation and source, and when it was seen. */
export interface Asset extends AssetRecord {
  /** Ward's id. */
  id: number;
  /** ODS code of its organisation. */
  org: string;
  /** The inventory source it came from (a snapshot replaces the last one of the same source). */
  source: string;
  firstSeen: Date;
  lastSeen: Date;
  /** When it left the inventory; null while it is listed. */
  retiredAt: Date | null;
}

/** A component installed on an asset, as stored: unknown version and update are null. */
export interface AssetComponent {
  key: string;
  version: string | null;
  update: string | null;
  cpe: string | null;
  purl: string | null;
}

/** One asset with what is installed on it. */
export interface AssetDetail extends Asset {
  components: AssetComponent[];
}

/** An installed component as given, before normalisation. */
export interface RawComponent {
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  purl: string | null;
  /** Where it came from, for error messages: line or record number. */
  line: number;
}

export interface AssetWithComponents extends AssetRecord {
  components: RawComponent[];
  line: number;
}

/** A component reduced to what matching needs. */
export interface NormalisedComponent {
  key: string;
  version: string;
  /** CPE update field, '' when unknown. Version is '' when unknown too. */
  update: string;
  scheme: string;
  /** Byte-sortable version key; null when the version is unknown. */
  versionKey: string | null;
  cpe: string | null;
  purl: string | null;
  /** The CPE attributes the inventory states (`formatCpeAttributes`), '' when none. */
  attrs: string;
  /**
   * '' when the inventory reports the component; the label of the platform whose defaults imply it
   * ("Windows 7") when Ward assumed it (see `domain/platform/platform-defaults`).
   */
  assumedBy: string;
}

export function isAssetType(v: string): v is AssetType {
  return (ASSET_TYPES as readonly string[]).includes(v);
}

export function isClinicalCriticality(v: string): v is ClinicalCriticality {
  return (CLINICAL_CRITICALITIES as readonly string[]).includes(v);
}
