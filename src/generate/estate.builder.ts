/**
 * Builds the estate of one organisation. Trusts and national/regional bodies get estates of their
 * own; GP practices share the golden images of their ICB's GP IT service (and pick EMIS Web or
 * SystmOne); pharmacies, care homes and other small providers draw from a handful of national
 * small-business estates. Sites hold no devices: a trust's devices are inventoried by the trust,
 * and their host names carry the site code.
 */
import { GP_EMIS, GP_SYSTMONE } from './catalogues/clinical-software.catalog.js';
import type { Estate } from './estate.js';
import type { TemplateMix } from './estate-template.js';
import type { OrganisationTraits } from './organisation.generator.js';
import type { Organisation, OrganisationKind } from './organisation.js';
import { gpItEstate, smallEstate } from './primary-care-estate.builder.js';
import { Prng } from './prng.js';
import { trustEstate } from './trust-estate.builder.js';
import { WeightedTable } from './weighted-table.js';

/** What the estate builder needs from the federation. */
export interface EstateContext {
  readonly seed: number;
  readonly componentsPerDevice: number;
  traitsOf(code: string): OrganisationTraits;
  sitesOf(code: string): readonly string[];
  /** Memo for image sets shared between organisations; keys are `gp-it:<icb>` and `small:<kind>:<n>`. */
  readonly shared: Map<string, TemplateMix>;
}

const SMALL_VARIANTS = 8;

function shared(ctx: EstateContext, key: string, build: (rng: Prng) => TemplateMix): TemplateMix {
  let mix = ctx.shared.get(key);
  if (!mix) {
    mix = build(Prng.derive(ctx.seed, 'shared-estate', key));
    ctx.shared.set(key, mix);
  }
  return mix;
}

function templatesFor(ctx: EstateContext, org: Organisation, rng: Prng): TemplateMix | null {
  const perDevice = ctx.componentsPerDevice;
  const kind: OrganisationKind = org.kind;
  switch (kind) {
    case 'site':
      return null;
    case 'trust':
      return trustEstate(rng, perDevice, org.code, ctx.traitsOf(org.code).profile ?? 'acute');
    case 'national':
    case 'region':
    case 'icb':
    case 'csu':
    case 'alb':
      return trustEstate(rng, perDevice, org.code, 'corporate');
    case 'gp_practice': {
      const emis = rng.chance(0.55);
      const key = `gp-it:${org.parentCode}:${emis ? 'emis' : 'systmone'}`;
      return shared(ctx, key, (r) => gpItEstate(r, perDevice, emis ? GP_EMIS : GP_SYSTMONE));
    }
    case 'pharmacy':
    case 'social_care':
    case 'other': {
      const key = `small:${kind}:${rng.int(0, SMALL_VARIANTS - 1)}`;
      return shared(ctx, key, (r) => smallEstate(r, perDevice));
    }
  }
}

/** The estate of `org`, or null for organisations that hold no devices (sites). */
export function buildEstate(ctx: EstateContext, org: Organisation): Estate | null {
  const rng = Prng.derive(ctx.seed, 'estate', org.code);
  const mix = templatesFor(ctx, org, rng);
  if (!mix) return null;
  const sites = org.kind === 'trust' ? ctx.sitesOf(org.code) : [];
  return {
    templates: new WeightedTable(mix),
    hostPrefixes: sites.length > 0 ? sites : [org.code],
    rates: { drift: 0.3, smb1Flip: 0.03 },
  };
}
