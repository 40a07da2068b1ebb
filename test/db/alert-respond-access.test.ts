/**
 * A bulk response asks about access in bulk: answering for 5,000 organisations makes as many
 * organisation and closure-table lookups as answering for 50 (one to resolve the codes the caller
 * can see, one permission question), counted on the queries the database receives. Hidden
 * organisations are not found and visible ones without the write permission forbidden, before any
 * write.
 */
import { type KyselyPlugin, PostgresQueryCompiler, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { type Actor, userActor } from '../../src/domain/access/actor.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import { ForbiddenError, NotFoundError } from '../../src/errors.js';
import { loadGrants } from '../../src/services/access/access.service.js';
import { addUser } from '../../src/services/access/user.service.js';
import { issueAlert, respondToAlert } from '../../src/services/alerts/index.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { alertContext } from '../factories/contact.factory.js';
import { ADMIN_CLI, TEST_PASSWORD } from '../factories/identity.factory.js';
import { type OrgCsvLine, orgCsv, SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const PRACTICES = 5000;
const practice = (i: number) => `P${String(i).padStart(5, '0')}`;
const CODES = Array.from({ length: PRACTICES }, (_, i) => practice(i));
const LOOKUP = /"(organisations|org_closure|memberships)"/;

/** Counts the statements that read the organisation tree, as compiled for PostgreSQL. */
function lookupCounter(): KyselyPlugin & { lookups: number; statements: number } {
  const compiler = new PostgresQueryCompiler();
  return {
    lookups: 0,
    statements: 0,
    transformQuery(args) {
      this.statements++;
      if (LOOKUP.test(compiler.compileQuery(args.node, args.queryId).sql)) this.lookups++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}

describeEachEngine('bulk alert responses', (db) => {
  const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
  let icbLead: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    const lines: OrgCsvLine[] = [
      ...SMALL_FEDERATION,
      ...CODES.map((c, i): OrgCsvLine => [c, `Practice ${i}`, 'gp_practice', 'QWE']),
    ];
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv(lines));
    const user = async (username: string, role: 'responder' | 'viewer') => {
      const { user } = await addUser(db(), ADMIN_CLI, {
        username,
        password: TEST_PASSWORD,
        org: 'QWE',
        role,
      });
      return userActor(user.id, username, await loadGrants(db().db, user.id));
    };
    icbLead = await user('icb-lead', 'responder');
    viewer = await user('viewer', 'viewer');
  }, 120_000);

  async function issue(): Promise<string> {
    const issued = await issueAlert(db(), alertContext(clock), {
      title: 'Practices: patch the remote desktop gateway',
      severity: 'high',
      action: 'Patch',
      cves: ['CVE-2019-0708'],
      advisory: null,
      targets: ['under:QWE+kind:gp_practice'],
    });
    return issued.reference;
  }

  /** Responds for the codes as the ICB lead, counting the tree lookups the database receives. */
  async function respondCounted(codes: readonly string[]) {
    const reference = await issue();
    const counter = lookupCounter();
    const counted: Database = { ...db(), db: db().db.withPlugin(counter) };
    const result = await respondToAlert(
      counted,
      { ...alertContext(clock), actor: icbLead },
      {
        reference,
        orgs: codes,
        status: 'acknowledged',
      },
    );
    return { result, lookups: counter.lookups, statements: counter.statements };
  }

  it('looks the organisations up as often for 5,000 as for 50', async () => {
    const few = await respondCounted(CODES.slice(0, 50));
    const many = await respondCounted(CODES);
    expect(few.result.applied).toHaveLength(50);
    expect(many.result.applied).toHaveLength(PRACTICES);
    expect(many.result.skipped).toEqual([]);
    expect(many.lookups).toBe(few.lookups);
    expect(many.lookups).toBeLessThanOrEqual(4);
    // The statement count does grow (one audit record per organisation answered for): lookups do not.
    expect(many.statements).toBeGreaterThan(few.statements);
  }, 120_000);

  it('reports hidden organisations not found and refused ones forbidden, writing nothing', async () => {
    const reference = await issue();
    const events = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM alert_events`.execute(db().db)).rows[0]?.n;
    const before = await events();
    const ctx = { ...alertContext(clock), actor: icbLead };
    await expect(
      respondToAlert(db(), ctx, { reference, orgs: [...CODES, 'A84001', 'RAL'], status: 'acknowledged' }),
    ).rejects.toThrow(new NotFoundError('no organisation A84001, RAL'));
    await expect(
      respondToAlert(db(), { ...ctx, actor: viewer }, { reference, orgs: CODES, status: 'acknowledged' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      respondToAlert(db(), { ...ctx, actor: viewer }, { reference, under: 'QWE', status: 'acknowledged' }),
    ).rejects.toThrow(new ForbiddenError('user:viewer may not write on QWE'));
    expect(await events()).toBe(before);
  }, 120_000);
});
