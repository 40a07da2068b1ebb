/** Installed components from package URLs, as SBOMs (CycloneDX `purl`) and OSV-style data give them. */

import type { InstalledComponent } from '../rules/installed-component.js';
import { parsePurl } from './package-url.parser.js';

/**
 * An installed component from a package URL: its key, scheme and version. An rpm `epoch` qualifier is
 * folded into the version (`1:7.50.3-1.fc25`) because rpm versions compare epoch first. Purls have
 * no CPE update, so `update` is null (unknown).
 */
export function componentFromPurl(input: string): InstalledComponent {
  const purl = parsePurl(input);
  let version = purl.version;
  const epoch = purl.qualifiers.epoch;
  if (version !== null && purl.type === 'rpm' && epoch && !/^[0-9]+:/.test(version))
    version = `${epoch}:${version}`;
  return { key: purl.key, version, update: null, scheme: purl.scheme };
}
