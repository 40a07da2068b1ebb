/**
 * The suites that also run on the Citus cluster — the named subset issue 17 asks for, chosen so
 * that together they reach every repository (the API's isolation suite calls every route) at a
 * fraction of the time of them all: exposure and its summaries, alerts and responses, baselines,
 * the worm simulation, outside-in, sharing and incidents, federation and inventory imports, the
 * access-isolation matrices and the API routes. A suite joins by its `describeEachEngine` name.
 * `WARD_TEST_CITUS=all` runs every engine-wide suite on Citus instead.
 */
export const CITUS_SUITES: ReadonlySet<string> = new Set<string>([
  // Exposure, intel and inventory.
  'exposure engine',
  'a re-import refreshes only what it can reach',
  'component presence kept by difference',
  'platform defaults: WannaCry on an operating-system-only inventory',
  'intel sync from local stand-ins',
  'organisation import',
  'inventory, assets and contacts decide access from the caller',
  // Alerts, contacts and notifications.
  'alerts',
  'bulk alert responses',
  'contacts import',
  'notification delivery',
  // Baselines and the worm simulation.
  'baseline',
  'baseline auto-evidence',
  'worm simulation on the inventory',
  // Outside-in.
  'external observations',
  'address import, list and lookup',
  'remote-working watch and KEV-drafted alerts',
  // Sharing and incidents.
  'indicator sharing',
  'STIX 2.1 bundles',
  'demo incidents',
  // Isolation and audit.
  'scoped reads (property, random hierarchy)',
  'TLP matrix over every indicator read path',
  'audit log',
  // The API.
  'isolation over every route',
  'organisation routes',
  'inventory and asset routes',
  'national work over the API',
  'incident routes',
  'TAXII isolation over every route',
]);

/** Whether the suite named `name` runs on Citus when the cluster is up. */
export function runsOnCitus(name: string): boolean {
  return process.env.WARD_TEST_CITUS === 'all' || CITUS_SUITES.has(name);
}
