/**
 * Synthetic federations for the calibration scenario, the tests and the benchmark: shaped like the
 * NHS of 2017 (trusts split into subnets, flat GP practices, a WAN between them) from public counts
 * plus declared assumptions. Deterministic for a given seed.
 */
import { CLASS_COUNT, classIndex, type Federation, ORG_KINDS, type OrgKind, ZONE } from './federation.js';
import { deriveSeed, Prng } from './prng.js';

export interface SyntheticOptions {
  readonly trusts: number;
  readonly practices: number;
  readonly others: number;
  readonly devicesPerTrust: number;
  readonly zonesPerTrust: number;
  readonly devicesPerPractice: number;
  readonly devicesPerOther: number;
  /** Share of Windows 7 among Windows devices (the rest Windows 10 or other). */
  readonly windows7Share: number;
  /** Share of organisations with any Windows XP (then 10 % of their devices). */
  readonly xpOrgShare: number;
  /** Share of devices that are diagnostic equipment; of critical clinical systems. */
  readonly diagnosticShare: number;
  readonly criticalShare: number;
  /**
   * Share of that clinical equipment (diagnostic and critical) that is a Windows computer listening
   * on 445, like the office's; the rest are appliances (embedded or vendor systems) the exploit does
   * not reach and that do not answer on 445.
   */
  readonly clinicalWindowsShare: number;
  /** Share of organisations that had not applied MS17-010 (then `unpatchedWithin` of their devices are not). */
  readonly unpatchedOrgShare: number;
  readonly unpatchedWithin: number;
  /** Share of organisations with a zone reachable on 445 from the internet and the WAN. */
  readonly exposedOrgShare: number;
  /** Share of zones that reach the internet directly (the rest through a proxy). */
  readonly directEgressShare: number;
  /** Each practice uses one trust's PAS (its loss disrupts the practice). */
  readonly sharedServices: boolean;
  readonly seed: number;
}

/** The NHS in May 2017: 236 trusts, about 7,450 practices; >90 % Windows 7, XP in about 5 % of organisations. */
export const NHS_2017: SyntheticOptions = Object.freeze({
  trusts: 236,
  practices: 7450,
  others: 200,
  devicesPerTrust: 4000, // assumption: ~1 M devices in trusts
  zonesPerTrust: 40, // assumption: /24-sized subnets of ~100 devices
  devicesPerPractice: 15, // assumption
  devicesPerOther: 30,
  windows7Share: 0.9, // NAO via Penningtons: more than 90 % Windows 7
  xpOrgShare: 0.047, // NHS Digital via HSJ: 4.7 % of organisations had any XP device
  diagnosticShare: 0.12, // ~113,000 in trusts: the NAO's ~1,220 infected were about 1 % of the NHS's (b4crisis)
  criticalShare: 0.02,
  // Assumption (no public census of NHS medical-device systems): most diagnostic equipment by count is
  // an appliance (monitors, ECG carts, point-of-care analysers); the Windows PCs that drive some
  // modalities and analysers are the minority. See the README's calibration section for its weight.
  clinicalWindowsShare: 0.2,
  unpatchedOrgShare: 0.5, // to be calibrated
  unpatchedWithin: 0.7, // assumption
  exposedOrgShare: 0.2, // to be calibrated
  directEgressShare: 0.5, // assumption
  sharedServices: true,
  seed: 2017,
});

/** Scaled-up federation of the benchmark: 21,000 organisations, ~2 M devices, ~200,000 zones. */
export const NATIONAL_TODAY: SyntheticOptions = Object.freeze({
  ...NHS_2017,
  trusts: 1000,
  practices: 7000,
  others: 13_000,
  devicesPerTrust: 1500,
  zonesPerTrust: 160,
  devicesPerPractice: 20,
  devicesPerOther: 26,
  seed: 2026,
});

export function syntheticFederation(opts: SyntheticOptions): Federation {
  // Organisation and zone traits draw from their own stream, a fixed number of draws each, so the
  // same organisations stay exposed or unpatched when a device count or another share changes (the
  // calibration's grid points and its sensitivity runs are coupled).
  const traits = new Prng(deriveSeed(opts.seed, 1));
  const rng = new Prng(opts.seed);
  const kinds: OrgKind[] = [
    ...Array<OrgKind>(opts.trusts).fill('trust'),
    ...Array<OrgKind>(opts.practices).fill('gp-practice'),
    ...Array<OrgKind>(opts.others).fill('other'),
  ];
  const zonesOf = (k: OrgKind) =>
    k === 'trust'
      ? opts.zonesPerTrust
      : k === 'other'
        ? Math.max(1, Math.round(opts.devicesPerOther / 100))
        : 1;
  const Z = kinds.reduce((n, k) => n + zonesOf(k), 0);
  const orgZoneStart = new Int32Array(kinds.length + 1);
  const zoneOrg = new Int32Array(Z);
  const zoneFlags = new Uint8Array(Z);
  const zoneListeners = new Float64Array(Z);
  const susceptible = new Float64Array(Z * CLASS_COUNT);
  const w7 = [
    classIndex('windows-7', 'none'),
    classIndex('windows-7', 'diagnostic'),
    classIndex('windows-7', 'critical'),
  ];
  const xp = [
    classIndex('windows-xp', 'none'),
    classIndex('windows-xp', 'diagnostic'),
    classIndex('windows-xp', 'critical'),
  ];
  let z = 0;
  kinds.forEach((kind, o) => {
    orgZoneStart[o] = z;
    const zones = zonesOf(kind);
    const devices =
      kind === 'trust'
        ? opts.devicesPerTrust
        : kind === 'gp-practice'
          ? opts.devicesPerPractice
          : opts.devicesPerOther;
    const hasXp = traits.next() < opts.xpOrgShare;
    const unpatched = traits.next() < opts.unpatchedOrgShare ? opts.unpatchedWithin : 0;
    const exposed = traits.next() < opts.exposedOrgShare;
    for (let i = 0; i < zones; i++, z++) {
      zoneOrg[z] = o;
      const n = Math.round(devices / zones);
      const clinical = kind === 'trust' && i % 4 === 3;
      let flags = ZONE.ORG_IN | ZONE.INTERNET_OUT | ZONE.WAN_OUT;
      if (clinical) flags |= ZONE.CLINICAL;
      if (exposed && i === 0) flags |= ZONE.INTERNET_IN | ZONE.WAN_IN;
      if (traits.next() < opts.directEgressShare) flags |= ZONE.DIRECT_EGRESS;
      zoneFlags[z] = flags | ZONE.PRIOR;
      const xpShare = hasXp ? 0.1 : 0;
      const diag = clinical || kind !== 'trust' ? opts.diagnosticShare * (clinical ? 4 : 0.5) : 0;
      const shares = [1 - Math.min(1, diag) - opts.criticalShare, Math.min(1, diag), opts.criticalShare];
      let appliances = 0;
      shares.forEach((share, s) => {
        const all = n * Math.max(0, share);
        // Clinical equipment: only its Windows computers answer on 445 and can be exploited.
        const count = s === 0 ? all : all * opts.clinicalWindowsShare;
        appliances += all - count;
        const win7 = rng.binomial(Math.round(count * (1 - xpShare) * opts.windows7Share), unpatched);
        const xpN = rng.binomial(Math.round(count * xpShare), 0.8);
        susceptible[z * CLASS_COUNT + (w7[s] as number)] = win7;
        susceptible[z * CLASS_COUNT + (xp[s] as number)] = xpN;
      });
      zoneListeners[z] = n - Math.round(appliances);
    }
  });
  orgZoneStart[kinds.length] = z;
  const consumers: number[] = [];
  const providers: number[] = [];
  if (opts.sharedServices && opts.trusts > 0)
    for (let p = 0; p < opts.practices; p++) {
      consumers.push(opts.trusts + p);
      providers.push(p % opts.trusts);
    }
  return {
    orgCodes: kinds.map(
      (k, o) => `${k === 'trust' ? 'T' : k === 'gp-practice' ? 'P' : 'O'}${String(o).padStart(5, '0')}`,
    ),
    orgKind: Uint8Array.from(kinds, (k) => ORG_KINDS.indexOf(k)),
    orgZoneStart,
    zoneOrg,
    zoneFlags,
    zoneListeners,
    susceptible,
    edgeFrom: new Int32Array(0),
    edgeTo: new Int32Array(0),
    serviceConsumer: Int32Array.from(consumers),
    serviceProvider: Int32Array.from(providers),
    serviceName: consumers.map(() => 'PAS'),
  };
}
