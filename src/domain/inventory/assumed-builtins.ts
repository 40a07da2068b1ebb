/**
 * The built-ins Ward assumes on an asset (see `domain/platform/platform-defaults`): those its
 * platforms enable by default that the inventory neither reports installed nor reports switched
 * off. One rule for an import (inventory.service.ts) and the federation's bulk load.
 */
import { builtinByKey, defaultBuiltins, namesPlatformWithDefaults } from '../platform/platform-defaults.js';
import type { NormalisedComponent, RawComponent } from './asset.js';
import { normaliseComponent } from './normalise-component.js';

/** A built-in to add to an asset, marked with the platform it is assumed from. */
export interface AssumedBuiltin {
  normalised: NormalisedComponent;
  /** As an inventory row would have given it (on the asset's line). */
  raw: RawComponent;
}

/**
 * The built-ins to assume on an asset reporting `reported` (installed) and, switched off, the keys
 * `offKeys`. Only components for which {@link bearsOnAssumption} holds change the answer.
 */
export function assumedBuiltins(
  reported: readonly NormalisedComponent[],
  offKeys: ReadonlySet<string>,
  line: number,
): AssumedBuiltin[] {
  const assumed: AssumedBuiltin[] = [];
  for (const { builtin, platform } of defaultBuiltins(reported)) {
    if (offKeys.has(builtin.key) || reported.some((c) => c.key === builtin.key)) continue;
    const raw: RawComponent = {
      vendor: null,
      product: builtin.name,
      version: null,
      cpe: builtin.cpe,
      purl: null,
      line,
    };
    assumed.push({ normalised: { ...normaliseComponent(raw), assumedBy: platform.label }, raw });
  }
  return assumed;
}

/** Whether a component can change what is assumed: it names a platform with defaults, or is a built-in. */
export function bearsOnAssumption(component: { key: string; version: string | null }): boolean {
  return builtinByKey(component.key) !== undefined || namesPlatformWithDefaults(component);
}
