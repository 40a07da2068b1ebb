/**
 * Installs a Debian package for the test set-up (PostgreSQL's server, Chromium) when it is missing:
 * only as root, else the error says what to install.
 */
import { execFileSync } from 'node:child_process';

export function installDebianPackage(name: string, missing: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${missing}: install the Debian package \`${name}\` (or run the tests as root)`);
  }
  console.log(`[test setup] installing the Debian package ${name} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', name], { stdio: 'inherit', env });
}
