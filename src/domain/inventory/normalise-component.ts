/**
 * Normalises an installed component as an inventory gives it (CPE, package URL, or vendor/product/
 * version) to what matching needs: key, version, update, scheme and version sort key. Raw values
 * are kept beside it.
 */
import {
  componentFromCpe,
  componentFromTriple,
  formatCpeAttributes,
  parseCpeAttributes,
} from '../cpe/cpe-key.js';
import { componentFromPurl } from '../purl/purl-component.js';
import type { InstalledComponent } from '../rules/installed-component.js';
import { versionSortKey } from '../versions/version-scheme.js';
import type { NormalisedComponent, RawComponent } from './asset.js';

/** Versions that say nothing about which release is installed. */
function unknownVersion(v: string | null): boolean {
  return v === null || v === '' || v === '*' || v === '-';
}

/** Throws a WardError (CpeParseError / PurlParseError) quoting the bad input. */
export function normaliseComponent(raw: RawComponent): NormalisedComponent {
  let installed: InstalledComponent;
  if (raw.cpe) installed = componentFromCpe(raw.cpe);
  else if (raw.purl) installed = componentFromPurl(raw.purl);
  else
    installed = componentFromTriple({
      vendor: raw.vendor ?? raw.product ?? '',
      product: raw.product ?? '',
      version: raw.version,
    });
  // A CPE or purl without a version, with the version given in its own column.
  if (installed.version === null && raw.version) installed = { ...installed, version: raw.version.trim() };
  const version = installed.version ?? '';
  return {
    key: installed.key,
    version,
    update: installed.update ?? '',
    scheme: installed.scheme,
    versionKey: unknownVersion(installed.version) ? null : versionSortKey(installed.scheme, version),
    cpe: raw.cpe,
    purl: raw.purl,
    attrs: formatCpeAttributes(installed.attributes),
    assumedBy: '',
  };
}

/** The domain view of a stored component ('' means unknown). */
export function installedFromStored(c: {
  key: string;
  version: string;
  update: string;
  scheme: string;
  attrs?: string;
}): InstalledComponent {
  return {
    attributes: parseCpeAttributes(c.attrs ?? ''),
    key: c.key,
    version: c.version === '' ? null : c.version,
    update: c.update === '' ? null : c.update,
    scheme: c.scheme as InstalledComponent['scheme'],
  };
}

/** The identity of a normalised component: one row in `components` per distinct value. */
export function componentIdentity(
  c: Pick<NormalisedComponent, 'key' | 'version' | 'update'> & { attrs?: string; assumedBy?: string },
): string {
  return `${c.key}\u0000${c.version}\u0000${c.update}\u0000${c.attrs ?? ''}\u0000${c.assumedBy ?? ''}`;
}
