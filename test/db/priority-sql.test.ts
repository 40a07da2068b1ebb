import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { automatableSql, prioritySql } from '../../src/db/repositories/priority.sql.js';
import { automatableOf, decide, type Exploitation, type Exposure } from '../../src/domain/priority/ssvc.js';
import { describeEachEngine } from '../setup/engines.js';

describeEachEngine('priority in SQL', (db) => {
  it('agrees with the domain decision on every combination of inputs', async () => {
    const combos: [Exploitation, Exposure, boolean, boolean][] = [];
    for (const e of ['active', 'poc', 'none'] as const)
      for (const x of ['open', 'controlled', 'small'] as const)
        for (const a of [true, false]) for (const s of [true, false]) combos.push([e, x, a, s]);
    for (const [e, x, a, s] of combos) {
      const row = await sql<{
        p: string;
      }>`SELECT ${prioritySql(sql`${e}::text`, sql`${x}::text`, sql`${a}::boolean`, sql`${s}::boolean`)} AS p`.execute(
        db().db,
      );
      expect([e, x, a, s, row.rows[0]?.p]).toEqual([
        e,
        x,
        a,
        s,
        decide({ exploitation: e, exposure: x, automatable: a, safetyImpact: s }),
      ]);
    }
  });

  it('reads automatability from CVSS vectors as the domain does', async () => {
    const vectors = [
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      'AV:N/AC:M/Au:N/C:C/I:C/A:C',
      'AV:N/AC:L/Au:S/C:P/I:P/A:P',
      'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      null,
    ];
    for (const v of vectors) {
      const row = await sql<{ a: boolean }>`SELECT ${automatableSql(sql`${v}::text`)} AS a`.execute(db().db);
      expect([v, row.rows[0]?.a]).toEqual([v, automatableOf(v)]);
    }
  });
});
