/**
 * Templates for an estate's computers: desktop and laptop images per role, and server images
 * (Windows, Linux, and ESXi hosts for physical servers), with the hardware models devices get.
 */
import type { AppSpec } from './app.model.js';
import type { ClinicalCriticality, NetworkZone } from './asset.js';
import { SURFACE, VIRTUAL_PLATFORMS } from './catalogues/hardware-model.catalog.js';
import type { OperatingSystem } from './catalogues/operating-system.catalog.js';
import type { Template } from './estate.js';
import {
  type EstateSettings,
  imageTarget,
  legacyServerOs,
  linuxOs,
  windowsServerOs,
} from './estate-settings.js';
import { CRIT, template, ZONES } from './estate-template.js';
import type { Prng } from './prng.js';
import { hypervisorImage, serverImage } from './server-image.recipe.js';
import type { WeightedTable } from './weighted-table.js';
import { type DesktopRole, workstationImage } from './workstation-image.recipe.js';

/** One desktop or laptop image of an estate and its share of the estate's devices of that type. */
export interface DesktopSpec {
  os: OperatingSystem;
  role: DesktopRole;
  laptop: boolean;
  apps: readonly AppSpec[];
  weight: number;
  zones: WeightedTable<NetworkZone>;
  criticality: WeightedTable<ClinicalCriticality>;
}

/** Desktop or laptop templates, one per spec. */
export function desktops(
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

/** `count` server (or virtual-machine) templates; physical estates also get ESXi hosts. */
export function servers(
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
