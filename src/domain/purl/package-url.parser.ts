/**
 * Package URLs (https://github.com/package-url/purl-spec) read with `packageurl-js`, which applies the
 * spec's per-type normalisation (type always lower-case; npm, pypi, deb, composer, github … names
 * lower-case, pypi `_` → `-`; maven, gem, nuget, golang names kept as written).
 */

import { PackageURL } from 'packageurl-js';
import { WardError } from '../../errors.js';
import { quoteInput } from '../cpe/cpe-name.error.js';
import type { VersionScheme } from '../rules/match-rule.js';
import { versionSchemeForPurlType } from './purl-scheme.js';

/** A package URL that cannot be read; the message quotes the input. Code `invalid_input`. */
export class PurlParseError extends WardError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super('invalid_input', `Invalid package URL ${quoteInput(input)}: ${reason}`);
  }
}

/** A parsed, normalised package URL with its match key and version scheme. */
export interface ParsedPurl {
  type: string;
  namespace: string | null;
  name: string;
  version: string | null;
  qualifiers: Record<string, string>;
  subpath: string | null;
  /** `pkg:type/namespace/name` in canonical purl encoding, no version, qualifiers or subpath. */
  key: string;
  scheme: VersionScheme;
}

/** The match key of a purl's identity: `pkg:maven/org.apache.logging.log4j/log4j-core`, `pkg:npm/%40angular/core`. */
export function purlKey(type: string, namespace: string | null, name: string): string {
  return new PackageURL(type, namespace, name).toString();
}

/** Parses and normalises a package URL; throws {@link PurlParseError} quoting the input when it is not one. */
export function parsePurl(input: string): ParsedPurl {
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(input.trim());
  } catch (error) {
    throw new PurlParseError(
      input,
      error instanceof Error ? error.message.replace(/^Invalid purl: /, '') : String(error),
    );
  }
  const namespace = purl.namespace || null;
  return {
    type: purl.type,
    namespace,
    name: purl.name,
    version: purl.version || null,
    qualifiers: { ...(purl.qualifiers ?? {}) },
    subpath: purl.subpath || null,
    key: purlKey(purl.type, namespace, purl.name),
    scheme: versionSchemeForPurlType(purl.type),
  };
}
