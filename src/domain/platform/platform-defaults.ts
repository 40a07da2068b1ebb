/**
 * Built-in components an operating system carries and enables by default, which inventories made
 * from device-management exports do not list (nobody writes "SMB version 1" under a Windows 7 PC).
 * The shipped, sourced table is `platform-defaults.json`: each built-in with the CPE NVD models it
 * as, and each platform with the built-ins on by default on it (and, for the record, platforms on
 * which they are not: clean installs of Windows 10 1709 and later, Windows 11, Server 2019 and later).
 *
 * At import Ward adds a platform's default built-ins to an asset that names the platform and says
 * nothing about them; such a component is *assumed* (it carries the platform's label) rather than
 * reported. An inventory that lists the built-in reports it; one that reports it `disabled` or
 * `removed` gets neither the component nor its findings.
 *
 * A platform is named by a component whose key equals the entry's CPE key and, when the entry's
 * CPE gives a version, whose version equals it or extends it (`10.0.14393` names `10.0.14393.6796`);
 * a component with an unknown version names a versioned entry only where the entry says
 * `unknownVersion` (Server 2016: nearly all are the 1607 LTSC release). A bare `windows_10` without
 * a release names nothing: most Windows 10 in service are 1709 or later.
 */
import { cpeKey } from '../cpe/cpe-key.js';
import { CPE_ANY } from '../cpe/cpe-name.js';
import { parseCpe } from '../cpe/cpe-name.parser.js';
import data from './platform-defaults.json' with { type: 'json' };

/** A component a platform carries. */
export interface Builtin {
  /** Short name used by inventories to report it (`ward:smb1` in CycloneDX). */
  id: string;
  /** For people: "SMBv1 server". */
  name: string;
  /** The CPE NVD models it as. */
  cpe: string;
  /** Its match key (`a:microsoft:server_message_block`). */
  key: string;
  /** osquery `windows_optional_features` names that report its state, most specific first. */
  osqueryFeatures: readonly string[];
  sources: readonly string[];
}

/** One platform (or family) and the built-ins on by default on it. */
export interface PlatformDefault {
  label: string;
  on: readonly Builtin[];
  sources: readonly string[];
  matchers: readonly { key: string; version: string | null }[];
  unknownVersion: boolean;
}

/** Whether a finding rests on a component the inventory reports or one assumed from its platform's defaults. */
export const FINDING_BASES = ['reported', 'assumed'] as const;
export type FindingBasis = (typeof FINDING_BASES)[number];

/** Values of an inventory's version column that report a built-in switched off. */
export const OFF_STATES = ['disabled', 'removed'] as const;

/** A CPE prefix written short in the table (`cpe:2.3:o:microsoft:windows_7`), the rest ANY. */
function padCpe(text: string): string {
  const parts = text.split(':');
  return [...parts, ...Array(Math.max(0, 13 - parts.length)).fill('*')].join(':');
}

export const BUILTINS: readonly Builtin[] = data.builtins.map((b) => ({
  ...b,
  key: cpeKey(parseCpe(b.cpe)),
}));

const BY_ID = new Map(BUILTINS.map((b) => [b.id, b]));
const BY_KEY = new Map(BUILTINS.map((b) => [b.key, b]));

export const PLATFORM_DEFAULTS: readonly PlatformDefault[] = data.platforms.map((p) => ({
  label: p.label,
  sources: p.sources,
  unknownVersion: 'unknownVersion' in p && p.unknownVersion === true,
  on: p.on.map((id) => {
    const builtin = BY_ID.get(id);
    if (!builtin) throw new Error(`platform-defaults.json: ${p.label} names unknown built-in ${id}`);
    return builtin;
  }),
  matchers: p.match.map((text) => {
    const name = parseCpe(padCpe(text));
    return { key: cpeKey(name), version: name.version === CPE_ANY ? null : name.version.toLowerCase() };
  }),
}));

/** The built-in with this id (`smb1`), if any. */
export function builtinById(id: string): Builtin | undefined {
  return BY_ID.get(id.toLowerCase());
}

/** The built-in with this match key, if any. */
export function builtinByKey(key: string): Builtin | undefined {
  return BY_KEY.get(key);
}

/** Whether an inventory's version value reports a component switched off or removed. */
export function isOffState(version: string | null): boolean {
  const v = version?.trim().toLowerCase() ?? '';
  return (OFF_STATES as readonly string[]).includes(v);
}

function names(platform: PlatformDefault, component: { key: string; version: string | null }): boolean {
  const version = component.version?.toLowerCase() ?? '';
  return platform.matchers.some((m) => {
    if (m.key !== component.key) return false;
    if (m.version === null) return true;
    if (version === '' || version === '*') return platform.unknownVersion;
    return version === m.version || version.startsWith(`${m.version}.`);
  });
}

/** Whether the component names a platform that enables a built-in by default. */
export function namesPlatformWithDefaults(component: { key: string; version: string | null }): boolean {
  return PLATFORM_DEFAULTS.some((platform) => platform.on.length > 0 && names(platform, component));
}

/** The built-ins on by default on an asset with these components, each once, with the platform implying it. */
export function defaultBuiltins(
  components: readonly { key: string; version: string | null }[],
): { builtin: Builtin; platform: PlatformDefault }[] {
  const found = new Map<string, { builtin: Builtin; platform: PlatformDefault }>();
  for (const platform of PLATFORM_DEFAULTS) {
    if (platform.on.length === 0 || !components.some((c) => names(platform, c))) continue;
    for (const builtin of platform.on)
      if (!found.has(builtin.id)) found.set(builtin.id, { builtin, platform });
  }
  return [...found.values()];
}

/** The reason shown on a finding that rests on an assumed component. */
export function assumedReason(key: string, platformLabel: string): string {
  const name = builtinByKey(key)?.name ?? key;
  return `${name} is on by default on ${platformLabel}; report it disabled to clear this`;
}
