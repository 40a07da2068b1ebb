/**
 * Ward's configuration, parsed once from the environment into a frozen object.
 * Nothing else reads `process.env`; tests call `resetConfig()` after changing it.
 */
import { resolve } from 'node:path';
import { DEFAULT_DIGEST_TIME_ZONE, isTimeZone } from './domain/alerts/digest-time.js';
import { webhookUrlProblem } from './domain/alerts/webhook-endpoint.js';
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
  /** "Now" for deadlines and notifications (WARD_NOW, ISO 8601; tests and drills); the machine's clock when null. */
  readonly now: Date | null;
  /** Alert notifications: SMTP, the webhook, the daily digest and the scheduler. */
  readonly notifications: NotificationConfig;
  /** OIDC sign-in, when WARD_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET and _REDIRECT_URI are all set. */
  readonly oidc: OidcConfig | null;
  /** Largest inventory file accepted over HTTP (WARD_UPLOAD_LIMIT_MB, default 256). */
  readonly uploadLimitBytes: number;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Ward's callback URL as registered with the provider: `https://ward.example/api/v1/auth/oidc/callback`. */
  readonly redirectUri: string;
}

export interface NotificationConfig {
  /** `smtp://user:pass@host:port` (WARD_SMTP_URL); e-mail waits in the outbox while unset. */
  readonly smtpUrl: string | null;
  /** Sender address (WARD_MAIL_FROM). */
  readonly mailFrom: string;
  /** Endpoint for webhook contacts (WARD_WEBHOOK_URL) and its signing secret (WARD_WEBHOOK_SECRET). */
  readonly webhookUrl: string | null;
  readonly webhookSecret: string | null;
  /** Seconds between scheduler passes in `ward serve` (WARD_NOTIFY_INTERVAL, default 60; 0 turns it off). */
  readonly intervalSeconds: number;
  /** Hour of the local day from which the daily digest goes out (WARD_DIGEST_HOUR, default 7)… */
  readonly digestHour: number;
  /** …in this time zone (WARD_DIGEST_TIMEZONE, an IANA name, default Europe/London). */
  readonly digestTimeZone: string;
  /** Where people open Ward, for links in messages (WARD_PUBLIC_URL). */
  readonly publicUrl: string | null;
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

function parseOidc(env: NodeJS.ProcessEnv): OidcConfig | null {
  const names = [
    'WARD_OIDC_ISSUER',
    'WARD_OIDC_CLIENT_ID',
    'WARD_OIDC_CLIENT_SECRET',
    'WARD_OIDC_REDIRECT_URI',
  ];
  const set = names.filter((n) => env[n]);
  if (set.length === 0) return null;
  if (set.length < names.length)
    throw new ConfigError(
      `OIDC sign-in needs all of ${names.join(', ')}; missing ${names.filter((n) => !env[n]).join(', ')}`,
    );
  return Object.freeze({
    issuer: env.WARD_OIDC_ISSUER as string,
    clientId: env.WARD_OIDC_CLIENT_ID as string,
    clientSecret: env.WARD_OIDC_CLIENT_SECRET as string,
    redirectUri: env.WARD_OIDC_REDIRECT_URI as string,
  });
}

function parseUploadLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 256 * 1048576;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0)
    throw new ConfigError(`WARD_UPLOAD_LIMIT_MB must be a positive number, got "${raw}"`);
  return Math.round(mb * 1048576);
}

function parseNow(raw: string | undefined): Date | null {
  if (raw === undefined || raw === '') return null;
  const text = raw.trim();
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(text);
  if (Number.isNaN(at.getTime())) throw new ConfigError(`WARD_NOW must be an ISO 8601 time, got "${raw}"`);
  return at;
}

function wholeInRange(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new ConfigError(`${name} must be a whole number from 0 to ${max}, got "${raw}"`);
  return n;
}

function parseTimeZone(raw: string | undefined): string {
  if (raw === undefined || raw === '') return DEFAULT_DIGEST_TIME_ZONE;
  if (!isTimeZone(raw))
    throw new ConfigError(
      `WARD_DIGEST_TIMEZONE must be an IANA time zone such as Europe/London, got "${raw}"`,
    );
  return raw;
}

function parseNotifications(env: NodeJS.ProcessEnv): NotificationConfig {
  const webhookUrl = env.WARD_WEBHOOK_URL || null;
  const webhookSecret = env.WARD_WEBHOOK_SECRET || null;
  if (webhookUrl && !webhookSecret)
    throw new ConfigError('WARD_WEBHOOK_URL is set but WARD_WEBHOOK_SECRET is not: webhooks must be signed');
  const urlProblem = webhookUrl ? webhookUrlProblem(webhookUrl) : null;
  if (urlProblem) throw new ConfigError(`WARD_WEBHOOK_URL: ${urlProblem}`);
  return Object.freeze({
    smtpUrl: env.WARD_SMTP_URL || null,
    mailFrom: env.WARD_MAIL_FROM || 'Ward alerts <ward@localhost>',
    webhookUrl,
    webhookSecret,
    intervalSeconds: wholeInRange('WARD_NOTIFY_INTERVAL', env.WARD_NOTIFY_INTERVAL, 60, 86_400),
    digestHour: wholeInRange('WARD_DIGEST_HOUR', env.WARD_DIGEST_HOUR, 7, 23),
    digestTimeZone: parseTimeZone(env.WARD_DIGEST_TIMEZONE),
    publicUrl: env.WARD_PUBLIC_URL || null,
  });
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
    now: parseNow(env.WARD_NOW),
    notifications: parseNotifications(env),
    oidc: parseOidc(env),
    uploadLimitBytes: parseUploadLimit(env.WARD_UPLOAD_LIMIT_MB),
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
