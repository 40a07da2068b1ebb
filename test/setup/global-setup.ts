/**
 * Vitest global set-up: one throwaway PostgreSQL cluster for the whole run (each test file makes
 * its own database in it, see engines.ts), the dashboard built when missing or stale, and Debian's
 * Chromium installed for the browser tests when missing.
 */
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from '../../src/http/web/web-build.js';
import { ensureChromium } from './chromium.js';
import { startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const built = await ensureWebBuild();
  if (built) console.log(`[test setup] built the dashboard (web/dist was ${built})`);
  ensureChromium();
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
