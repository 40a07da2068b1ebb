/**
 * Longest-prefix attribution of addresses to organisations, in memory: the registered ranges are
 * grouped by family and prefix length, and an address is looked up from the longest length down —
 * one masked lookup per distinct length, so a national table of 60,000 ranges with a dozen lengths
 * attributes an address in a dozen map probes. Build it once per import; it holds no database.
 */
import { type IpAddress, type IpRange, maskTo, parseIp } from './ip.js';

export interface RangeClaim<T> {
  range: IpRange;
  /** Who the range belongs to. Where several claims share one range, `pick` decides. */
  owner: T;
}

export interface Attribution<T> {
  owner: T;
  /** The range that decided it, canonical text. */
  range: string;
}

interface Level<T> {
  bits: number;
  networks: Map<number | bigint, Attribution<T>>;
}

export class AddressTable<T> {
  private readonly v4: Level<T>[];
  private readonly v6: Level<T>[];
  readonly size: number;

  /**
   * `pick(a, b)` chooses between two owners of one exact range (e.g. the deeper organisation when
   * an ancestor and its descendant both register it); the first claim wins when it is absent.
   */
  constructor(claims: Iterable<RangeClaim<T>>, pick?: (a: T, b: T) => T) {
    const levels = { 4: new Map<number, Level<T>>(), 6: new Map<number, Level<T>>() };
    let size = 0;
    for (const { range, owner } of claims) {
      const byBits = levels[range.family];
      let level = byBits.get(range.bits);
      if (!level) {
        level = { bits: range.bits, networks: new Map() };
        byBits.set(range.bits, level);
      }
      const held = level.networks.get(range.network);
      if (held) {
        if (pick) held.owner = pick(held.owner, owner);
        continue;
      }
      level.networks.set(range.network, { owner, range: range.text });
      size++;
    }
    const longestFirst = (m: Map<number, Level<T>>) => [...m.values()].sort((a, b) => b.bits - a.bits);
    this.v4 = longestFirst(levels[4]);
    this.v6 = longestFirst(levels[6]);
    this.size = size;
  }

  /** The most specific registered range holding the address, or null (also for text that is no address). */
  lookup(address: string): Attribution<T> | null {
    const ip = parseIp(address);
    return ip ? this.lookupIp(ip) : null;
  }

  /** {@link lookup} for an address already parsed. */
  lookupIp(ip: IpAddress): Attribution<T> | null {
    const levels = ip.family === 4 ? this.v4 : this.v6;
    for (const level of levels) {
      const hit = level.networks.get(maskTo(ip.family, ip.value, level.bits));
      if (hit) return hit;
    }
    return null;
  }
}
