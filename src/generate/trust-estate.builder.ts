/**
 * The estate of a trust or a national or regional body: its own golden images for corporate,
 * clinical, IT-admin and legacy desktops, laptops, Windows and Linux servers and VMs, in-house
 * software, an internet edge (firewall plus remote-access gateways), switching, IoT, mobiles and,
 * for trusts, a medical-device fleet.
 */
import { TRUST_CLINICAL } from './catalogues/clinical-software.catalog.js';
import { inHouseApps } from './catalogues/in-house-software.catalog.js';
import { IOT_MODELS } from './catalogues/iot-device.catalog.js';
import { MEDICAL_MODELS } from './catalogues/medical-device.catalog.js';
import { MOBILE_MODELS } from './catalogues/mobile-device.catalog.js';
import { FIREWALLS, REMOTE_ACCESS, SWITCHING } from './catalogues/network-device.catalog.js';
import { type DesktopSpec, desktops, servers } from './computer-template.builder.js';
import type { Template } from './estate.js';
import { drawSettings, legacyDesktopOs, modernDesktopOs } from './estate-settings.js';
import { ASSET_MIX, CRIT, combine, evenly, fleet, type TemplateMix, ZONES } from './estate-template.js';
import type { TrustProfile } from './organisation.js';
import type { Prng } from './prng.js';

/** Templates of a trust (by profile) or of a national body (`corporate`). */
export function trustEstate(
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
  return combine(ASSET_MIX[profile], {
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
