/**
 * Sharing benchmark (`npm run bench -- sharing [--engine postgres] [--orgs N] [--indicators N]
 * [--memberships N] [--checks N] [--pages N] [--taxii-pages N] [--stix N]`): a generated federation
 * seeded in bulk (bench/sharing-data.ts) with indicators across every TLP marking and sharing-group
 * memberships. Measures, in turn:
 * - checking a new indicator against everything held (`checkIndicator`: other visible indicators of
 *   the same value, registered ranges and domains, services seen from outside; p95 target < 50 ms);
 * - a trust caller's indicator list, a page of 1,000 with the TLP rule applied (p95);
 * - a TAXII `objects` page of 1,000 for the same kind of caller over HTTP, per collection and over
 *   all (bench/sharing-taxii.ts; p95 target < 200 ms);
 * - importing a STIX 2.1 bundle of `--stix` indicators (default: as many as were seeded) on top of
 *   them, then the same bundle again (bench/sharing-stix.ts; target ≥ 5,000 indicators/s).
 * The national size: --orgs 21000 --indicators 500000 --memberships 20000 on PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import type { Database } from '../src/db/connect.js';
import { readerOf } from '../src/db/repositories/sharing/reader.repository.js';
import { SYSTEM_ACTOR, userActor } from '../src/domain/access/actor.js';
import { generateOrganisations, organisationsCsvChunks } from '../src/generate/index.js';
import { importOrganisations } from '../src/services/federation/organisation.service.js';
import { listIndicators } from '../src/services/sharing/indicator.service.js';
import { checkIndicator } from '../src/services/sharing/indicator-match.service.js';
import { type BenchArgs, benchDatabase, numberArg, percentile, report, timed } from './harness.js';
import { benchValue, seedSharing } from './sharing-data.js';
import { measureStixImport, stixBenchBundle } from './sharing-stix.js';
import { measureTaxiiObjectsPage } from './sharing-taxii.js';

/** Matches kept of indicators naming the federation's own (flagged to their organisations). */
async function countMatches(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('indicator_matches')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function run(args: BenchArgs): Promise<void> {
  const orgs = numberArg(args, 'orgs', 2000);
  const indicators = numberArg(args, 'indicators', 50_000);
  const memberships = numberArg(args, 'memberships', Math.min(20_000, Math.floor(indicators / 25)));
  const checks = numberArg(args, 'checks', 300);
  const pages = numberArg(args, 'pages', 20);
  const taxiiPages = numberArg(args, 'taxii-pages', 30);
  const stix = numberArg(args, 'stix', indicators);
  const log = (line: string) => process.stderr.write(`sharing: ${line}\n`);
  const database = await benchDatabase(args.engine);
  try {
    const csv = [...organisationsCsvChunks(generateOrganisations({ orgs, seed: 1 }))].join('');
    await importOrganisations(database, SYSTEM_ACTOR, 'orgs.csv', csv);
    const [seed, seedSeconds] = await timed(() => seedSharing(database, { indicators, memberships }));
    log(`seeded ${seed.indicators} indicators, ${seed.memberships} memberships in ${seed.groups} groups`);
    report('sharing.seed', args.engine, seed.indicators, seedSeconds, {
      orgs,
      memberships: seed.memberships,
      groups: seed.groups,
      ranges: seed.ranges,
      services: seed.services,
    });

    // A trust's responder: the caller of both measures.
    const trust = await database.db
      .selectFrom('organisations')
      .select(['id', 'code'])
      .where('kind', '=', 'trust')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const actor = userActor('00000000-0000-4000-8000-000000000001', 'bench-trust', [
      { orgId: trust.id, role: 'responder' },
    ]);
    const reader = await readerOf(database.db, actor);

    // New values: a third held already (another producer's), a third in a registered range, a third unseen.
    const probes = Array.from({ length: checks }, (_, i) => {
      if (i % 3 === 0)
        return seed.sampleValues[i % seed.sampleValues.length] as { type: string; value: string };
      if (i % 3 === 1) {
        const range = seed.sampleRanges[i % seed.sampleRanges.length] as string;
        const host = (range.split('/')[0] as string).replace(/\d+$/, (d) => String(Number(d) + 5));
        return { type: 'ipv4', value: host };
      }
      return benchValue(indicators + i);
    });
    const checkMs: number[] = [];
    let linked = 0;
    const t0 = performance.now();
    for (const p of probes) {
      const start = performance.now();
      const found = await checkIndicator(database.db, reader, p.type, p.value);
      checkMs.push(performance.now() - start);
      if (found.alsoReportedBy.length > 0 || found.federation.length > 0) linked++;
    }
    checkMs.sort((a, b) => a - b);
    report('sharing.check', args.engine, checks, (performance.now() - t0) / 1000, {
      indicators,
      linked,
      p50_ms: percentile(checkMs, 50),
      p95_ms: percentile(checkMs, 95),
      target_p95_ms: 50,
    });

    const pageMs: number[] = [];
    let after: { modifiedAt: string; id: string } | undefined;
    let rows = 0;
    const t1 = performance.now();
    for (let p = 0; p < pages; p++) {
      const start = performance.now();
      const page = await listIndicators(database, actor, { limit: 1000, after });
      pageMs.push(performance.now() - start);
      rows += page.length;
      const last = page[page.length - 1];
      after = last ? { modifiedAt: last.position, id: last.id } : undefined;
      if (page.length < 1000) after = undefined;
    }
    pageMs.sort((a, b) => a - b);
    report('sharing.list-page', args.engine, pages, (performance.now() - t1) / 1000, {
      indicators,
      page: 1000,
      rows,
      p50_ms: percentile(pageMs, 50),
      p95_ms: percentile(pageMs, 95),
    });

    for (const f of await measureTaxiiObjectsPage(database, { pages: taxiiPages }))
      report('sharing.taxii-page', args.engine, f.pages, 0, { indicators, ...f, target_p95_ms: 200 });

    const bundle = stixBenchBundle(stix);
    const matchesBefore = await countMatches(database);
    const first = await measureStixImport(database, trust.code, bundle);
    report('sharing.stix-import', args.engine, stix, first.seconds, {
      indicators_held: indicators,
      created: first.created,
      matches_flagged: (await countMatches(database)) - matchesBefore,
      bundle_mb: Number((bundle.length / 1048576).toFixed(1)),
      target_rate: 5000,
    });
    const again = await measureStixImport(database, trust.code, bundle);
    report('sharing.stix-reimport', args.engine, stix, again.seconds, { updated: again.updated });
  } finally {
    await database.close();
  }
}
