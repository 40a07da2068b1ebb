/**
 * Inventory CSV text for tests, and a helper to import it through the real parser and service.
 */
import type { Database } from '../../src/db/connect.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { parseInventoryCsv } from '../../src/inventory/parse-inventory-csv.js';
import { importInventory, prepareInventory } from '../../src/services/inventory/inventory.service.js';

export const INVENTORY_HEADER =
  'asset_id,hostname,asset_type,manufacturer,model,os,ip,network_zone,internet_facing,clinical_criticality,vendor,product,version,cpe,purl';

export interface AssetSpec {
  id: string;
  type?: string;
  zone?: string;
  internetFacing?: boolean;
  criticality?: string;
  /** Each a CPE (`cpe:2.3:…`), a purl (`pkg:…`) or `vendor,product,version`. */
  components: string[];
}

export function inventoryCsv(assets: AssetSpec[]): string {
  const lines = [INVENTORY_HEADER];
  for (const a of assets) {
    for (const c of a.components) {
      const base = [
        a.id,
        a.id.toLowerCase(),
        a.type ?? 'workstation',
        'Dell',
        'OptiPlex',
        '',
        '10.0.0.1',
        a.zone ?? 'corporate',
        String(a.internetFacing ?? false),
        a.criticality ?? 'none',
      ];
      const [vendor, product, version] =
        c.startsWith('cpe:') || c.startsWith('pkg:') ? ['', '', ''] : c.split(',');
      lines.push(
        [
          ...base,
          vendor,
          product,
          version,
          c.startsWith('cpe:') ? c : '',
          c.startsWith('pkg:') ? c : '',
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function importCsv(
  database: Database,
  org: string,
  csv: string,
  source = 'csv',
  file = 'inventory.csv',
) {
  const parsed = await parseInventoryCsv(file, [csv]);
  return importInventory(database, SYSTEM_ACTOR, org, source, prepareInventory([{ file, ...parsed }]));
}

export const WIN7_SP1 = 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*';
export const SMB1 = 'cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*';
/** SMBv1 reported switched off (the `disabled` version value). */
export const SMB1_DISABLED = 'microsoft,server_message_block,disabled';
export const WIN10_1709 = 'cpe:2.3:o:microsoft:windows_10_1709:-:*:*:*:*:*:x64:*';
export const SERVER_2008_R2_SP1 = 'cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*';
