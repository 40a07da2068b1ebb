/**
 * Recipes for installed software. An `AppSpec` chooses, for one golden image, which versions of
 * which products to install given how far behind the estate is (its lag: 0 fully patched, 1 as
 * old as the catalogue goes). Bundled libraries follow the app: an old app ships an old OpenSSL.
 */
import type { Prng } from './prng.js';
import type { Product } from './product.model.js';

/** A chosen component, kept with its product so that drift can move it to a neighbouring version. */
export interface Sourced {
  readonly product: Product;
  readonly index: number;
}

export interface AppSpec {
  readonly id: string;
  pick(rng: Prng, lag: number): Sourced[];
}

function relatedIndex(rng: Prng, from: Sourced, to: Product): number {
  const position = from.product.size > 1 ? from.index / (from.product.size - 1) : 1;
  return to.step(Math.round(position * (to.size - 1)), rng.int(-2, 2));
}

/** One product at a lag-chosen version, with libraries it bundles at matching ages. */
export function app(product: Product, libs: readonly Product[] = []): AppSpec {
  return {
    id: product.id,
    pick(rng, lag) {
      const main = { product, index: product.indexForLag(lag, rng) };
      return [main, ...libs.map((lib) => ({ product: lib, index: relatedIndex(rng, main, lib) }))];
    },
  };
}

/** Products released together at the same version index (all must have the same number of versions). */
export function pair(main: Product, companions: readonly Product[]): AppSpec {
  for (const c of companions) {
    if (c.size !== main.size) throw new Error(`${c.id} is not versioned like ${main.id}`);
  }
  return {
    id: main.id,
    pick(rng, lag) {
      const index = main.indexForLag(lag, rng);
      return [main, ...companions].map((product) => ({ product, index }));
    },
  };
}

/** One product at a fixed version token. */
export function fixed(product: Product, token: string): AppSpec {
  const index = product.versions.indexOf(token);
  if (index < 0) throw new Error(`${product.id} has no version ${token}`);
  return { id: `${product.id}@${token}`, pick: () => [{ product, index }] };
}

/** Everything in `specs`. */
export function group(id: string, specs: readonly AppSpec[]): AppSpec {
  return { id, pick: (rng, lag) => specs.flatMap((s) => s.pick(rng, lag)) };
}

/** One of `specs` (oldest first), chosen by lag like a version: laggard estates keep old suites. */
export function generation(id: string, specs: readonly AppSpec[]): AppSpec {
  return {
    id,
    pick(rng, lag) {
      const back = Math.floor(lag * specs.length * (0.4 + 1.2 * rng.next()));
      return specs[Math.max(0, specs.length - 1 - back)]!.pick(rng, lag);
    },
  };
}

/** Each of `specs` with its own probability. */
export function someOf(id: string, specs: readonly (readonly [AppSpec, number])[]): AppSpec {
  return {
    id,
    pick: (rng, lag) => specs.flatMap(([spec, p]) => (rng.chance(p) ? spec.pick(rng, lag) : [])),
  };
}

/** One of `specs` chosen by weight (a vendor choice, not an age). */
export function oneOf(id: string, specs: readonly (readonly [AppSpec, number])[]): AppSpec {
  return { id, pick: (rng, lag) => rng.weighted(specs).pick(rng, lag) };
}
