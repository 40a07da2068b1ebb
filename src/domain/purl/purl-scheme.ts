/**
 * Which version scheme a package-URL type's versions follow, so purl components and purl-keyed rules
 * compare versions the way their ecosystem does.
 */

import type { VersionScheme } from '../rules/match-rule.js';

const SCHEME_BY_TYPE: Record<string, VersionScheme> = {
  maven: 'maven',
  npm: 'semver',
  golang: 'semver',
  cargo: 'semver',
  composer: 'semver',
  gem: 'semver',
  nuget: 'semver',
  deb: 'debian',
  rpm: 'rpm',
  pypi: 'pypi',
};

/** The version scheme of a purl type (`maven` → maven, `npm` → semver, …); `generic` for any other type. */
export function versionSchemeForPurlType(type: string): VersionScheme {
  return SCHEME_BY_TYPE[type.toLowerCase()] ?? 'generic';
}
