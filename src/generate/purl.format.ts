/**
 * Package-URL construction (https://github.com/package-url/purl-spec): `pkg:type/namespace/name@version`
 * with percent-encoding of each segment and sorted qualifiers.
 */

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%3A/g, ':');
}

/** Formats a purl, e.g. `pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1`. */
export function formatPurl(
  type: string,
  namespace: string,
  name: string,
  version: string,
  qualifiers: Readonly<Record<string, string>> = {},
): string {
  const ns = namespace
    ? `${namespace
        .split('/')
        .map((s) => encodeSegment(s))
        .join('/')}/`
    : '';
  const q = Object.keys(qualifiers)
    .sort()
    .map((k) => `${k}=${encodeSegment(qualifiers[k] ?? '')}`)
    .join('&');
  return `pkg:${type}/${ns}${encodeSegment(name)}@${encodeSegment(version)}${q ? `?${q}` : ''}`;
}
