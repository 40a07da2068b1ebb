/**
 * What every inventory importer (CSV, CycloneDX, osquery) returns, and what it reads from: assets
 * with their raw components, how many records were read, and every problem found. The caller
 * decides: an import with any problem writes nothing.
 */
import type { AssetType, AssetWithComponents, ClinicalCriticality } from '../domain/inventory/asset.js';
import type { InputProblem } from '../errors.js';

/** Text or bytes, in chunks: a file stream, standard input, or an array of strings in tests. */
export type InventoryInput = AsyncIterable<string | Buffer> | Iterable<string | Buffer>;

/** Records read but deliberately left out; not errors. */
export interface SkippedRecords {
  /** Components with neither a CPE, a package URL, nor a name and a version: nothing to match on. */
  unmatchable: number;
  /** Components listed twice for the same asset (an SBOM lists a package once per dependency path). */
  duplicate: number;
  /** Packages osquery reports as removed (`deb_packages.status` not "installed"), rpm `gpg-pubkey` keys. */
  notInstalled: number;
}

export interface InventoryParse {
  assets: AssetWithComponents[];
  /** Records read: CSV data rows; CycloneDX entries of `components` at any depth; osquery table rows. */
  rows: number;
  problems: InputProblem[];
  /** JSON importers only: records read but not imported. The CSV importer reports such rows as problems. */
  skipped?: SkippedRecords;
}

/** Assets read from one named file, with every problem found in it (the import decides what to do). */
export interface ParsedInventory extends Pick<InventoryParse, 'assets' | 'problems'> {
  file: string;
}

/**
 * What an importer cannot learn from the file, or what the operator wants instead: given options
 * override what the document says (asset type `medical_device` and clinical criticality `life_critical`
 * for a device's SBOM).
 */
export interface InventoryImportOptions {
  assetType?: AssetType;
  /**
   * The organisation's id for the asset: for CycloneDX the asset `metadata.component` describes
   * (devices listed in the BOM become `<assetKey>/<device ref>`); for osquery the one host of the
   * file (a problem when the file has several).
   */
  assetKey?: string;
  networkZone?: string;
  internetFacing?: boolean;
  clinicalCriticality?: ClinicalCriticality;
}
