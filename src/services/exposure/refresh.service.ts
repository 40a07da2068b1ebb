/**
 * Refreshing findings: the exposure engine's one write path after matching. For a selection
 * (organisations whose inventory changed, CVEs whose rules changed, or all), in the caller's
 * transaction: recount component presence (on a full recompute; an inventory sync keeps it by
 * difference, inventory-sync.ts) → stage the findings as they should be → remember the
 * roll-up's counts → open, update and reopen the staged findings, fix the others → add the
 * difference to the roll-up (a full recompute too: it normally changes nothing, and rebuilding the
 * roll-up from every finding and every ancestor was its largest step) → bring the exposed cells,
 * then the exposed devices, up to date.
 */
import type { Kysely } from 'kysely';
import { rebuildPresence } from '../../db/repositories/exposure/component-presence.repository.js';
import { refreshDevices } from '../../db/repositories/exposure/device-exposure.repository.js';
import { refreshCells } from '../../db/repositories/exposure/exposed-cells.repository.js';
import {
  rebuildExposureRollup,
  rollupAfter,
  rollupBefore,
  rollupIsEmpty,
} from '../../db/repositories/exposure/exposure-rollup.repository.js';
import {
  countReopening,
  fixUnstaged,
  upsertStaged,
} from '../../db/repositories/exposure/finding.repository.js';
import {
  dropStage,
  stagedOrgIds,
  stageFindings,
} from '../../db/repositories/exposure/finding-stage.repository.js';
import { isEmptySelection, type RefreshSelection } from '../../db/repositories/exposure/selection.sql.js';
import type { DB } from '../../db/schema.js';
import { sortedUnion } from '../../domain/collections/sorted-union.js';

export type { RefreshSelection };

export interface RefreshResult {
  opened: number;
  reopened: number;
  fixed: number;
  /** Organisations with at least one open finding in the selection after the refresh (for alert targeting). */
  exposedOrgIds: string[];
}

/** The result of a refresh with nothing to do. */
export function nothingRefreshed(): RefreshResult {
  return { opened: 0, reopened: 0, fixed: 0, exposedOrgIds: [] };
}

/** Recomputes the findings of the selection. Runs in the caller's transaction (it uses temporary tables). */
export async function refreshExposure(trx: Kysely<DB>, selection: RefreshSelection): Promise<RefreshResult> {
  if (isEmptySelection(selection)) return nothingRefreshed();
  // A selection of organisations follows an inventory sync, which kept their presence by difference.
  if (selection.kind === 'all') await rebuildPresence(trx);
  await stageFindings(trx, selection);
  // A federation's first load has no roll-up yet: built in one pass, not as a difference.
  const build = selection.kind === 'all' && (await rollupIsEmpty(trx));
  if (!build) await rollupBefore(trx, selection);
  const reopened = await countReopening(trx);
  const opened = await upsertStaged(trx);
  const fixed = await fixUnstaged(trx, selection);
  const exposedOrgIds = await stagedOrgIds(trx);
  await dropStage(trx);
  if (build) await rebuildExposureRollup(trx);
  else await rollupAfter(trx, selection);
  await refreshCells(
    trx,
    selection.kind === 'orgs' && selection.componentIds && selection.cellComponentIds
      ? { ...selection, componentIds: sortedUnion(selection.componentIds, selection.cellComponentIds) }
      : selection,
  );
  // Devices are recounted for the whole organisation: their cells and own lists, not their components.
  await refreshDevices(
    trx,
    selection.kind === 'orgs' ? { kind: 'orgs', orgIds: selection.orgIds } : selection,
  );
  return { opened, reopened, fixed, exposedOrgIds };
}
