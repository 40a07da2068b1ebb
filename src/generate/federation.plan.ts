/**
 * A demo federation: the organisations, how many devices each holds, and the shared state its
 * inventories are generated from. Everything is derived from the parameters and the seed, so the
 * same parameters always give the same federation, byte for byte.
 */
import { allocateDevices } from './device-allocation.js';
import type { EstateContext } from './estate.builder.js';
import type { TemplateMix } from './estate-template.js';
import { generateOrganisationTree, type OrganisationTraits } from './organisation.generator.js';
import type { Organisation } from './organisation.js';
import { Prng } from './prng.js';

export interface FederationParams {
  /** Number of organisations, counting the root, regions and ICBs (at least 4). */
  orgs: number;
  /** Number of devices across the federation. */
  devices: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Average installed components per device to aim for (default 100). */
  componentsPerDevice?: number;
  /** Regions to use (1–7; default derived from `orgs`: all 7 from about 19,500 organisations). */
  regions?: number;
  /** ICBs to use (regions–42; default derived from `orgs`: all 42 from about 21,000 organisations). */
  icbs?: number;
}

type ResolvedParams = Required<Omit<FederationParams, 'regions' | 'icbs'>> &
  Pick<FederationParams, 'regions' | 'icbs'>;

export const DEFAULT_SEED = 1;
export const DEFAULT_COMPONENTS_PER_DEVICE = 100;

export class Federation implements EstateContext {
  readonly seed: number;
  readonly componentsPerDevice: number;
  readonly shared = new Map<string, TemplateMix>();
  private readonly byCode = new Map<string, Organisation>();
  private readonly sites = new Map<string, string[]>();

  constructor(
    readonly organisations: readonly Organisation[],
    private readonly traits: ReadonlyMap<string, OrganisationTraits>,
    private readonly devices: ReadonlyMap<string, number>,
    params: ResolvedParams,
  ) {
    this.seed = params.seed;
    this.componentsPerDevice = params.componentsPerDevice;
    for (const o of organisations) {
      this.byCode.set(o.code, o);
      if (o.kind === 'site' && o.parentCode) {
        const list = this.sites.get(o.parentCode) ?? [];
        list.push(o.code);
        this.sites.set(o.parentCode, list);
      }
    }
  }

  /** The organisation with `code`, if any. */
  organisation(code: string): Organisation | undefined {
    return this.byCode.get(code);
  }

  /** Devices held by the organisation (0 for sites and unknown codes). */
  deviceCount(code: string): number {
    return this.devices.get(code) ?? 0;
  }

  /** Total devices across the federation. */
  get totalDevices(): number {
    let n = 0;
    for (const c of this.devices.values()) n += c;
    return n;
  }

  traitsOf(code: string): OrganisationTraits {
    return this.traits.get(code) ?? { region: 0, profile: null, size: 1 };
  }

  sitesOf(code: string): readonly string[] {
    return this.sites.get(code) ?? [];
  }
}

function resolve(params: FederationParams): ResolvedParams {
  const resolved: ResolvedParams = {
    orgs: params.orgs,
    devices: params.devices,
    seed: params.seed ?? DEFAULT_SEED,
    componentsPerDevice: params.componentsPerDevice ?? DEFAULT_COMPONENTS_PER_DEVICE,
    regions: params.regions,
    icbs: params.icbs,
  };
  if (!Number.isInteger(resolved.devices) || resolved.devices < 0) {
    throw new RangeError(`devices must be a non-negative integer, got ${params.devices}`);
  }
  if (!Number.isInteger(resolved.seed)) throw new RangeError(`seed must be an integer, got ${params.seed}`);
  if (!(resolved.componentsPerDevice > 0 && resolved.componentsPerDevice <= 1000)) {
    throw new RangeError(`componentsPerDevice must be in (0, 1000], got ${params.componentsPerDevice}`);
  }
  return resolved;
}

/** Plans a federation: organisations and device counts (inventories are generated lazily from it). */
export function planFederation(params: FederationParams): Federation {
  const p = resolve(params);
  const tree = generateOrganisationTree(p.orgs, p.seed, { regions: p.regions, icbs: p.icbs });
  const devices = allocateDevices(tree.organisations, tree.traits, p.devices, Prng.derive(p.seed, 'devices'));
  return new Federation(tree.organisations, tree.traits, devices, p);
}

/** Just the organisations of the federation `params` describe. */
export function generateOrganisations(
  params: Pick<FederationParams, 'orgs' | 'seed' | 'regions' | 'icbs'>,
): Organisation[] {
  const shape = { regions: params.regions, icbs: params.icbs };
  return generateOrganisationTree(params.orgs, params.seed ?? DEFAULT_SEED, shape).organisations;
}
