/**
 * Building blocks of estates: the asset-type mix of each kind of organisation, the network-zone and
 * criticality tables devices draw from, and helpers that turn golden images and device fleets into
 * weighted templates.
 */
import type { AssetType, ClinicalCriticality, NetworkZone } from './asset.js';
import { deviceImage } from './device-image.recipe.js';
import type { DeviceModel } from './device-model.js';
import type { Template } from './estate.js';
import type { GoldenImage } from './golden-image.js';
import type { TrustProfile } from './organisation.js';
import type { Prng } from './prng.js';
import { WeightedTable } from './weighted-table.js';

/** Templates with their weights; weights already include the asset-type mix. */
export type TemplateMix = readonly (readonly [Template, number])[];

/** Relative shares of asset types in an estate. */
export type AssetMix = Partial<Record<AssetType, number>>;

/** Asset-type shares by kind of estate (percent). */
export const ASSET_MIX: Record<TrustProfile | 'corporate' | 'gp' | 'small', AssetMix> = {
  acute: {
    workstation: 45,
    laptop: 16,
    mobile: 5,
    server: 2.5,
    virtual: 5.5,
    network: 3,
    iot: 8,
    medical_device: 10,
  },
  mental_health: {
    workstation: 50,
    laptop: 25,
    mobile: 8,
    server: 3,
    virtual: 6,
    network: 3,
    iot: 4,
    medical_device: 1,
  },
  community: {
    workstation: 38,
    laptop: 32,
    mobile: 12,
    server: 2,
    virtual: 5,
    network: 3,
    iot: 4,
    medical_device: 4,
  },
  ambulance: {
    workstation: 30,
    laptop: 20,
    mobile: 25,
    server: 3,
    virtual: 6,
    network: 3,
    iot: 3,
    medical_device: 10,
  },
  corporate: { workstation: 50, laptop: 32, mobile: 6, server: 2, virtual: 6, network: 2, iot: 2 },
  gp: { workstation: 62, laptop: 14, mobile: 5, server: 2, network: 6, iot: 9, medical_device: 2 },
  small: { workstation: 45, laptop: 20, mobile: 20, network: 8, iot: 7 },
};

const tables = new Map<string, WeightedTable<never>>();
/** A shared weighted table for a list of (value, weight) pairs. */
export function table<T extends string>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const key = JSON.stringify(entries);
  let t = tables.get(key);
  if (!t) {
    t = new WeightedTable(entries) as WeightedTable<never>;
    tables.set(key, t);
  }
  return t as unknown as WeightedTable<T>;
}

/** Clinical-criticality tables for computers. */
export const CRIT = {
  office: table<ClinicalCriticality>([
    ['none', 8],
    ['low', 2],
  ]),
  clinical: table<ClinicalCriticality>([
    ['low', 7],
    ['high', 3],
  ]),
  legacy: table<ClinicalCriticality>([
    ['low', 4],
    ['high', 6],
  ]),
  server: table<ClinicalCriticality>([
    ['none', 1],
    ['low', 5],
    ['high', 4],
  ]),
};
/** Network-zone tables. */
export const ZONES = {
  corporate: table<NetworkZone>([['corporate', 1]]),
  clinical: table<NetworkZone>([['clinical', 1]]),
  legacy: table<NetworkZone>([
    ['clinical', 7],
    ['medical', 3],
  ]),
  laptop: table<NetworkZone>([
    ['corporate', 16],
    ['clinical', 3],
    ['guest', 1],
  ]),
  server: table<NetworkZone>([['server', 1]]),
  medical: table<NetworkZone>([
    ['medical', 9],
    ['clinical', 1],
  ]),
  mobile: table<NetworkZone>([
    ['corporate', 12],
    ['clinical', 5],
    ['guest', 3],
  ]),
};

/** A template; Linux and ESXi images get lower-case host names. */
export function template(
  assetType: AssetType,
  image: GoldenImage,
  hardware: readonly (readonly [string, string])[],
  zones: WeightedTable<NetworkZone>,
  criticality: WeightedTable<ClinicalCriticality>,
  internetFacing = 0,
): Template {
  const lowerCaseHost = /^(Red Hat|Ubuntu|VMware ESXi)/.test(image.os);
  return { assetType, image, hardware, zones, criticality, internetFacing, lowerCaseHost };
}

/** The template of an estate's fleet of one appliance model. */
export function deviceTemplate(rng: Prng, model: DeviceModel, lag: number): Template {
  const zones =
    model.assetType === 'medical_device'
      ? ZONES.medical
      : model.assetType === 'mobile'
        ? ZONES.mobile
        : table([[model.zone, 1]]);
  return template(
    model.assetType,
    deviceImage(rng, model, lag),
    [[model.manufacturer, model.model]],
    zones,
    table(model.criticality),
    model.internetFacing ? 1 : 0,
  );
}

/** Templates for `count` models drawn from `models`, each fleet at the estate's lag. */
export function fleet(
  rng: Prng,
  models: readonly (readonly [DeviceModel, number])[],
  lag: number,
  count: number,
): [Template, number][] {
  return rng.sample(models, count).map(([model, weight]) => [deviceTemplate(rng, model, lag), weight]);
}

/** Equal weights for a list of models. */
export function evenly(models: readonly DeviceModel[]): [DeviceModel, number][] {
  return models.map((m) => [m, 1]);
}

/** Combines per-type template lists into one table using the asset-type mix. */
export function combine(
  mix: AssetMix,
  byType: Partial<Record<AssetType, readonly (readonly [Template, number])[]>>,
): TemplateMix {
  const out: [Template, number][] = [];
  for (const [type, share] of Object.entries(mix) as [AssetType, number][]) {
    const list = byType[type] ?? [];
    const total = list.reduce((s, [, w]) => s + w, 0);
    for (const [t, w] of list) out.push([t, (share * w) / total]);
  }
  return out;
}
