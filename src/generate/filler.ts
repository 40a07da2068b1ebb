/**
 * Tops an image up to its target size with libraries that software-composition scanning finds
 * inside installed applications (npm modules of Electron apps, .NET assemblies, Java jars, Python
 * packages), each at a version the estate's lag suggests. Two apps may bundle the same library at
 * different versions, so a library can appear more than once at distinct versions.
 */
import type { Sourced } from './app.model.js';
import type { Prng } from './prng.js';
import type { Product } from './product.model.js';

/** Adds library components to `parts` until it holds `target` distinct identities (or gives up). */
export function fillTo(
  parts: Sourced[],
  target: number,
  pool: readonly Product[],
  rng: Prng,
  lag: number,
): Sourced[] {
  const seen = new Set<string>();
  for (const p of parts) seen.add(p.product.at(p.index).identity);
  for (let attempts = 0; seen.size < target && attempts < target * 6; attempts++) {
    const product = rng.pick(pool);
    const index = product.indexForLag(lag, rng);
    const identity = product.at(index).identity;
    if (seen.has(identity)) continue;
    seen.add(identity);
    parts.push({ product, index });
  }
  return parts;
}

/** Trims optional groups (last first) so that mandatory plus optional parts fit `target`. */
export function fitOptional(mandatory: Sourced[], optional: Sourced[][], target: number): Sourced[] {
  let size = mandatory.length + optional.reduce((s, g) => s + g.length, 0);
  const kept = optional.slice();
  while (size > target && kept.length > 0) size -= kept.pop()!.length;
  return [...mandatory, ...kept.flat()];
}
