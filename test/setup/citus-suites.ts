/**
 * The suites that also run on the Citus cluster — the named subset issue 17 asks for, chosen so
 * that together they touch every repository: exposure and its summaries, alerts and responses,
 * the access-isolation matrices, and the API routes. A suite joins by its `describeEachEngine`
 * name. `WARD_TEST_CITUS=all` runs every engine-wide suite on Citus instead (to find what breaks).
 */
export const CITUS_SUITES: ReadonlySet<string> = new Set<string>([
  'indicator sharing',
  'indicator matching, flags and notices',
  'TLP rule: SQL against the domain',
  'STIX 2.1 bundles',
  'TAXII pull',
  'demo incidents',
  'TLP matrix over every indicator read path',
  'organisation import',
  'scoped reads (property, random hierarchy)',
  'audit log',
  'platform defaults: WannaCry on an operating-system-only inventory',
  'inventory, assets and contacts decide access from the caller',
  'external observations',
  'several reports in one import',
  'external assets synced set-based',
  'address import, list and lookup',
  'address attribution',
  'intel sync from local stand-ins',
]);

/** Whether the suite named `name` runs on Citus when the cluster is up. */
export function runsOnCitus(name: string): boolean {
  return process.env.WARD_TEST_CITUS === 'all' || CITUS_SUITES.has(name);
}
