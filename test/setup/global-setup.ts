/**
 * Vitest global set-up: one throwaway PostgreSQL cluster for the whole run (each test file makes
 * its own database in it, see engines.ts), migrated template databases for both engines
 * (template-databases.ts), the dashboard built when missing or stale, the sources
 * transpiled for the `ward` child processes of the end-to-end tests (ward-build.ts), Debian's
 * Chromium installed for the browser tests when missing, and — with WARD_TEST_CITUS=1 — a
 * throwaway Citus cluster (coordinator and two workers) for the third engine (citus.ts).
 */
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from '../../src/http/web/web-build.js';
import { ensureChromium } from './chromium.js';
import { type CitusCluster, citusVendorMissing, ensureCitus, startCitusCluster } from './citus.js';
import { startPostgresCluster } from './postgres-cluster.js';
import { makeTemplateDatabases } from './template-databases.js';
import { buildWardForTests } from './ward-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    /** The run's migrated templates (template-databases.ts). */
    templates: { postgres: string; pgliteDataDir: string; pgliteDump: string };
    /** The module the end-to-end tests start as `ward` (ward-build.ts). */
    wardEntry: string;
    /** The Citus cluster's nodes, or why the citus engine does not run. */
    citus: { coordinator: string; workers: string[] } | { skipped: string };
  }
}

/**
 * Builds and installs Citus when the run asks for it, or says why the engine does not run. Called
 * before any PostgreSQL server starts: its build dependencies may upgrade Debian's PostgreSQL,
 * whose running servers would then load libraries of the new version.
 */
function prepareCitus(): string | null {
  if (process.env.WARD_TEST_CITUS !== '1' && process.env.WARD_TEST_CITUS !== 'all')
    return 'set WARD_TEST_CITUS=1 to run it';
  const missing = citusVendorMissing();
  if (missing) return missing;
  const built = ensureCitus();
  if (built) console.log(`[test setup] built and installed Citus in ${built.toFixed(0)} s`);
  return null;
}

async function startCitus(): Promise<CitusCluster> {
  const started = Date.now();
  const cluster = await startCitusCluster();
  console.log(
    `[test setup] started a Citus coordinator and two workers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return cluster;
}

export default async function setup(project: TestProject) {
  const built = await ensureWebBuild();
  if (built) console.log(`[test setup] built the dashboard (web/dist was ${built})`);
  ensureChromium();
  const ward = await buildWardForTests();
  console.log(
    `[test setup] transpiled ${ward.files} source files for the ward command in ${ward.seconds.toFixed(1)} s`,
  );
  project.provide('wardEntry', ward.entry);
  let citusSkipped: string | null;
  try {
    citusSkipped = prepareCitus();
  } catch (error) {
    ward.remove();
    throw error;
  }
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  const templates = await makeTemplateDatabases(cluster.url).catch((error) => {
    cluster.stop();
    ward.remove();
    throw error;
  });
  console.log(`[test setup] migrated the template databases in ${templates.seconds.toFixed(1)} s`);
  project.provide('templates', {
    postgres: templates.postgres,
    pgliteDataDir: templates.pgliteDataDir,
    pgliteDump: templates.pgliteDump,
  });
  const citus =
    citusSkipped ??
    (await startCitus().catch((error) => {
      cluster.stop();
      templates.remove();
      ward.remove();
      throw error;
    }));
  project.provide(
    'citus',
    typeof citus === 'string'
      ? { skipped: citus }
      : { coordinator: citus.coordinator, workers: citus.workers },
  );
  return () => {
    cluster.stop();
    templates.remove();
    ward.remove();
    if (typeof citus !== 'string') citus.stop();
  };
}
