/**
 * IP addresses and ranges (IPv4 and IPv6) as numbers, for attributing observed addresses to the
 * organisation that registered the most specific range holding them. IPv4 is an unsigned 32-bit
 * number, IPv6 a 128-bit bigint; both print back in PostgreSQL's `inet`/`cidr` text form, so a value
 * parsed here and one read back from the database compare equal as text.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  /** IPv4: 0 … 2^32-1 as a number; IPv6: a bigint. */
  value: number | bigint;
}

export interface IpRange {
  family: IpFamily;
  /** The network address (host bits zero). */
  network: number | bigint;
  bits: number;
  /** Canonical text, as PostgreSQL's `cidr` prints it (`10.1.0.0/16`, `2001:db8::/32`). */
  text: string;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): number | null {
  const m = V4.exec(text);
  if (!m) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    if (part.length > 1 && part[0] === '0') return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function parseV6(text: string): bigint | null {
  if (text.length < 2 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const parts = half.split(':');
    const out: number[] = [];
    for (const [i, p] of parts.entries()) {
      if (p.includes('.')) {
        if (i !== parts.length - 1) return null;
        const v4 = parseV4(p);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
        out.push(Number.parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let value = 0n;
  for (const g of [...head, ...new Array<number>(missing).fill(0), ...tail])
    value = (value << 16n) | BigInt(g);
  return value;
}

/** An address in either family, or null when the text is not one (no zone ids, no ranges). */
export function parseIp(text: string): IpAddress | null {
  const t = text.trim();
  if (t.includes(':')) {
    const v6 = parseV6(t);
    return v6 === null ? null : { family: 6, value: v6 };
  }
  const v4 = parseV4(t);
  return v4 === null ? null : { family: 4, value: v4 };
}

const V6_MASK = (1n << 128n) - 1n;

/** The network of `value` at `bits` (host bits cleared). */
export function maskTo(family: IpFamily, value: number | bigint, bits: number): number | bigint {
  if (family === 4) {
    if (bits === 0) return 0;
    const hostBits = 32 - bits;
    // 2^hostBits as a divisor keeps within doubles' exact range and avoids signed 32-bit shifts.
    const size = 2 ** hostBits;
    return Math.floor((value as number) / size) * size;
  }
  const hostBits = BigInt(128 - bits);
  return (((value as bigint) >> hostBits) << hostBits) & V6_MASK;
}

export function formatIp(family: IpFamily, value: number | bigint): string {
  if (family === 4) {
    const v = value as number;
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
  }
  const groups: number[] = [];
  let v = value as bigint;
  for (let i = 0; i < 8; i++) {
    groups.unshift(Number(v & 0xffffn));
    v >>= 16n;
  }
  // RFC 5952: the longest run (≥ 2) of zero groups, the first if tied, becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  // As PostgreSQL (after BIND's inet_ntop): an IPv4-compatible or -mapped address ends dotted.
  if (best === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff))) {
    const v4 = formatIp(4, Number((value as bigint) & 0xffffffffn));
    return bestLen === 5 ? `::ffff:${v4}` : `::${v4}`;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export type RangeProblem = { ok: false; reason: string };

/**
 * A CIDR range (`10.1.0.0/16`, `2001:db8::/32`) or a single address (taken as /32 or /128).
 * A range with bits set right of its mask is refused with the range it probably meant, as
 * PostgreSQL's `cidr` refuses it.
 */
export function parseRange(text: string): ({ ok: true } & IpRange) | RangeProblem {
  const t = text.trim();
  const slash = t.indexOf('/');
  const addressText = slash < 0 ? t : t.slice(0, slash);
  const address = parseIp(addressText);
  if (!address) return { ok: false, reason: `"${t.slice(0, 60)}" is not an IPv4 or IPv6 address or range` };
  const max = address.family === 4 ? 32 : 128;
  const bitsText = slash < 0 ? String(max) : t.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max)
    return { ok: false, reason: `"${t.slice(0, 60)}" has a prefix length outside 0–${max}` };
  const bits = Number(bitsText);
  const network = maskTo(address.family, address.value, bits);
  const text2 = `${formatIp(address.family, network)}/${bits}`;
  if (network !== address.value)
    return {
      ok: false,
      reason: `"${t.slice(0, 60)}" has bits set right of the mask; did you mean ${text2}?`,
    };
  return { ok: true, family: address.family, network, bits, text: text2 };
}

/** True when `outer` holds `inner` (equal ranges hold each other). */
export function rangeHolds(outer: IpRange, inner: IpRange): boolean {
  return (
    outer.family === inner.family &&
    outer.bits <= inner.bits &&
    maskTo(inner.family, inner.network, outer.bits) === outer.network
  );
}
