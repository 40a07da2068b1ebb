/**
 * Parses Ward's inventory CSV — one row per installed component, the asset columns repeated —
 * streaming, into assets with their raw components. Every bad row is reported (file, line, reason);
 * the caller decides (an import with any problem writes nothing).
 */
import { parse } from 'csv-parse';
import { unstorableCells } from '../domain/csv/csv-table.js';
import {
  ASSET_TYPES,
  type AssetWithComponents,
  CLINICAL_CRITICALITIES,
  isAssetType,
  isClinicalCriticality,
} from '../domain/inventory/asset.js';
import type { InputProblem } from '../errors.js';
import type { InventoryInput, InventoryParse } from './inventory-parse.js';

export type { InventoryParse } from './inventory-parse.js';

export const INVENTORY_CSV_COLUMNS = [
  'asset_id',
  'hostname',
  'asset_type',
  'manufacturer',
  'model',
  'os',
  'ip',
  'network_zone',
  'internet_facing',
  'clinical_criticality',
  'vendor',
  'product',
  'version',
  'cpe',
  'purl',
] as const;

const REQUIRED = ['asset_id', 'asset_type'] as const;

const BOOL: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
  '': false,
};

/**
 * What is wrong with a header, or null. Columns are found by name in any order; `asset_id`,
 * `asset_type` and one of `cpe`, `purl` or `product` must be there, the other known columns may be
 * left out (read as empty), and a column Ward does not know (a typo such as `host_name` would
 * silently lose its data) or one named twice is an error.
 */
function headerProblem(names: readonly string[]): string | null {
  const known: readonly string[] = INVENTORY_CSV_COLUMNS;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0)
    return `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}`;
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) return `column ${twice[0]} appears more than once`;
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0) return `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
  if (!['cpe', 'purl', 'product'].some((c) => names.includes(c)))
    return 'missing column cpe, purl or product';
  return null;
}

/** Reads the CSV from a stream of text or bytes. */
export async function parseInventoryCsv(file: string, input: InventoryInput): Promise<InventoryParse> {
  const problems: InputProblem[] = [];
  const assets = new Map<string, AssetWithComponents>();
  const seen = new Set<string>();
  let index: Record<string, number> | null = null;
  let columnNames: string[] = [];
  let rows = 0;
  const parser = parse({
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  });
  const feed = (async () => {
    try {
      for await (const chunk of input)
        if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = info.lines;
      const unstorable = unstorableCells(
        file,
        line,
        record,
        index ? columnNames : record.map(() => 'header'),
      );
      if (unstorable.length > 0) {
        problems.push(...unstorable);
        if (!index) break;
        continue;
      }
      if (!index) {
        const names = record.map((h) => h.toLowerCase());
        const reason = headerProblem(names);
        if (reason) {
          problems.push({
            file,
            line,
            reason: `${reason} (expected header: ${INVENTORY_CSV_COLUMNS.join(',')})`,
          });
          break;
        }
        index = Object.fromEntries(names.map((n, i) => [n, i]));
        columnNames = names;
        continue;
      }
      rows++;
      const at = (c: string) => {
        const i = index?.[c];
        const v = i === undefined ? '' : (record[i] ?? '');
        return v === '' ? null : v;
      };
      const problem = (reason: string) => problems.push({ file, line, reason });
      const assetKey = at('asset_id');
      if (!assetKey) {
        problem('empty asset_id');
        continue;
      }
      const type = (at('asset_type') ?? '').toLowerCase();
      const criticality = (at('clinical_criticality') ?? 'none').toLowerCase();
      const facing = BOOL[(at('internet_facing') ?? '').toLowerCase()];
      if (!isAssetType(type))
        problem(`unknown asset_type "${at('asset_type') ?? ''}" (expected one of ${ASSET_TYPES.join(', ')})`);
      if (!isClinicalCriticality(criticality)) {
        problem(
          `unknown clinical_criticality "${criticality}" (expected one of ${CLINICAL_CRITICALITIES.join(', ')})`,
        );
      }
      if (facing === undefined)
        problem(`internet_facing must be true or false, got "${at('internet_facing')}"`);
      const component = {
        vendor: at('vendor'),
        product: at('product'),
        version: at('version'),
        cpe: at('cpe'),
        purl: at('purl'),
        line,
      };
      if (!component.cpe && !component.purl && !component.product) {
        problem(`asset ${assetKey}: the component has no cpe, purl or product`);
        continue;
      }
      const identity = `${assetKey}\u0000${component.cpe ?? ''}\u0000${component.purl ?? ''}\u0000${component.vendor ?? ''}\u0000${component.product ?? ''}\u0000${component.version ?? ''}`;
      if (seen.has(identity)) {
        problem(`duplicate row: asset ${assetKey} already lists this component`);
        continue;
      }
      seen.add(identity);
      if (!isAssetType(type) || !isClinicalCriticality(criticality) || facing === undefined) continue;
      let asset = assets.get(assetKey);
      if (!asset) {
        asset = {
          assetKey,
          hostname: at('hostname'),
          assetType: type,
          manufacturer: at('manufacturer'),
          model: at('model'),
          os: at('os'),
          ip: at('ip'),
          networkZone: at('network_zone')?.toLowerCase() ?? null,
          internetFacing: facing,
          clinicalCriticality: criticality,
          components: [],
          line,
        };
        assets.set(assetKey, asset);
      }
      asset.components.push(component);
    }
  } catch (error) {
    const e = error as Error & { lines?: number };
    problems.push({ file, line: e.lines ?? 0, reason: `not valid CSV: ${e.message}` });
  }
  await feed;
  if (!index && problems.length === 0) problems.push({ file, line: 0, reason: 'the file is empty' });
  return { assets: [...assets.values()], rows, problems };
}
