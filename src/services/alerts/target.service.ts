/**
 * Targeting: which organisations an alert is for. At issue, and afterwards whenever an inventory
 * import or an intel update exposes another organisation to a live `auto` alert, new targets are
 * added with their own deadlines and told at once — in the transaction that changed the exposure.
 */

import { config } from '../../config.js';
import type { Database } from '../../db/connect.js';
import { type AlertRecord, listLiveAutoAlerts } from '../../db/repositories/alert.repository.js';
import {
  insertNewTargets,
  type NewTarget,
  type ResolvedFilter,
  type ResolvedSpec,
} from '../../db/repositories/alert-target.repository.js';
import { findOrganisationIdsByCode } from '../../db/repositories/organisation.repository.js';
import { FULL_SCOPE, type Scope } from '../../domain/access/scope.js';
import { namedCodes, parseTargetSpec, type TargetSpec } from '../../domain/alerts/alert.js';
import { ackDueAt } from '../../domain/alerts/target-state.js';
import { NotFoundError } from '../../errors.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import { noticeTarget, queueTargetNotices } from './message.service.js';

type Executor = Database['db'];

/** Device labels kept per target. */
export const MAX_ASSET_LABELS = 50;

/** Resolves the codes the specs name to organisation ids; every unknown code is reported. */
export async function resolveSpecs(
  db: Executor,
  specs: readonly TargetSpec[],
  scope: Scope,
): Promise<ResolvedSpec[]> {
  const codes = namedCodes(specs);
  const ids = await findOrganisationIdsByCode(db, codes, scope);
  const missing = codes.filter((c) => !ids.has(c));
  if (missing.length > 0)
    throw new NotFoundError(`no organisation ${missing.join(', ')} (named in the alert's targets)`);
  return specs.map((s) => ({
    text: s.text,
    filters: s.filters.map((f): ResolvedFilter => {
      if (f.type === 'under' || f.type === 'org') return { type: f.type, orgId: ids.get(f.code) as string };
      if (f.type === 'kind') return { type: 'kind', kind: f.kind };
      return f;
    }),
  }));
}

function parsedSpecs(alert: AlertRecord): TargetSpec[] {
  return alert.targets.flatMap((t) => {
    const p = parseTargetSpec(t);
    return p.ok ? [p.spec] : [];
  });
}

export interface TargetRun {
  alert: AlertRecord;
  scope: Scope;
  onlyOrgIds: readonly string[] | null;
  now: Date;
  actor: string;
  render: RenderOptions;
}

/** Adds the alert's new targets and queues their notices. */
export async function targetAlert(
  trx: Executor,
  run: TargetRun,
): Promise<{ targets: NewTarget[]; messages: number }> {
  const specs = await resolveSpecs(trx, parsedSpecs(run.alert), run.scope);
  const targets = await insertNewTargets(trx, {
    alertId: run.alert.id,
    cves: run.alert.cves,
    specs,
    scope: run.scope,
    onlyOrgIds: run.onlyOrgIds,
    now: run.now,
    ackDueAt: ackDueAt(run.now, run.alert.ack_hours),
    actor: run.actor,
    maxAssets: MAX_ASSET_LABELS,
  });
  const messages = await queueTargetNotices(trx, {
    kind: 'issued',
    alert: run.alert,
    targets: targets.map((t) => noticeTarget({ ...t, state: 'awaiting_ack' })),
    now: run.now,
    render: run.render,
  });
  return { targets, messages };
}

/** What changed exposure: an organisation's inventory, or some CVEs' intel. */
export type ExposureChange =
  | { kind: 'orgs'; orgIds: readonly string[] }
  | { kind: 'cves'; cveIds: readonly string[] };

export interface RetargetResult {
  alerts: number;
  newTargets: number;
  messages: number;
}

/**
 * Keeps live alerts live: after an import or intel update (inside its transaction), organisations
 * the change newly exposes become targets of every live `auto` alert they match.
 */
export async function retargetLiveAlerts(
  trx: Executor,
  change: ExposureChange,
  now: Date = config().now ?? new Date(),
): Promise<RetargetResult> {
  const alerts = await listLiveAutoAlerts(trx, change.kind === 'cves' ? change.cveIds : null);
  const result: RetargetResult = { alerts: 0, newTargets: 0, messages: 0 };
  for (const alert of alerts) {
    const run = await targetAlert(trx, {
      alert,
      scope: FULL_SCOPE,
      onlyOrgIds: change.kind === 'orgs' ? change.orgIds : null,
      now,
      actor: 'system:exposure-change',
      render: { publicUrl: config().notifications.publicUrl },
    });
    if (run.targets.length > 0) result.alerts++;
    result.newTargets += run.targets.length;
    result.messages += run.messages;
  }
  return result;
}
