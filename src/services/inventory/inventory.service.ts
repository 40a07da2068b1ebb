/**
 * Inventory import: a snapshot of one (organisation, source). Every file is parsed and validated
 * first; any problem and nothing is written. Then, in one transaction: distinct components are
 * ensured, assets synced (missing ones retired), installed components synced, new components
 * matched, and the organisation's findings refreshed (gone components become fixed findings).
 */
import type { Database } from '../../db/connect.js';
import { affectedComponents } from '../../db/repositories/exposure/affected-components.repository.js';
import { ensureComponents } from '../../db/repositories/inventory.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import type { AssetWithComponents, NormalisedComponent, RawComponent } from '../../domain/inventory/asset.js';
import { assumedBuiltins } from '../../domain/inventory/assumed-builtins.js';
import { componentIdentity, normaliseComponent } from '../../domain/inventory/normalise-component.js';
import { isOffState } from '../../domain/platform/platform-defaults.js';
import { type InputProblem, InvalidInputError, WardError } from '../../errors.js';
import type { ParsedInventory } from '../../inventory/inventory-parse.js';
import { requireOrgAccess } from '../access/access.service.js';
import { retargetLiveAlerts } from '../alerts/index.js';
import { audit } from '../audit/audit.service.js';
import { matchNewComponents } from '../exposure/matching.service.js';
import { refreshExposure } from '../exposure/refresh.service.js';
import { proposeAliases } from '../identity/alias-proposal.service.js';
import { syncInventory } from './inventory-sync.js';

export interface PreparedInventory {
  assets: AssetWithComponents[];
  /** Distinct normalised components and, per asset (same order), indexes into them. */
  components: NormalisedComponent[];
  assetComponents: number[][];
  /** Per asset, the raw component each index in `assetComponents` was first given as. */
  assetRaw: RawComponent[][];
  rows: number;
}

/**
 * Normalises every component and checks assets are not listed twice; throws with every problem.
 * A component whose version is `disabled` or `removed` reports it switched off: it is not installed
 * and not assumed. Built-ins the asset's platform enables by default are added, marked assumed,
 * unless the asset reports them (see `domain/platform/platform-defaults`).
 */
export function prepareInventory(parsed: readonly ParsedInventory[]): PreparedInventory {
  const problems: InputProblem[] = parsed.flatMap((p) => p.problems);
  const assetFile = new Map<string, string>();
  const components: NormalisedComponent[] = [];
  const index = new Map<string, number>();
  const assets: AssetWithComponents[] = [];
  const assetComponents: number[][] = [];
  const assetRaw: RawComponent[][] = [];
  let rows = 0;
  for (const { file, assets: fileAssets } of parsed) {
    for (const asset of fileAssets) {
      const first = assetFile.get(asset.assetKey);
      if (first !== undefined) {
        problems.push({
          file,
          line: asset.line,
          reason: `asset ${asset.assetKey} is already listed in ${first}`,
        });
        continue;
      }
      assetFile.set(asset.assetKey, file);
      const ids = new Map<number, RawComponent>();
      const add = (normalised: NormalisedComponent, raw: RawComponent) => {
        const id = componentIdentity(normalised);
        let i = index.get(id);
        if (i === undefined) {
          i = components.length;
          index.set(id, i);
          components.push(normalised);
        }
        if (!ids.has(i)) ids.set(i, raw);
      };
      const reported: NormalisedComponent[] = [];
      const off = new Map<string, RawComponent>();
      for (const raw of asset.components) {
        rows++;
        let normalised: NormalisedComponent;
        const switchedOff = isOffState(raw.version);
        try {
          normalised = normaliseComponent(switchedOff ? { ...raw, version: null } : raw);
        } catch (error) {
          if (!(error instanceof WardError)) throw error;
          problems.push({ file, line: raw.line, reason: `asset ${asset.assetKey}: ${error.message}` });
          continue;
        }
        if (switchedOff) off.set(normalised.key, raw);
        else {
          reported.push(normalised);
          add(normalised, raw);
        }
      }
      for (const [key, raw] of off) {
        if (reported.some((c) => c.key === key))
          problems.push({
            file,
            line: raw.line,
            reason: `asset ${asset.assetKey}: ${key} is listed both installed and ${raw.version?.trim().toLowerCase()}`,
          });
      }
      // Built-ins the platform enables by default, unless the inventory reports them (on or off).
      for (const { normalised, raw } of assumedBuiltins(reported, new Set(off.keys()), asset.line))
        add(normalised, raw);
      assets.push(asset);
      assetComponents.push([...ids.keys()]);
      assetRaw.push([...ids.values()]);
    }
  }
  if (problems.length > 0) {
    const files = [...new Set(problems.map((p) => p.file))].join(', ');
    throw new InvalidInputError(
      `${files}: not imported (${problems.length} problem${problems.length > 1 ? 's' : ''})`,
      problems,
    );
  }
  return { assets, components, assetComponents, assetRaw, rows };
}

/** The keys of components named only by vendor and product (no CPE, no purl). */
function namedProductKeys(components: readonly NormalisedComponent[]): string[] {
  return [...new Set(components.filter((c) => !c.cpe && !c.purl).map((c) => c.key))];
}

export interface InventoryImportResult {
  org: string;
  source: string;
  assets: number;
  assetsAdded: number;
  assetsRetired: number;
  rows: number;
  components: number;
  installedAdded: number;
  installedRemoved: number;
  findingsOpened: number;
  findingsReopened: number;
  findingsFixed: number;
}

/**
 * Checks, before any file is read, that the actor may import an inventory for the organisation:
 * not found when it cannot see it, forbidden when it may only read it.
 */
export async function checkInventoryImport(database: Database, actor: Actor, orgCode: string): Promise<void> {
  await requireOrgAccess(database, actor, 'write', orgCode);
}

/** Imports a prepared snapshot for (organisation, source) in one transaction, if the actor may write there. */
export async function importInventory(
  database: Database,
  actor: Actor,
  orgCode: string,
  source: string,
  prepared: PreparedInventory,
): Promise<InventoryImportResult> {
  const org = await requireOrgAccess(database, actor, 'write', orgCode);
  return database.db.transaction().execute(async (trx) => {
    const componentIds = await ensureComponents(trx, prepared.components);
    const records = prepared.assets.map((record) => ({ orgId: org.id, record }));
    const {
      assets: synced,
      installed,
      changedComponentIds,
      movedComponentIds,
    } = await syncInventory(trx, source, [org.id], records, function* pairs(ids) {
      const assetIds = ids.get(org.id);
      for (const [i, asset] of prepared.assets.entries()) {
        const assetId = assetIds?.get(asset.assetKey) as number;
        for (const c of prepared.assetComponents[i] as number[])
          yield [org.id, assetId, componentIds[c] as number] as const;
      }
    });
    await matchNewComponents(trx);
    // Vendor/product-named components may be products advisories name in their own words.
    await proposeAliases(trx, { inventoryKeys: namedProductKeys(prepared.components), advisoryIds: null });
    // Only the findings the change can reach: a nightly re-import changes a few products.
    const affected = await affectedComponents(trx, {
      changed: changedComponentIds,
      moved: movedComponentIds,
    });
    const refreshed = await refreshExposure(trx, {
      kind: 'orgs',
      orgIds: [org.id],
      componentIds: affected,
      cellComponentIds: movedComponentIds,
    });
    // Live alerts target this organisation if the import newly exposes it.
    if (refreshed.exposedOrgIds.length > 0)
      await retargetLiveAlerts(trx, { kind: 'orgs', orgIds: refreshed.exposedOrgIds });
    const result = {
      org: org.code,
      source,
      assets: prepared.assets.length,
      assetsAdded: synced.added,
      assetsRetired: synced.retired,
      rows: prepared.rows,
      components: prepared.components.length,
      installedAdded: installed.added,
      installedRemoved: installed.removed,
      findingsOpened: refreshed.opened,
      findingsReopened: refreshed.reopened,
      findingsFixed: refreshed.fixed,
    };
    await audit(trx, actor, org.id, 'inventory.import', null, result, `${org.code} ${source}`);
    return result;
  });
}
