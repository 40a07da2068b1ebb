/**
 * A transaction that reads every organisation's tenant rows and then changes a table they refer
 * to — as importing a baseline framework, issuing an alert or recording an incident does — commits
 * on every engine. On Citus the read reaches the tenant shards over several connections per worker
 * unless the transaction runs its multi-shard statements over one (the PostgreSQL driver's doing),
 * and Citus then refuses the change to the reference table.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

describeEachEngine('transactions across organisations', (db, engine) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'RJ7-1', components: [WIN7_SP1] }]));
    await importCsv(db(), 'RAL', inventoryCsv([{ id: 'RAL-1', components: [WIN7_SP1] }]));
    await importCsv(db(), 'QWE', inventoryCsv([{ id: 'QWE-1', components: [WIN7_SP1] }]));
  });

  it('changes a reference table after reading every organisation’s tenant rows', async () => {
    const counted = await db()
      .db.transaction()
      .execute(async (trx) => {
        // Citus opens a second connection to a worker only when a statement runs long enough; this
        // makes it open one per shard at once, as a large federation's read would.
        if (engine === 'citus') await sql`SET LOCAL citus.force_max_query_parallelization TO on`.execute(trx);
        const assets = await trx
          .selectFrom('assets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('organisations')
          .set({ name: 'Queen’s Wharf (renamed)' })
          .where('code', '=', 'QWE')
          .execute();
        return assets.n;
      });
    expect(counted).toBe(3);
    const qwe = await db()
      .db.selectFrom('organisations')
      .select('name')
      .where('code', '=', 'QWE')
      .executeTakeFirst();
    expect(qwe?.name).toBe('Queen’s Wharf (renamed)');
  });
});
