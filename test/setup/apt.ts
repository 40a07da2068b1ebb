/**
 * Installs Debian packages for the test set-up (PostgreSQL's server, Chromium, Citus's build
 * dependencies) when they are missing: only as root, else the error says what to install.
 */
import { execFileSync } from 'node:child_process';

export function installDebianPackage(names: string | readonly string[], missing: string): void {
  const list = typeof names === 'string' ? [names] : [...names];
  const shown = list.map((n) => `\`${n}\``).join(' ');
  if (process.getuid?.() !== 0) {
    throw new Error(`${missing}: install the Debian package(s) ${shown} (or run the tests as root)`);
  }
  console.log(`[test setup] installing the Debian package(s) ${list.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', ...list], { stdio: 'inherit', env });
}
