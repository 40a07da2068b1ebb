/**
 * What the exposure engine matches rules against: one distinct installed component, normalised to
 * a match key (see `cpeKey`, `purlKey`) with its version and, for CPE keys, its update.
 */

import type { CpeAttributes, VersionScheme } from './match-rule.js';

export interface InstalledComponent {
  /** Match key, lower-case where the key's syntax says so: `a:apache:log4j`, `pkg:maven/org.apache.logging.log4j/log4j-core`. */
  key: string;
  /** Installed version as reported; null when unknown. `-` means the product has no version (CPE NA). */
  version: string | null;
  /** CPE update field (`sp1`), lower-case; null when unknown; `-` when the component has none (base release). */
  update: string | null;
  /** How this component's versions order; rules use their own criterion's scheme when they compare. */
  scheme: VersionScheme;
  /** CPE attributes the inventory states (`targetHw: 'x64'`); absent or missing names: unknown. */
  attributes?: CpeAttributes;
}
