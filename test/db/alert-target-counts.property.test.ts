/**
 * Property test of the maintained alert counts: after random issues (explicit and auto targets),
 * single and bulk responses (with next-update deadlines inside and across hours), inventory imports
 * that auto-target live alerts, withdrawals and moves in the tree, the status read from the
 * maintained counts equals the targets counted one by one — in total and per region and ICB, for
 * several scopes, at many `now`s (on, just before and just after the deadlines).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import {
  readTargetCounts,
  type StateCounts,
} from '../../src/db/repositories/alert-target-counts.repository.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { FULL_SCOPE, type Scope, subtreeScope } from '../../src/domain/access/scope.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import {
  acknowledgedInTime,
  isOverdue,
  isUpdateDue,
  type TargetState,
} from '../../src/domain/alerts/target-state.js';
import { WardError } from '../../src/errors.js';
import { alertStatus, issueAlert, respondToAlert, withdrawAlert } from '../../src/services/alerts/index.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { alertContext } from '../factories/contact.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1, WIN10_1709 } from '../factories/inventory.factory.js';
import { type OrgCsvLine, orgCsv, SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const MINUTE = 60_000;
const T0 = new Date('2026-06-01T08:17:00Z');
const LEAVES = ['RJ7', 'RAL', 'H85001', 'H85002', 'F83001', 'FA123', 'A84001'];
const SPECS = ['auto', 'all', 'kind:gp_practice', 'under:QWE', 'org:RJ7', 'kind:trust+under:Y56'];
const STATES = ['acknowledged', 'in_progress', 'resolved', 'not_applicable'] as const;

/** The small federation with H85002 under QWE (as shipped) or moved to QHM in another region. */
const tree = (moved: boolean): OrgCsvLine[] =>
  SMALL_FEDERATION.map((l) => (moved && l[0] === 'H85002' ? [l[0], l[1], l[2], 'QHM'] : l));

type Op =
  | { op: 'advance'; minutes: number }
  | { op: 'issue'; spec: string; ackHours: number }
  | { op: 'respond'; orgs: string[]; status: (typeof STATES)[number]; nextMinutes: number | null }
  | { op: 'bulk'; under: string; status: (typeof STATES)[number]; nextMinutes: number | null }
  | { op: 'import'; org: string; exposed: boolean }
  | { op: 'withdraw' }
  | { op: 'move'; moved: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 4000 }) }),
  fc.record({
    op: fc.constant('issue' as const),
    spec: fc.constantFrom(...SPECS),
    ackHours: fc.integer({ min: 1, max: 72 }),
  }),
  fc.record({
    op: fc.constant('respond' as const),
    orgs: fc.subarray(LEAVES, { minLength: 1 }),
    status: fc.constantFrom(...STATES),
    nextMinutes: fc.option(fc.integer({ min: 1, max: 300 })),
  }),
  fc.record({
    op: fc.constant('bulk' as const),
    under: fc.constantFrom('QWE', 'Y56', 'X26', 'QHM'),
    status: fc.constantFrom(...STATES),
    nextMinutes: fc.option(fc.integer({ min: 1, max: 300 })),
  }),
  fc.record({ op: fc.constant('import' as const), org: fc.constantFrom(...LEAVES), exposed: fc.boolean() }),
  fc.record({ op: fc.constant('withdraw' as const) }),
  fc.record({ op: fc.constant('move' as const), moved: fc.boolean() }),
);

interface TargetFact {
  org_id: string;
  state: string;
  ack_due_at: Date;
  acknowledged_at: Date | null;
  next_update_due_at: Date | null;
  asset_count: number;
  groups: string[];
}

const zero = (): StateCounts => ({
  total: 0,
  awaiting_ack: 0,
  acknowledged: 0,
  in_progress: 0,
  resolved: 0,
  not_applicable: 0,
  overdue: 0,
  update_due: 0,
  acknowledged_in_time: 0,
  assets: 0,
});

/** Counts the targets one by one with the domain's own rules. */
function countOneByOne(
  targets: TargetFact[],
  now: Date,
): { total: StateCounts; groups: Map<string, StateCounts> } {
  const total = zero();
  const groups = new Map<string, StateCounts>();
  for (const t of targets) {
    const timing = {
      state: t.state as TargetState,
      ackDueAt: new Date(t.ack_due_at),
      acknowledgedAt: t.acknowledged_at ? new Date(t.acknowledged_at) : null,
      nextUpdateDueAt: t.next_update_due_at ? new Date(t.next_update_due_at) : null,
    };
    for (const c of [
      total,
      ...t.groups.map((g) => groups.get(g) ?? (groups.set(g, zero()).get(g) as StateCounts)),
    ]) {
      c.total++;
      c[t.state as TargetState]++;
      if (isOverdue(timing, now)) c.overdue++;
      if (isUpdateDue(timing, now)) c.update_due++;
      if (acknowledgedInTime(timing)) c.acknowledged_in_time++;
      c.assets += t.asset_count;
    }
  }
  return { total, groups };
}

describeEachEngine('maintained alert counts (property)', (db, engine) => {
  const clock = manualClock(T0);
  const ctx = alertContext(clock);
  const ids = new Map<string, string>();
  const refs: string[] = [];

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv(tree(false)));
    await loadShippedIntel(db());
    for (const r of await db().db.selectFrom('organisations').select(['id', 'code']).execute())
      ids.set(r.code, r.id);
  });

  const nextUpdate = (minutes: number | null) =>
    minutes === null ? null : new Date(clock.now().getTime() + minutes * MINUTE).toISOString();

  async function apply(o: Op): Promise<void> {
    const ref = refs.at(-1);
    switch (o.op) {
      case 'advance':
        clock.set(new Date(clock.now().getTime() + o.minutes * MINUTE));
        return;
      case 'issue': {
        const issued = await issueAlert(db(), ctx, {
          title: `Alert ${refs.length}`,
          severity: 'high',
          action: 'Patch.',
          cves: ['CVE-2017-0144'],
          advisory: null,
          targets: [o.spec],
          ackHours: o.ackHours,
        });
        refs.push(issued.reference);
        return;
      }
      case 'respond':
      case 'bulk':
        if (!ref) return;
        await respondToAlert(db(), ctx, {
          reference: ref,
          ...(o.op === 'respond' ? { orgs: o.orgs } : { under: o.under }),
          status: o.status,
          reason: o.status === 'not_applicable' ? 'no such devices' : null,
          nextUpdate:
            o.status === 'acknowledged' || o.status === 'in_progress' ? nextUpdate(o.nextMinutes) : null,
        }).catch((e) => {
          if (!(e instanceof WardError)) throw e;
        });
        return;
      case 'import':
        await importCsv(
          db(),
          o.org,
          inventoryCsv([{ id: `${o.org}-PC`, components: o.exposed ? [WIN7_SP1, SMB1] : [WIN10_1709] }]),
        );
        return;
      case 'withdraw':
        if (ref) await withdrawAlert(db(), ctx, ref, 'drill over').catch(() => undefined);
        return;
      case 'move':
        await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv(tree(o.moved)));
        return;
    }
  }

  async function facts(reference: string, scope: Scope): Promise<TargetFact[]> {
    const rows = await sql<TargetFact & { org_code: string }>`
      SELECT t.org_id, t.state, t.ack_due_at, t.acknowledged_at, t.next_update_due_at, t.asset_count,
        ARRAY(SELECT g.id::text FROM org_closure c JOIN organisations g ON g.id = c.ancestor_id
          AND g.kind IN ('region', 'icb') WHERE c.descendant_id = t.org_id) AS groups
      FROM alert_targets t JOIN alerts a ON a.id = t.alert_id WHERE a.reference = ${reference}`.execute(
      db().db,
    );
    if (scope.all) return rows.rows;
    const inScope = await sql<{ id: string }>`
      SELECT descendant_id AS id FROM org_closure WHERE ancestor_id IN (${sql.join(scope.roots)})`.execute(
      db().db,
    );
    const allowed = new Set(inScope.rows.map((r) => r.id));
    return rows.rows.filter((r) => allowed.has(r.org_id));
  }

  async function check(): Promise<void> {
    const scopes: Scope[] = [
      FULL_SCOPE,
      subtreeScope([ids.get('Y56') as string]),
      subtreeScope([ids.get('RJ7') as string]),
      subtreeScope([ids.get('QWE') as string, ids.get('H85001') as string, ids.get('A84001') as string]),
    ];
    for (const ref of refs) {
      const alertId = (
        await sql<{ id: string }>`SELECT id FROM alerts WHERE reference = ${ref}`.execute(db().db)
      ).rows[0]?.id as string;
      for (const scope of scopes) {
        const targets = await facts(ref, scope);
        const deadlines = new Set(
          targets
            .flatMap((t) => [t.ack_due_at, t.next_update_due_at])
            .flatMap((d) => (d ? [new Date(d).getTime()] : [])),
        );
        const nows = [
          clock.now(),
          new Date(clock.now().getTime() + 5 * 24 * 60 * MINUTE),
          ...[...deadlines].flatMap((d) => [-1, 0, 1, 29 * MINUTE].map((off) => new Date(d + off))),
        ];
        for (const now of nows) {
          const expected = countOneByOne(targets, now);
          const got = await readTargetCounts(db().db, alertId, scope, now);
          expect(got.total).toEqual(expected.total);
          expect(
            new Map(
              got.groups.map(({ org_id, code: _c, name: _n, kind: _k, parent_code: _p, ...c }) => [
                org_id,
                c,
              ]),
            ),
          ).toEqual(expected.groups);
        }
      }
    }
  }

  it(
    'equals counting the targets one by one, after any sequence of target changes, at any now',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: 12 }), async (ops) => {
          for (const o of ops) await apply(o);
          await check();
        }),
        { numRuns: 12, seed: 12 },
      );
      const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM alert_target_counts`.execute(
        db().db,
      );
      expect(refs.length).toBeGreaterThan(3);
      expect(rows.rows[0]?.n).toBeGreaterThan(0);
      // Citus plans and ships each of the run's thousands of statements to its workers: about 8 times slower.
    },
    engine === 'citus' ? 400_000 : 120_000,
  );

  it('serves the same figures through the alert status', async () => {
    const ref = refs.at(-1) as string;
    const status = await alertStatus(db(), SYSTEM_ACTOR, clock, ref);
    const expected = countOneByOne(await facts(ref, FULL_SCOPE), clock.now()).total;
    expect(status.counts).toMatchObject({
      targets: expected.total,
      awaitingAck: expected.awaiting_ack,
      overdue: expected.overdue,
      updateDue: expected.update_due,
      acknowledgedInTime: expected.acknowledged_in_time,
      assets: expected.assets,
    });
  });
});
