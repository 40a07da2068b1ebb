/**
 * The demo's twelve weeks of alert history, recorded through the alert services with the clock set
 * to each moment, on a small federation in the network's shape with the real intel snapshot: one
 * alert a week, answers on time, late and never (overdue now), nothing dated after now, and the
 * compliance trend, the overdue counts and the alert list read it like any real history.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { fixedClock } from '../../src/domain/alerts/clock.js';
import { listAlerts } from '../../src/services/alerts/index.js';
import {
  HISTORY_WEEKS,
  PAST_ALERTS,
  pastIssueTime,
  recordDemoHistory,
} from '../../src/services/demo/demo-history.service.js';
import { loadFederation } from '../../src/services/federation/federation-load.service.js';
import { alertComplianceOverview } from '../../src/services/federation/overview.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const NOW = new Date('2026-12-04T09:30:00Z');
const WEEK_MS = 7 * 86_400_000;

interface TargetRow {
  reference: string;
  issued_at: Date;
  state: string;
  targeted_at: Date;
  ack_due_at: Date;
  acknowledged_at: Date | null;
  state_changed_at: Date;
}

describeEachEngine('demo history', (db) => {
  let result: Awaited<ReturnType<typeof recordDemoHistory>>;
  let targets: TargetRow[];
  beforeAll(async () => {
    await loadShippedIntel(db(), { csaf: true });
    await loadFederation(db(), {
      orgs: 300,
      devices: 3000,
      componentsPerDevice: 30,
      seed: 1,
      regions: 7,
      icbs: 42,
    });
    result = await recordDemoHistory(db(), NOW);
    targets = (
      await sql<TargetRow>`SELECT a.reference, a.issued_at, t.state, t.targeted_at, t.ack_due_at, t.acknowledged_at,
        t.state_changed_at FROM alert_targets t JOIN alerts a ON a.id = t.alert_id ORDER BY a.reference`.execute(
        db().db,
      )
    ).rows.map((r) => ({
      ...r,
      issued_at: new Date(r.issued_at),
      targeted_at: new Date(r.targeted_at),
      ack_due_at: new Date(r.ack_due_at),
      acknowledged_at: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
      state_changed_at: new Date(r.state_changed_at),
    }));
  }, 600_000);

  it('issues one alert a week for twelve weeks, each at its moment, targeting exposed organisations', async () => {
    expect(result.alerts).toBe(PAST_ALERTS.length);
    const alerts = await listAlerts(db(), SYSTEM_ACTOR, fixedClock(NOW));
    expect(alerts).toHaveLength(PAST_ALERTS.length);
    expect(alerts.reduce((n, a) => n + a.targets, 0)).toBe(targets.length);
    const issued = alerts.map((a) => new Date(a.issuedAt).getTime()).sort((x, y) => x - y);
    expect(issued).toEqual(PAST_ALERTS.map((a) => pastIssueTime(a.weeksAgo, NOW)));
    expect(Math.max(...PAST_ALERTS.map((a) => a.weeksAgo))).toBe(HISTORY_WEEKS);
    // All inside the last twelve weeks, the oldest near its start.
    expect(issued[0]).toBeGreaterThan(NOW.getTime() - HISTORY_WEEKS * WEEK_MS);
    expect(issued[0]).toBeLessThan(NOW.getTime() - (HISTORY_WEEKS - 1) * WEEK_MS);
    expect(result.targets).toBe(targets.length);
    expect(targets.length).toBeGreaterThan(50);
    for (const t of targets) expect(t.targeted_at.getTime()).toBe(t.issued_at.getTime());
  });

  it('holds answers on time, late and never (overdue now), none dated after now or before the alert', () => {
    const onTime = targets.filter((t) => t.acknowledged_at && t.acknowledged_at <= t.ack_due_at);
    const late = targets.filter((t) => t.acknowledged_at && t.acknowledged_at > t.ack_due_at);
    const overdue = targets.filter((t) => t.state === 'awaiting_ack' && t.ack_due_at < NOW);
    expect(onTime.length).toBeGreaterThan(late.length);
    expect(late.length).toBeGreaterThan(0);
    expect(overdue.length).toBeGreaterThan(0);
    for (const state of ['resolved', 'not_applicable'])
      expect(
        targets.some((t) => t.state === state),
        state,
      ).toBe(true);
    for (const t of targets) {
      expect(t.state_changed_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      if (t.acknowledged_at) expect(t.acknowledged_at > t.targeted_at).toBe(true);
    }
    expect(result.responses).toBeGreaterThanOrEqual(onTime.length + late.length);
  });

  it('gives the compliance trend and the alert list their weeks and overdue answers', async () => {
    const overview = await alertComplianceOverview(db(), ADMIN_CLI, fixedClock(NOW), null, HISTORY_WEEKS + 1);
    // Every target falls in one week of the trend, and the alerts with targets make several weeks.
    expect(overview.trend.reduce((n, w) => n + w.targets, 0)).toBe(targets.length);
    expect(overview.trend.length).toBeGreaterThan(4);
    expect(overview.totals.targets).toBe(targets.length);
    expect(overview.totals.overdue).toBe(
      targets.filter((t) => t.state === 'awaiting_ack' && t.ack_due_at < NOW).length,
    );
    expect(overview.trend.some((w) => w.shareAcknowledgedInTime > 0 && w.shareAcknowledgedInTime < 1)).toBe(
      true,
    );
    const alerts = await listAlerts(db(), SYSTEM_ACTOR, fixedClock(NOW));
    expect(alerts.reduce((n, a) => n + a.overdue, 0)).toBe(overview.totals.overdue);
  });
});
