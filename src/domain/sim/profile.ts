/**
 * Worm profiles: versioned data describing how a worm finds and infects hosts. Every constant carries
 * the source it rests on (numbers in brackets refer to the `sources` list of the profile); constants
 * marked "assumption" are there to be calibrated or checked against primary analyses.
 */

/** Operating-system classes the exploit behaves differently on. */
export const OS_CLASSES = ['windows-7', 'windows-xp', 'windows-10', 'other'] as const;
export type OsClass = (typeof OS_CLASSES)[number];

/** Per exploit attempt against a susceptible host: the chance it is infected, and that it crashes. */
export interface ExploitOutcome {
  readonly infect: number;
  readonly crash: number;
}

/** One point of the global outbreak curve: scanning infected hosts worldwide, `hour` after the start. */
export interface OutbreakPoint {
  readonly hour: number;
  readonly scanningHosts: number;
}

export interface ProfileSource {
  readonly ref: number;
  readonly title: string;
  readonly url: string;
}

export interface WormProfile {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly cves: readonly string[];
  readonly port: number;
  readonly exploit: Readonly<Record<OsClass, ExploitOutcome>>;
  /** Random probes per second per infected host. */
  readonly scanRatePerSecond: number;
  /** Size of the space random probes are drawn from (2^32 for IPv4). */
  readonly addressSpace: number;
  /** Minutes one infected host takes to sweep its own subnet; null: no local sweep. */
  readonly lanSweepMinutes: number | null;
  /** Whether a random probe that finds a listener triggers a sweep of that whole subnet. */
  readonly sweepOnHit: boolean;
  /** Hours an infected host keeps scanning; null: for ever. */
  readonly scanLifetimeHours: number | null;
  /** Hours after the start when the kill switch takes effect (hosts with direct egress only); null: none. */
  readonly killSwitchHours: number | null;
  /** Minutes from infection to encryption (the device is then unavailable). */
  readonly encryptMinutes: number;
  /** The global outbreak (piecewise linear, flat after the last point); used when the internet seeds. */
  readonly globalOutbreak: readonly OutbreakPoint[];
  readonly notes: readonly string[];
  readonly sources: readonly ProfileSource[];
}

const WANNACRY_SOURCES: readonly ProfileSource[] = [
  {
    ref: 1,
    title: 'NAO, Investigation: WannaCry cyber attack and the NHS (Oct 2017)',
    url: 'https://nao.org.uk/press-releases/investigation-wannacry-cyber-attack-and-the-nhs',
  },
  {
    ref: 2,
    title: 'Cisco Talos, Player 3 Has Entered the Game: Say Hello to WannaCry',
    url: 'http://blog.talosintelligence.com/2017/05/wannacry.html',
  },
  {
    ref: 3,
    title:
      'Microsoft and Cisco on the subnet and random-address logic (quoted on Security StackExchange Q160353)',
    url: 'https://a.osmarks.net/content/security.stackexchange.com_en_all_2022-11/questions/160353/does-wannacry-spread-outside-its-private-subnet-to-adjacent-private-subnets',
  },
  {
    ref: 4,
    title: 'Kaspersky via Highland Marketing: ~98 % of infected machines ran Windows 7; XP crashed',
    url: 'https://media.highland-marketing.com/analysis/wannacry-nhs-cyber-attack-one-year/amp',
  },
  {
    ref: 5,
    title: 'Wired, The Confessions of Marcus Hutchins (kill-switch domain registered 15:08:04 BST)',
    url: 'https://dlsserve.com/the-confessions-of-marcus-hutchins-the-hacker-who-saved-the-internet/',
  },
  {
    ref: 6,
    title: 'Kryptos Logic, WannaCry: Two Weeks and 16 Million Averted Ransoms Later',
    url: 'https://www.kryptoslogic.com/blog/2017/05/wannacry-two-weeks-and-16-million-averted-ransoms-later/',
  },
  {
    ref: 7,
    title: 'BleepingComputer via Slashdot: a vulnerable honeypot infected 6 times in 90 minutes',
    url: 'https://slashdot.mozz.us/stories/17/05/15/0354230/?score=5',
  },
  {
    ref: 8,
    title:
      'Summary of MalwareTech: the kill-switch request uses INTERNET_OPEN_TYPE_DIRECT (proxied hosts never see it)',
    url: 'https://splendornet.com/2022/04/21/how-wannacry-did-the-damage',
  },
  {
    ref: 9,
    title: 'bhassani/WannacryDecompiled (community decompilation; 24 h service lifetime, unverified)',
    url: 'https://github.com/bhassani/WannacryDecompiled',
  },
];

/** WannaCry as it ran on 12 May 2017 (start taken as 08:00 BST). */
export const WANNACRY_2017: WormProfile = Object.freeze({
  id: 'wannacry-2017',
  version: '1',
  title: 'WannaCry (EternalBlue over SMBv1, May 2017)',
  cves: [
    'CVE-2017-0143',
    'CVE-2017-0144',
    'CVE-2017-0145',
    'CVE-2017-0146',
    'CVE-2017-0147',
    'CVE-2017-0148',
  ],
  port: 445,
  exploit: {
    'windows-7': { infect: 0.9, crash: 0.02 }, // [4]: infections were overwhelmingly Windows 7
    'windows-xp': { infect: 0.1, crash: 0.6 }, // [4]: XP mostly crashed (assumption for the split)
    'windows-10': { infect: 0, crash: 0 }, // the 2017 exploit did not target Windows 10 [2]
    other: { infect: 0, crash: 0 },
  },
  scanRatePerSecond: 100, // [3][7]: 128 internet threads; ~100 probes/s matches the honeypot hit rate
  addressSpace: 4294967296,
  lanSweepMinutes: 2, // assumption: 254 addresses, 1 s connect time-outs, some concurrency [9]
  sweepOnHit: true, // [3]: a hit on a random address sweeps its /24
  scanLifetimeHours: 24, // [9] (unverified)
  killSwitchHours: 7.1, // [5]: 15:08 BST, seven hours after an assumed 08:00 start
  encryptMinutes: 10, // assumption
  globalOutbreak: [
    // Shaped from [6] (a few hundred thousand disrupted before the kill switch) and [7]; assumption.
    { hour: 0, scanningHosts: 0 },
    { hour: 2, scanningHosts: 10_000 },
    { hour: 5, scanningHosts: 80_000 },
    { hour: 7, scanningHosts: 150_000 },
    { hour: 24, scanningHosts: 150_000 },
    { hour: 31, scanningHosts: 20_000 },
    { hour: 72, scanningHosts: 2_000 },
  ],
  notes: [
    'Hosts behind a web proxy never see the kill switch and keep spreading [8].',
    'A crash is still an outage: crashed devices count as unavailable.',
  ],
  sources: WANNACRY_SOURCES,
});

/** An EternalBlue-class SMB worm with no kill switch that keeps scanning, against today's estate. */
export const GENERIC_SMB_WORM: WormProfile = Object.freeze({
  id: 'generic-smb-worm',
  version: '1',
  title: 'Generic SMB worm (no kill switch)',
  cves: WANNACRY_2017.cves,
  port: 445,
  exploit: {
    'windows-7': { infect: 0.9, crash: 0.02 },
    'windows-xp': { infect: 0.3, crash: 0.4 },
    'windows-10': { infect: 0.5, crash: 0.05 }, // assumption: a worm built for today's unpatched estate
    other: { infect: 0, crash: 0 },
  },
  scanRatePerSecond: 100,
  addressSpace: 4294967296,
  lanSweepMinutes: 2,
  sweepOnHit: true,
  scanLifetimeHours: null,
  killSwitchHours: null,
  encryptMinutes: 10,
  globalOutbreak: [
    { hour: 0, scanningHosts: 0 },
    { hour: 2, scanningHosts: 10_000 },
    { hour: 5, scanningHosts: 80_000 },
    { hour: 12, scanningHosts: 300_000 },
  ],
  notes: ['A worst case for planning: the WannaCry mechanics without its kill switch or 24 h lifetime.'],
  sources: WANNACRY_SOURCES,
});

export const PROFILES: Readonly<Record<string, WormProfile>> = Object.freeze({
  [WANNACRY_2017.id]: WANNACRY_2017,
  [GENERIC_SMB_WORM.id]: GENERIC_SMB_WORM,
});

/** Scanning infected hosts worldwide at `hour` (linear between points). */
export function globalScanners(profile: WormProfile, hour: number): number {
  const pts = profile.globalOutbreak;
  if (pts.length === 0) return 0;
  const first = pts[0] as OutbreakPoint;
  if (hour <= first.hour) return first.scanningHosts;
  for (let i = 1; i < pts.length; i++) {
    const b = pts[i] as OutbreakPoint;
    if (hour <= b.hour) {
      const a = pts[i - 1] as OutbreakPoint;
      return a.scanningHosts + ((b.scanningHosts - a.scanningHosts) * (hour - a.hour)) / (b.hour - a.hour);
    }
  }
  return (pts[pts.length - 1] as OutbreakPoint).scanningHosts;
}
