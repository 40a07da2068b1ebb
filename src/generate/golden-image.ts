/**
 * Golden images: the standard software set an IT department puts on a class of device (operating
 * system first, then everything installed). Most devices carry their image unchanged; some drift a
 * little (a missed update, an early upgrade) and a few have SMBv1 switched the other way. Images
 * and their components are shared, so a drift-free device costs no allocation.
 */
import type { Sourced } from './app.model.js';
import { SMB1 } from './catalogues/operating-system.catalog.js';
import type { Component } from './component.model.js';
import type { Prng } from './prng.js';

export interface GoldenImage {
  /** The `os` column for devices built from the image. */
  readonly os: string;
  /** Installed components, operating system first, no two with the same identity. */
  readonly components: readonly Component[];
  /** Where each component came from (parallel to components), for drift. */
  readonly sources: readonly Sourced[];
  readonly identities: ReadonlySet<string>;
  /** Index of the SMBv1 row, or -1. */
  readonly smb1At: number;
  /** Windows images can have SMBv1 toggled on individual devices. */
  readonly windows: boolean;
}

/** Builds an image from chosen components, dropping repeats of an identity (the first one wins). */
export function buildImage(os: string, parts: readonly Sourced[], windows: boolean): GoldenImage {
  const components: Component[] = [];
  const sources: Sourced[] = [];
  const identities = new Set<string>();
  for (const part of parts) {
    const c = part.product.at(part.index);
    if (identities.has(c.identity)) continue;
    identities.add(c.identity);
    components.push(c);
    sources.push(part);
  }
  const smb1 = SMB1.at(0);
  return { os, components, sources, identities, smb1At: components.indexOf(smb1), windows };
}

/** How devices depart from their image. */
export interface DriftRates {
  /** Probability that a device has any version drift. */
  readonly drift: number;
  /** Probability that a Windows device has SMBv1 the other way from its image. */
  readonly smb1Flip: number;
}

/** The components of one device built from `image`. */
export function deviceComponents(image: GoldenImage, rng: Prng, rates: DriftRates): readonly Component[] {
  let out: Component[] | null = null;
  if (rng.chance(rates.drift)) {
    const changes = rng.int(1, 4);
    const added: string[] = [];
    for (let k = 0; k < changes; k++) {
      const j = rng.int(0, image.components.length - 1);
      const source = image.sources[j] as Sourced;
      const next = source.product.step(source.index, rng.chance(0.8) ? -rng.int(1, 3) : rng.int(1, 2));
      if (next === source.index) continue;
      const c = source.product.at(next);
      if (image.identities.has(c.identity) || added.includes(c.identity)) continue;
      out ??= image.components.slice();
      out[j] = c;
      added.push(c.identity);
    }
  }
  if (image.windows && rng.chance(rates.smb1Flip)) {
    out ??= image.components.slice();
    if (image.smb1At >= 0) out.splice(image.smb1At, 1);
    else out.splice(1, 0, SMB1.at(0));
  }
  return out ?? image.components;
}
