/**
 * The OASIS TAXII 2.1 client (`taxii2-client`, Python) from the shared vendor folder, run with
 * Debian's Python. Its dependencies (`python3-requests`, `python3-tz`, `python3-six`) are installed
 * with apt-get when missing and the tests run as root; elsewhere the tests skip, saying why.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TAXII_CLIENT_DIR = fileURLToPath(
  new URL('../../../shared/vendor/taxii2-client/', import.meta.url),
);
const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-requests', 'python3-tz', 'python3-six'];

function importable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import requests, pytz, six, taxii2client.v21'], {
      env: { ...process.env, PYTHONPATH: TAXII_CLIENT_DIR },
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

let reason: string | null | undefined;

/** Why the client cannot run here, or null when it can (installing its packages first if needed). */
export function taxiiClientMissing(): string | null {
  if (reason !== undefined) return reason;
  if (!existsSync(`${TAXII_CLIENT_DIR}taxii2client/v21/__init__.py`))
    reason = `the OASIS taxii2-client is not at ${TAXII_CLIENT_DIR}`;
  else if (!existsSync(PYTHON)) reason = `Debian's Python (${PYTHON}) is not installed`;
  else if (importable()) reason = null;
  else if (process.getuid?.() !== 0)
    reason = `taxii2-client needs the Debian packages ${PACKAGES.join(', ')} (install them, or run the tests as root)`;
  else {
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      console.log(`[test setup] installing ${PACKAGES.join(', ')} for taxii2-client …`);
      try {
        execFileSync('apt-get', ['install', '-y', '-q', ...PACKAGES], { stdio: 'pipe', env });
      } catch {
        execFileSync('apt-get', ['update', '-q'], { stdio: 'pipe', env });
        execFileSync('apt-get', ['install', '-y', '-q', ...PACKAGES], { stdio: 'pipe', env });
      }
      reason = importable() ? null : 'taxii2-client still does not import after installing its packages';
    } catch (error) {
      reason = `could not install ${PACKAGES.join(', ')}: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  if (reason) console.warn(`[test setup] skipping the taxii2-client tests: ${reason}`);
  return reason;
}

/** Runs a Python script with taxii2-client importable; resolves with its stdout, rejects with its stderr. */
export function runWithTaxiiClient(script: string, args: string[], env: Record<string, string>): string {
  return execFileSync(PYTHON, [script, ...args], {
    env: { ...process.env, ...env, PYTHONPATH: TAXII_CLIENT_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
}
