/** Builders for match criteria and components in tests (not a test file itself). */

import type { InstalledComponent } from './installed-component.js';
import type { MatchCriterion } from './match-rule.js';

/** A criterion with defaults: generic scheme, any version, any update. */
export function criterion(key: string, fields: Partial<MatchCriterion> = {}): MatchCriterion {
  return { key, scheme: 'generic', exact: null, start: null, end: null, update: null, raw: key, ...fields };
}

/** An installed component with defaults: generic scheme, unknown update. */
export function component(
  key: string,
  version: string | null,
  update: string | null = null,
): InstalledComponent {
  return { key, version, update, scheme: 'generic' };
}
