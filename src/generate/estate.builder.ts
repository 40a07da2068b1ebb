/**
 * Builds the estate of one organisation. Trusts and national/regional bodies get estates of their
 * own; GP practices share the golden images of their ICB's GP IT service (and pick EMIS Web or
 * SystmOne); pharmacies, care homes and other small providers draw from a handful of national
 * small-business estates. Sites hold no devices: a trust's devices are inventoried by the trust,
 * and their host names carry the site code.
 */
import type { AppSpec } from './app.model.js';
import type { AssetType, ClinicalCriticality, NetworkZone } from './asset.js';
import {
  GP_EMIS,
  GP_EXTRAS,
  GP_SYSTMONE,
  SMALL_PROVIDER,
  TRUST_CLINICAL,
} from './clinical-software.catalog.js';
import { deviceImage } from './device-image.recipe.js';
import type { DeviceModel } from './device-model.js';
import type { Estate, Template } from './estate.js';
import {
  drawSettings,
  type EstateSettings,
  imageTarget,
  legacyDesktopOs,
  legacyServerOs,
  linuxOs,
  modernDesktopOs,
  windowsServerOs,
} from './estate-settings.js';
import type { GoldenImage } from './golden-image.js';
import { SURFACE, VIRTUAL_PLATFORMS } from './hardware-model.catalog.js';
import { inHouseApps } from './in-house-software.catalog.js';
import { IOT_MODELS } from './iot-device.catalog.js';
import { MEDICAL_MODELS, PRIMARY_CARE_MEDICAL_MODELS } from './medical-device.catalog.js';
import { MOBILE_MODELS } from './mobile-device.catalog.js';
import { FIREWALLS, REMOTE_ACCESS, SMALL_SITE_NETWORK, SWITCHING } from './network-device.catalog.js';
import type { OrganisationTraits } from './organisation.generator.js';
import type { Organisation, OrganisationKind, TrustProfile } from './organisation.js';
import { Prng } from './prng.js';
import { hypervisorImage, serverImage } from './server-image.recipe.js';
import { WeightedTable } from './weighted-table.js';
import { type DesktopRole, workstationImage } from './workstation-image.recipe.js';

/** What the estate builder needs from the federation. */
export interface EstateContext {
  readonly seed: number;
  readonly componentsPerDevice: number;
  traitsOf(code: string): OrganisationTraits;
  sitesOf(code: string): readonly string[];
  /** Memo for image sets shared between organisations; keys are `gp-it:<icb>` and `small:<kind>:<n>`. */
  readonly shared: Map<string, TemplateMix>;
}

/** Templates with weights within their asset type, plus the asset-type mix. */
export type TemplateMix = readonly (readonly [Template, number])[];

type Mix = Partial<Record<AssetType, number>>;

const TYPE_MIX: Record<TrustProfile | 'corporate' | 'gp' | 'small', Mix> = {
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
function table<T extends string>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const key = JSON.stringify(entries);
  let t = tables.get(key);
  if (!t) {
    t = new WeightedTable(entries) as WeightedTable<never>;
    tables.set(key, t);
  }
  return t as unknown as WeightedTable<T>;
}

const CRIT = {
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
const ZONES = {
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

function template(
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

function deviceTemplate(rng: Prng, model: DeviceModel, lag: number): Template {
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

interface DesktopSpec {
  os: ReturnType<typeof modernDesktopOs>;
  role: DesktopRole;
  laptop: boolean;
  apps: readonly AppSpec[];
  weight: number;
  zones: WeightedTable<NetworkZone>;
  criticality: WeightedTable<ClinicalCriticality>;
}

function desktops(
  rng: Prng,
  s: EstateSettings,
  perDevice: number,
  specs: DesktopSpec[],
): [Template, number][] {
  return specs.map((spec) => {
    const type = spec.laptop ? 'laptop' : 'workstation';
    const image = workstationImage(rng, {
      os: spec.os,
      lag: s.lag,
      role: spec.role,
      laptop: spec.laptop,
      hardware: s.hardware,
      security: s.security,
      vpn: s.vpn,
      remoteApps: s.remoteApps,
      apps: spec.apps,
      target: imageTarget(rng, type, perDevice),
    });
    const models = spec.laptop
      ? rng.chance(0.1)
        ? SURFACE
        : rng.sample(s.hardware.laptops, 2).map((m) => [s.hardware.manufacturer, m] as const)
      : rng
          .sample(spec.os.unsupported ? s.hardware.legacyDesktops : s.hardware.desktops, 3)
          .map((m) => [s.hardware.manufacturer, m] as const);
    return [template(type, image, models, spec.zones, spec.criticality), spec.weight];
  });
}

function servers(
  rng: Prng,
  s: EstateSettings,
  perDevice: number,
  count: number,
  virtual: boolean,
  apps: readonly AppSpec[] = [],
): [Template, number][] {
  const out: [Template, number][] = [];
  for (let i = 0; i < count; i++) {
    const linux = rng.chance(0.35);
    const legacy = !linux && rng.chance(s.legacyServers);
    const os = linux ? linuxOs(rng, s.lag) : legacy ? legacyServerOs(rng) : windowsServerOs(rng, s.lag);
    const image = serverImage(rng, {
      os,
      lag: s.lag,
      virtual,
      security: s.security,
      apps: rng.sample(apps, rng.int(0, 3)),
      target: imageTarget(rng, virtual ? 'virtual' : 'server', perDevice),
    });
    const hardware = virtual
      ? VIRTUAL_PLATFORMS
      : (legacy ? s.hardware.legacyServers : s.hardware.servers).map(
          (m) => [s.hardware.manufacturer, m] as const,
        );
    out.push([
      template(virtual ? 'virtual' : 'server', image, hardware, ZONES.server, CRIT.server, 0.04),
      1 + rng.next(),
    ]);
  }
  if (!virtual) {
    const hosts = s.hardware.servers.map((m) => [s.hardware.manufacturer, m] as const);
    out.push([
      template('server', hypervisorImage(rng, s.lag), hosts, ZONES.server, CRIT.server),
      count * 0.6,
    ]);
  }
  return out;
}

function fleet(
  rng: Prng,
  models: readonly (readonly [DeviceModel, number])[],
  lag: number,
  count: number,
): [Template, number][] {
  return rng.sample(models, count).map(([model, weight]) => [deviceTemplate(rng, model, lag), weight]);
}

function evenly(models: readonly DeviceModel[]): [DeviceModel, number][] {
  return models.map((m) => [m, 1]);
}

/** Combines per-type template lists into one table using the asset-type mix. */
function combine(
  mix: Mix,
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

function largeEstate(
  rng: Prng,
  perDevice: number,
  code: string,
  profile: TrustProfile | 'corporate',
): TemplateMix {
  const s = drawSettings(rng, profile === 'corporate' ? 0.4 : 1);
  const primary = modernDesktopOs(rng, s.lag);
  const secondary = modernDesktopOs(rng, s.lag);
  const inHouse = inHouseApps(rng, code, profile === 'corporate' ? rng.int(3, 8) : rng.int(10, 30));
  const third = Math.ceil(inHouse.length / 3);
  const clinicalApps = [
    ...(profile === 'corporate' ? [] : rng.sample(TRUST_CLINICAL, rng.int(3, 7))),
    ...inHouse.slice(0, third),
  ];
  const officeApps = inHouse.slice(third, 2 * third);
  const adminApps = inHouse.slice(2 * third);
  const legacy = s.legacyDesktops;
  const ws: DesktopSpec[] = [
    {
      os: primary,
      role: 'corporate',
      laptop: false,
      apps: officeApps,
      weight: 0.45 * (1 - legacy),
      zones: ZONES.corporate,
      criticality: CRIT.office,
    },
    {
      os: primary,
      role: 'it_admin',
      laptop: false,
      apps: adminApps,
      weight: 0.03 * (1 - legacy),
      zones: ZONES.corporate,
      criticality: CRIT.office,
    },
  ];
  if (profile !== 'corporate') {
    ws.push(
      {
        os: primary,
        role: 'clinical',
        laptop: false,
        apps: clinicalApps,
        weight: 0.4 * (1 - legacy),
        zones: ZONES.clinical,
        criticality: CRIT.clinical,
      },
      {
        os: secondary,
        role: 'clinical',
        laptop: false,
        apps: clinicalApps.slice(0, 3),
        weight: 0.12 * (1 - legacy),
        zones: ZONES.clinical,
        criticality: CRIT.clinical,
      },
      {
        os: legacyDesktopOs(rng),
        role: 'clinical',
        laptop: false,
        apps: clinicalApps.slice(0, 2),
        weight: legacy,
        zones: ZONES.legacy,
        criticality: CRIT.legacy,
      },
    );
  } else {
    ws.push({
      os: legacyDesktopOs(rng),
      role: 'corporate',
      laptop: false,
      apps: [],
      weight: legacy,
      zones: ZONES.corporate,
      criticality: CRIT.office,
    });
  }
  const laptops: DesktopSpec[] = [
    {
      os: primary,
      role: 'corporate',
      laptop: true,
      apps: officeApps,
      weight: 0.6,
      zones: ZONES.laptop,
      criticality: CRIT.office,
    },
  ];
  if (profile !== 'corporate') {
    laptops.push({
      os: primary,
      role: 'clinical',
      laptop: true,
      apps: clinicalApps.slice(0, 4),
      weight: 0.4,
      zones: ZONES.laptop,
      criticality: CRIT.clinical,
    });
  }
  const edge = [
    ...fleet(rng, evenly(FIREWALLS), s.lag, 1),
    ...fleet(rng, evenly(REMOTE_ACCESS), s.lag, rng.int(1, 2)),
  ];
  return combine(TYPE_MIX[profile], {
    workstation: desktops(rng, s, perDevice, ws),
    laptop: desktops(rng, s, perDevice, laptops),
    server: servers(rng, s, perDevice, rng.int(3, 5), false, inHouse),
    virtual: servers(rng, s, perDevice, rng.int(3, 6), true, inHouse),
    network: [
      ...edge.map(([t]) => [t, 0.3] as [Template, number]),
      ...fleet(rng, evenly(SWITCHING), s.lag, rng.int(2, 4)),
    ],
    iot: fleet(rng, IOT_MODELS, s.lag, IOT_MODELS.length),
    mobile: fleet(rng, MOBILE_MODELS, s.lag, rng.int(2, 3)),
    medical_device: fleet(rng, MEDICAL_MODELS, s.lag, rng.int(8, 14)),
  });
}

function gpItEstate(rng: Prng, perDevice: number, system: AppSpec): TemplateMix {
  const s = drawSettings(rng, 0.6);
  const os = modernDesktopOs(rng, s.lag);
  const clinical = [system, ...rng.sample(GP_EXTRAS, rng.int(1, GP_EXTRAS.length))];
  return combine(TYPE_MIX.gp, {
    workstation: desktops(rng, s, perDevice, [
      {
        os,
        role: 'gp',
        laptop: false,
        apps: clinical,
        weight: 1 - s.legacyDesktops,
        zones: ZONES.clinical,
        criticality: CRIT.clinical,
      },
      {
        os: legacyDesktopOs(rng),
        role: 'gp',
        laptop: false,
        apps: [system],
        weight: s.legacyDesktops,
        zones: ZONES.clinical,
        criticality: CRIT.clinical,
      },
    ]),
    laptop: desktops(rng, s, perDevice, [
      {
        os,
        role: 'gp',
        laptop: true,
        apps: clinical,
        weight: 1,
        zones: ZONES.laptop,
        criticality: CRIT.clinical,
      },
    ]),
    server: servers(rng, s, perDevice, 1, false).slice(0, 1),
    network: fleet(rng, evenly(SMALL_SITE_NETWORK), s.lag, 1),
    iot: fleet(rng, IOT_MODELS.slice(0, 2), s.lag, 2),
    mobile: fleet(rng, MOBILE_MODELS, s.lag, 1),
    medical_device: fleet(rng, PRIMARY_CARE_MEDICAL_MODELS, s.lag, 2),
  });
}

function smallEstate(rng: Prng, perDevice: number): TemplateMix {
  const s = drawSettings(rng, 0.6);
  const apps = rng.sample(SMALL_PROVIDER, rng.int(1, 3));
  const os = rng.chance(s.legacyDesktops * 2)
    ? legacyDesktopOs(rng)
    : modernDesktopOs(rng, Math.min(0.9, s.lag + 0.2));
  return combine(TYPE_MIX.small, {
    workstation: desktops(rng, s, perDevice * 0.7, [
      {
        os,
        role: 'small',
        laptop: false,
        apps: apps,
        weight: 1,
        zones: ZONES.corporate,
        criticality: CRIT.office,
      },
    ]),
    laptop: desktops(rng, s, perDevice * 0.7, [
      {
        os,
        role: 'small',
        laptop: true,
        apps: apps,
        weight: 1,
        zones: ZONES.laptop,
        criticality: CRIT.office,
      },
    ]),
    network: fleet(rng, evenly(SMALL_SITE_NETWORK), s.lag, 1),
    iot: fleet(rng, IOT_MODELS.slice(0, 2), s.lag, 1),
    mobile: fleet(rng, MOBILE_MODELS, s.lag, 1),
  });
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
      return largeEstate(rng, perDevice, org.code, ctx.traitsOf(org.code).profile ?? 'acute');
    case 'national':
    case 'region':
    case 'icb':
    case 'csu':
    case 'alb':
      return largeEstate(rng, perDevice, org.code, 'corporate');
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
