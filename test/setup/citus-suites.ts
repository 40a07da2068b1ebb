/**
 * The suites that also run on the Citus cluster — the named subset issue 17 asks for, chosen so
 * that together they touch every repository: exposure and its summaries, alerts and responses,
 * the access-isolation matrices, and the API routes. A suite joins by its `describeEachEngine`
 * name. `WARD_TEST_CITUS=all` runs every engine-wide suite on Citus instead (to find what breaks).
 */
export const CITUS_SUITES: ReadonlySet<string> = new Set<string>([
  'exposure engine',
  'alerts',
  'contacts import',
  'bulk alert responses',
  'maintained alert counts (property)',
  'the overdue rule in SQL',
  'daily digests at a local hour',
  'notification delivery',
  'per-contact webhooks',
  'baseline',
  'baseline summary: trend and organisations not started',
  'baseline auto-evidence',
  'baseline auto-evidence: B4.d fixing, B4.b end of life',
  'baseline roll-up',
  'baseline evidence files carried into next year',
  'worm simulation on the inventory',
  'worm simulations as jobs',
  'worm simulation: disruption through shared services',
  'network import',
  'remote-working watch and KEV-drafted alerts',
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
