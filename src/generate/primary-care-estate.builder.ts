/**
 * Estates of small organisations. GP practices run on their ICB's GP IT service: shared golden
 * images for practices using EMIS Web and for those using SystmOne. Pharmacies, care homes and
 * other small providers run one of a few national small-business estates with older, less managed
 * software.
 */
import type { AppSpec } from './app.model.js';
import { GP_EXTRAS, SMALL_PROVIDER } from './catalogues/clinical-software.catalog.js';
import { IOT_MODELS } from './catalogues/iot-device.catalog.js';
import { PRIMARY_CARE_MEDICAL_MODELS } from './catalogues/medical-device.catalog.js';
import { MOBILE_MODELS } from './catalogues/mobile-device.catalog.js';
import { SMALL_SITE_NETWORK } from './catalogues/network-device.catalog.js';
import { desktops, servers } from './computer-template.builder.js';
import { drawSettings, legacyDesktopOs, modernDesktopOs } from './estate-settings.js';
import { ASSET_MIX, CRIT, combine, evenly, fleet, type TemplateMix, ZONES } from './estate-template.js';
import type { Prng } from './prng.js';

/** The GP IT estate of an ICB for practices running `system`. */
export function gpItEstate(rng: Prng, perDevice: number, system: AppSpec): TemplateMix {
  const s = drawSettings(rng, 0.6);
  const os = modernDesktopOs(rng, s.lag);
  const clinical = [system, ...rng.sample(GP_EXTRAS, rng.int(1, GP_EXTRAS.length))];
  return combine(ASSET_MIX.gp, {
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

/** One national small-provider estate. */
export function smallEstate(rng: Prng, perDevice: number): TemplateMix {
  const s = drawSettings(rng, 0.6);
  const apps = rng.sample(SMALL_PROVIDER, rng.int(1, 3));
  const os = rng.chance(s.legacyDesktops * 2)
    ? legacyDesktopOs(rng)
    : modernDesktopOs(rng, Math.min(0.9, s.lag + 0.2));
  return combine(ASSET_MIX.small, {
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
