/**
 * The choices an IT department makes once for its whole estate: how far behind on patching it is
 * (lag), how much legacy Windows it still runs, which PC vendor it buys, and which security, VPN
 * and remote-application products it standardised on. Also the per-device-type image sizes.
 */
import { type AppSpec, app } from './app.model.js';
import type { AssetType } from './asset.js';
import {
  ANYCONNECT,
  CITRIX_RECEIVER,
  CITRIX_WORKSPACE,
  CROWDSTRIKE_FALCON,
  FORTICLIENT,
  HORIZON_CLIENT,
  MCAFEE_ENDPOINT,
  SOPHOS_ENDPOINT,
  TRENDMICRO_APEX_ONE,
} from './catalogues/desktop-software.catalog.js';
import { HARDWARE, type HardwareLine, type PcVendor } from './catalogues/hardware-model.catalog.js';
import {
  LINUX,
  type OperatingSystem,
  WINDOWS_DESKTOP,
  WINDOWS_SERVER,
} from './catalogues/operating-system.catalog.js';
import type { Prng } from './prng.js';

export interface EstateSettings {
  /** 0 fully patched … 1 as old as the catalogues go. */
  readonly lag: number;
  /** Share of workstations on Windows 7 or XP. */
  readonly legacyDesktops: number;
  /** Share of Windows servers on Server 2008. */
  readonly legacyServers: number;
  readonly hardware: HardwareLine;
  readonly security: AppSpec;
  readonly vpn: AppSpec;
  readonly remoteApps: AppSpec;
}

const VENDORS: readonly (readonly [PcVendor, number])[] = [
  ['Dell', 0.45],
  ['HP', 0.4],
  ['Lenovo', 0.15],
];
const SECURITY: readonly (readonly [AppSpec, number])[] = [
  [app(SOPHOS_ENDPOINT), 3],
  [app(CROWDSTRIKE_FALCON), 2],
  [app(MCAFEE_ENDPOINT), 2],
  [app(TRENDMICRO_APEX_ONE), 1],
];
const VPN: readonly (readonly [AppSpec, number])[] = [
  [app(FORTICLIENT), 3],
  [app(ANYCONNECT), 3],
];

/** Draws an estate's settings; `legacy` scales the legacy shares (trusts 1, GP IT less). */
export function drawSettings(rng: Prng, legacy: number): EstateSettings {
  const u = rng.next();
  const v = rng.next();
  const lag = Math.min(0.9, 0.06 + 0.5 * u * u);
  return {
    lag,
    legacyDesktops: legacy * (0.03 + 0.22 * v * Math.sqrt(v)),
    legacyServers: legacy * (0.05 + 0.25 * rng.next()),
    hardware: HARDWARE[rng.weighted(VENDORS)],
    security: rng.weighted(SECURITY),
    vpn: rng.weighted(VPN),
    remoteApps: rng.chance(0.7)
      ? rng.chance(lag)
        ? app(CITRIX_RECEIVER)
        : app(CITRIX_WORKSPACE)
      : app(HORIZON_CLIENT),
  };
}

/** A modern Windows desktop release; laggard estates stay on older builds. */
export function modernDesktopOs(rng: Prng, lag: number): OperatingSystem {
  const old = 1 + 6 * lag;
  const w = WINDOWS_DESKTOP;
  return rng.weighted<OperatingSystem>([
    [w.w10_1607, 3 * old],
    [w.w10_1709, 1.5 * old],
    [w.w10_1809, 4 * old],
    [w.w10_1909, 3 * old],
    [w.w10_20h2, 4 * old],
    [w.w10_21h2, 10],
    [w.w10_22h2, 40],
    [w.w11_22h2, 8 * (1 - lag)],
    [w.w11_23h2, 15 * (1 - lag)],
    [w.w11_24h2, 5 * (1 - lag)],
  ]);
}

/** A supported Windows Server release. */
export function windowsServerOs(rng: Prng, lag: number): OperatingSystem {
  const s = WINDOWS_SERVER;
  return rng.weighted<OperatingSystem>([
    [s.s2012r2, 20 * (1 + 3 * lag)],
    [s.s2016, 30],
    [s.s2019, 30],
    [s.s2022, 20 * (1 - lag)],
  ]);
}

/** A Linux distribution release. */
export function linuxOs(rng: Prng, lag: number): OperatingSystem {
  const old = 1 + 3 * lag;
  return rng.weighted<OperatingSystem>([
    [LINUX.rhel7, 15 * old],
    [LINUX.rhel8, 30],
    [LINUX.rhel9, 15 * (1 - lag)],
    [LINUX.ubuntu1804, 10 * old],
    [LINUX.ubuntu2004, 20],
    [LINUX.ubuntu2204, 15 * (1 - lag)],
  ]);
}

/** A legacy desktop: mostly Windows 7, some XP. */
export function legacyDesktopOs(rng: Prng): OperatingSystem {
  return rng.chance(0.85) ? WINDOWS_DESKTOP.w7 : WINDOWS_DESKTOP.xp;
}

/** A legacy server: mostly 2008 R2. */
export function legacyServerOs(rng: Prng): OperatingSystem {
  return rng.chance(0.85) ? WINDOWS_SERVER.s2008r2 : WINDOWS_SERVER.s2008;
}

const SIZE_RANGES: Partial<Record<AssetType, readonly [number, number]>> = {
  workstation: [88, 186],
  laptop: [88, 176],
  server: [62, 207],
  virtual: [62, 186],
};

/** Target component count of a golden image for `type`, scaled to `perDevice` (the average aimed at). */
export function imageTarget(rng: Prng, type: AssetType, perDevice: number): number {
  const [lo, hi] = SIZE_RANGES[type] ?? [0, 0];
  return Math.max(8, Math.round(((lo + (hi - lo) * rng.next()) * perDevice) / 100));
}
