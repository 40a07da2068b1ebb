/**
 * A generated federation loaded in bulk, with its largest trust's generated inventory and a way to
 * import a changed copy of it through the ordinary import (as the trust's nightly export would be).
 */
import type { Database } from '../../src/db/connect.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import type { AssetWithComponents } from '../../src/domain/inventory/asset.js';
import { type FederationParams, generateInventory, planFederation } from '../../src/generate/index.js';
import { generatedAsset, loadFederation } from '../../src/services/federation/federation-load.service.js';
import {
  type InventoryImportResult,
  importInventory,
  prepareInventory,
} from '../../src/services/inventory/inventory.service.js';

export interface GeneratedTrust {
  code: string;
  /** Its inventory as generated (and loaded). */
  assets: AssetWithComponents[];
  /** Imports `assets` as the trust's whole generated inventory. */
  reimport: (assets: AssetWithComponents[]) => Promise<InventoryImportResult>;
}

export async function loadGeneratedTrust(
  database: Database,
  params: FederationParams,
): Promise<GeneratedTrust> {
  await loadFederation(database, params);
  const federation = planFederation(params);
  const trust = federation.organisations
    .filter((o) => o.kind === 'trust')
    .sort((a, b) => federation.deviceCount(b.code) - federation.deviceCount(a.code))[0];
  if (!trust) throw new Error('the generated federation has no trust');
  return {
    code: trust.code,
    assets: [...generateInventory(federation, trust)].map(generatedAsset),
    reimport: (assets) =>
      importInventory(
        database,
        SYSTEM_ACTOR,
        trust.code,
        'generated',
        prepareInventory([{ file: `${trust.code}.csv`, assets, problems: [] }]),
      ),
  };
}
