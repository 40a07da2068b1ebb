/**
 * Ward's configuration, parsed once from the environment into a frozen object.
 * Nothing else reads `process.env`; tests call `resetConfig()` after changing it.
 */
import { resolve } from 'node:path';
import { ConfigError } from './errors.js';

export interface Config {
  /** Directory of the embedded database and other local state. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when set, Ward uses PostgreSQL instead of the embedded engine. */
  readonly databaseUrl: string | null;
  readonly port: number;
  readonly host: string;
  /** Folder of feed files the demo loads intel from, when set. */
  readonly intelDir: string | null;
  /** Feed base URLs (official services by default; tests and mirrors point them elsewhere). */
  readonly feeds: { nvd: string | null; nvdApiKey: string | null; kev: string | null; epss: string | null };
}

let current: Config | null = null;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function fromEnv(env: NodeJS.ProcessEnv): Config {
  return Object.freeze({
    dataDir: resolve(env.WARD_DATA_DIR || '.ward'),
    databaseUrl: env.DATABASE_URL || null,
    port: parsePort(env.PORT),
    host: env.HOST || '127.0.0.1',
    intelDir: env.WARD_INTEL_DIR ? resolve(env.WARD_INTEL_DIR) : null,
    feeds: Object.freeze({
      nvd: env.WARD_NVD_URL || null,
      nvdApiKey: env.NVD_API_KEY || null,
      kev: env.WARD_KEV_URL || null,
      epss: env.WARD_EPSS_URL || null,
    }),
  });
}

/** The configuration, parsed on first use. */
export function config(): Config {
  current ??= fromEnv(process.env);
  return current;
}

/** Forget the parsed configuration so the next `config()` reads the environment again (tests). */
export function resetConfig(): void {
  current = null;
}
