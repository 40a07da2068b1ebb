/**
 * Federation benchmarks: importing 21,000 organisations from CSV, re-importing the same file
 * (idempotent, nothing written), and 10,000 random subtree queries through the closure table.
 */

import { listAllOrganisations, listSubtree } from '../src/db/repositories/organisation.repository.js';
import { SYSTEM_ACTOR } from '../src/domain/access/actor.js';
import { FULL_SCOPE } from '../src/domain/access/scope.js';
import { generateOrganisations, organisationsCsvChunks } from '../src/generate/index.js';
import { importOrganisations } from '../src/services/federation/organisation.service.js';
import { type BenchArgs, benchDatabase, numberArg, percentile, report, timed } from './harness.js';

export async function run(args: BenchArgs): Promise<void> {
  const orgs = numberArg(args, 'orgs', 21_000);
  const queries = numberArg(args, 'queries', 10_000);
  const database = await benchDatabase(args.engine);
  try {
    const csv = [...organisationsCsvChunks(generateOrganisations({ orgs, seed: 1 }))].join('');
    const [, importS] = await timed(() => importOrganisations(database, SYSTEM_ACTOR, 'orgs.csv', csv));
    report('org_import', args.engine, orgs, importS);
    const [, reimportS] = await timed(() => importOrganisations(database, SYSTEM_ACTOR, 'orgs.csv', csv));
    report('org_reimport', args.engine, orgs, reimportS);

    const all = await listAllOrganisations(database.db);
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const times: number[] = [];
    let rows = 0;
    const start = performance.now();
    for (let i = 0; i < queries; i++) {
      const org = all[Math.floor(random() * all.length)] as (typeof all)[number];
      const t = performance.now();
      rows += (await listSubtree(database.db, org.id, null, FULL_SCOPE)).length;
      times.push(performance.now() - t);
    }
    const seconds = (performance.now() - start) / 1000;
    times.sort((a, b) => a - b);
    report('subtree_query', args.engine, queries, seconds, {
      p50_ms: percentile(times, 50),
      p95_ms: percentile(times, 95),
      rows_returned: rows,
      organisations: all.length,
    });
  } finally {
    await database.close();
  }
}
