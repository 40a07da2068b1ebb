/**
 * What makes a webhook endpoint acceptable: HTTPS, or plain HTTP only to this machine (a local relay,
 * tests), and no credentials in the address (it is shown in contact lists). Signing secrets are long
 * enough to resist guessing. Used for contacts' own endpoints and for WARD_WEBHOOK_URL alike.
 */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The shortest signing secret accepted. */
export const MIN_SECRET_LENGTH = 16;

/** Why `url` cannot be a webhook endpoint, or null when it can. */
export function webhookUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL: "${url.slice(0, 80)}"`;
  }
  if (parsed.username || parsed.password) return 'a webhook URL must not carry a user name or password';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  if (parsed.protocol === 'http:')
    return `a webhook URL must use https (plain http only to localhost), got "${url.slice(0, 80)}"`;
  return `a webhook URL must be https, got "${url.slice(0, 80)}"`;
}

/** Why `secret` cannot sign webhooks, or null when it can. */
export function webhookSecretProblem(secret: string): string | null {
  if (secret.length < MIN_SECRET_LENGTH)
    return `a webhook secret must be at least ${MIN_SECRET_LENGTH} characters (got ${secret.length})`;
  if (/\s/.test(secret)) return 'a webhook secret must not contain spaces';
  return null;
}
