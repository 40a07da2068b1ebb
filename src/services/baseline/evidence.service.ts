/**
 * Auto-evidence: computes every rule's figure for a set of organisations in a handful of bulk
 * queries and stores it with its suggested level and the time it was computed. Called by the
 * schedule in `ward serve`, by `ward baseline evidence refresh`, and after a training import for
 * the organisations it touched; reading an assessment only reads what is stored.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/connect.js';
import {
  actFindingsAge,
  alertResponse,
  configurationFigures,
  type EvidenceTarget,
  type EvidenceWrite,
  evidenceOf,
  inventoryFigures,
  kevFixTimes,
  kevPastDue,
  latestTraining,
  orgFilter,
  roomForBulkRefresh,
  saveEvidence,
  targetOrgIds,
  unsupportedByProduct,
} from '../../db/repositories/baseline-evidence.repository.js';
import { riskyServicesSeenOpen } from '../../db/repositories/outside/outside-facts.repository.js';
import { type EndOfLifeProduct, endOfLifeBefore } from '../../db/repositories/outside/product.repository.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/access/actor.js';
import {
  ACT_MAX_AGE_DAYS,
  ALERT_WINDOW_DAYS,
  EVIDENCE_RULES,
  type EvidenceRuleId,
  type EvidenceUnit,
  evidenceRule,
  INVENTORY_FRESH_DAYS,
  KEV_FIX_WINDOW_DAYS,
} from '../../domain/baseline/evidence-rules.js';
import type { Level } from '../../domain/baseline/level.js';
import { dayOf } from '../../domain/outside/product.js';
import { requireNational } from '../access/access.service.js';

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

/** Computes and stores the evidence of the target organisations (in `trx`, when given, with the write that changed it). */
export async function computeEvidence(
  db: Database['db'] | Transaction<DB>,
  target: EvidenceTarget,
  now: Date,
): Promise<{ organisations: number; rows: number }> {
  const ids = await targetOrgIds(db, target);
  const unsupportedProducts = await endOfLifeBefore(db, dayOf(now));
  const endOfLife = unsupportedProducts.map((p) => p.key);
  const [kev, kevFix, act, alerts, inventory, training, configuration, unsupported, outside] =
    await Promise.all([
      kevPastDue(db, target, now),
      kevFixTimes(db, target, now, KEV_FIX_WINDOW_DAYS),
      actFindingsAge(db, target, now, ACT_MAX_AGE_DAYS),
      alertResponse(db, target, now, ALERT_WINDOW_DAYS),
      inventoryFigures(db, target, now, INVENTORY_FRESH_DAYS),
      latestTraining(db, target),
      configurationFigures(db, target, endOfLife),
      unsupportedByProduct(db, target, endOfLife),
      riskyServicesSeenOpen(db, (column) => orgFilter(column, target)),
    ]);
  const rows: EvidenceWrite[] = [];
  for (const orgId of ids) {
    const k = kev.get(orgId) ?? { pastDue: 0, mitigated: 0 };
    const a = alerts.get(orgId) ?? { targets: 0, onTime: 0, overdue: 0 };
    const inv = inventory.get(orgId);
    const t = training.get(orgId);
    const c = configuration.get(orgId);
    const fix = kevFix.get(orgId);
    const a14 = act.get(orgId) ?? { act: 0, older: 0 };
    const o = outside.get(orgId);
    const figures: Record<EvidenceRuleId, { figure: number | null; details: unknown }> = {
      kev_past_due: { figure: k.pastDue, details: { pastDue: k.pastDue, mitigatedByException: k.mitigated } },
      kev_fix_days: {
        figure: fix ? fix.medianDays : null,
        details: { fixedInLast12Months: fix?.fixed ?? 0, medianDays: fix?.medianDays ?? null },
      },
      act_older_14d: {
        figure: percent(a14.older, a14.act),
        details: { openAct: a14.act, olderThan14Days: a14.older },
      },
      alert_ack_48h: {
        figure: percent(a.onTime, a.targets),
        details: { targets: a.targets, acknowledgedOnTime: a.onTime },
      },
      alerts_overdue: { figure: a.overdue, details: { overdue: a.overdue } },
      inventory_fresh: {
        figure: inv ? percent(inv.fresh, inv.devices) : null,
        details: {
          devices: inv?.devices ?? 0,
          seenWithin30Days: inv?.fresh ?? 0,
          lastImportBySource: inv?.lastImport ?? {},
        },
      },
      inventory_unknown: {
        figure: inv ? percent(inv.unknown, inv.devices) : null,
        details: { devices: inv?.devices ?? 0, unknownOsOrModel: inv?.unknown ?? 0 },
      },
      smbv1: {
        figure: c ? percent(c.smbv1, c.devices) : null,
        details: { devices: c?.devices ?? 0, withSmbv1: c?.smbv1 ?? 0 },
      },
      unsupported_products: {
        figure: c ? percent(c.unsupported, c.devices) : null,
        details: {
          devices: c?.devices ?? 0,
          onUnsupportedProducts: c?.unsupported ?? 0,
          byProduct: productDetails(unsupportedProducts, unsupported.get(orgId) ?? {}),
        },
      },
      internet_facing_kev: {
        figure: c ? c.internetFacingKev : null,
        details: { devices: c?.devices ?? 0, internetFacingWithKev: c?.internetFacingKev ?? 0 },
      },
      internet_risky_services: {
        figure: o ? o.open : null,
        details: { open: o?.open ?? 0, byKind: o?.byKind ?? {}, asOf: o?.asOf ?? null },
      },
      training: { figure: t ? percent(t.trained, t.staff) : null, details: t ?? null },
    };
    for (const rule of EVIDENCE_RULES) {
      const f = figures[rule.id];
      rows.push({
        orgId,
        rule: rule.id,
        outcomeId: rule.outcome,
        figure: f.figure,
        details: f.details,
        suggestedLevel: rule.suggest(f.figure),
        computedAt: now,
      });
    }
  }
  await saveEvidence(db, rows);
  return { organisations: ids.length, rows: rows.length };
}

/** Devices per unsupported product (from the products register), named for people, with the end of support and its source. */
function productDetails(products: readonly EndOfLifeProduct[], byKey: Record<string, number>) {
  return products
    .filter((p) => byKey[p.key] !== undefined)
    .map((p) => ({
      product: p.name,
      key: p.key,
      endOfSupport: p.endOfSupport,
      source: p.source,
      devices: byKey[p.key] as number,
    }));
}

/** Refreshes the evidence of every organisation with a baseline profile (national or local administration). */
export async function refreshAllEvidence(
  database: Database,
  actor: Actor,
  now: Date = new Date(),
): Promise<{ organisations: number; rows: number; milliseconds: number }> {
  requireNational(actor, 'national', 'refresh baseline evidence for the federation');
  const started = performance.now();
  const result = await database.db.transaction().execute(async (trx) => {
    await roomForBulkRefresh(trx);
    return computeEvidence(trx, { all: true }, now);
  });
  return { ...result, milliseconds: Math.round(performance.now() - started) };
}

export interface EvidenceItem {
  rule: EvidenceRuleId;
  outcome: string;
  title: string;
  figure: number | null;
  unit: EvidenceUnit;
  threshold: string;
  suggestedLevel: Level | null;
  computedAt: string;
  link: string;
  details: unknown;
}

/** The stored evidence of one organisation (the caller has checked access). */
export async function storedEvidence(
  db: Database['db'] | Transaction<DB>,
  orgId: string,
  orgCode: string,
): Promise<EvidenceItem[]> {
  const out: EvidenceItem[] = [];
  for (const r of await evidenceOf(db, orgId)) {
    const rule = evidenceRule(r.rule);
    if (!rule) continue;
    out.push({
      rule: rule.id,
      outcome: rule.outcome,
      title: rule.title,
      figure: r.figure,
      unit: rule.unit,
      threshold: rule.threshold,
      suggestedLevel: r.suggested_level as Level | null,
      computedAt: new Date(r.computed_at).toISOString(),
      link: rule.link(orgCode),
      details: r.details,
    });
  }
  return out;
}
